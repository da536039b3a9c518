import { createHmac } from 'node:crypto';
import os from 'node:os';
import { afterEach, describe, expect, inject, it, onTestFailed } from 'vitest';
import { findPullRequest, sampleScenario, SAMPLE_REPOSITORIES, startSimulator, submitReview } from '../../src/sim/index.js';
import { startFakeSlack, type FakeSlack, type FakeSlackMessage } from '../../src/sim/slack/fakeSlack.js';
import { signSlackRequest } from '../../src/slack/receiver/verifySignature.js';
import { openStore, type Db } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { BUILT_MAIN, startChild, type Child } from '../helpers/childProcess.js';
import { freePort } from '../helpers/freePort.js';
import { shownText } from '../helpers/shownText.js';
import { startSlackSocketMode } from '../helpers/slackSocketMode.js';
import { freshPostgresDatabase } from '../helpers/tempStore.js';

// Several `npm start` replicas (the real dist/main.js) on one PostgreSQL database, with the GitHub
// simulator and the fake Slack on loopback. Each replica gets its own bot token (the same app's token
// in real life) so the fake Slack can tell who called it: every message comes from the leader.
// Skipped, and counted as skipped, where PostgreSQL's server binaries are missing.

const SIGNING_SECRET = 'replicas-signing-secret-0123456789';
const WEBHOOK_SECRET = 'a-webhook-secret-of-32-characters';
const START_TIMEOUT_MS = 40_000;
const noPostgres = !inject('postgresAdminUrl');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Replica {
  name: string;
  token: string;
  port: number;
  child: Child;
}

async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const token = `xoxb-replica-${name}`;
  const child = startChild([BUILT_MAIN], {
    env: {
      PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'info',
      // HTTP mode serves Slack and the probes on PORT; Socket Mode (SLACK_APP_TOKEN in env) the probes on HEALTH_PORT.
      SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(port), HEALTH_PORT: String(port),
      GITHUB_TOKEN: 'ghp_replicasTestToken0000000000000000000000', GITHUB_OWNERS: 'flowlight-demo', FLOWLIGHT_ADMINS: 'U0ALICE',
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...env,
    },
  });
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await child.exit;
  });
  onTestFailed(() => console.log(`--- replica ${name} said:\n${child.output().slice(-6_000)}`));
  await child.waitFor('flowlight is running', START_TIMEOUT_MS);
  return { name, token, port, child };
}

let commands = 0;
async function flow(replica: Replica, slack: FakeSlack, text: string, user: string): Promise<string> {
  commands += 1;
  const responseId = `replica-${commands}`;
  const body = new URLSearchParams({
    token: 'deprecated', team_id: 'T0001', team_domain: 'acme', channel_id: 'C0TEAM', channel_name: 'team', user_id: user, user_name: user.toLowerCase(),
    command: '/flow', text, api_app_id: 'A0001', response_url: slack.responseUrl(responseId), trigger_id: `trigger-${commands}`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${replica.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body) },
    body,
  });
  expect(res.status).toBe(200);
  const reply = await slack.waitForResponse((r) => r.id === responseId, 15_000);
  return JSON.stringify(reply.body);
}

function deliverWebhook(replica: Replica, event: string, id: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`http://127.0.0.1:${replica.port}/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, 'x-hub-signature-256': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}` },
    body,
  });
}

const outboxKey = (message: FakeSlackMessage) => (message.metadata?.event_payload as { key?: string } | undefined)?.key ?? null;

/** Every message in Slack, by outbox key: each key must appear once. */
function postsByKey(slack: FakeSlack): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of slack.messages) {
    const key = outboxKey(message);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function until<T>(ask: () => Promise<T>, wanted: (answer: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask();
    if (wanted(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(answer)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Polls the replica's /metrics says finished successfully. */
async function pollsOf(replica: Replica): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${replica.port}/metrics`)).text();
  return Number(/flowlight_poll_duration_seconds_count\{outcome="succeeded"\} (\d+)/.exec(text)?.[1] ?? 0);
}

async function openDatabase(): Promise<{ url: string; db: Db }> {
  const { databaseUrl, drop } = await freshPostgresDatabase();
  cleanups.push(drop);
  const db = await openStore(databaseUrl);
  cleanups.push(() => db.destroy());
  return { url: databaseUrl, db };
}

describe('replicas on one PostgreSQL database (the real process)', () => {
  it.skipIf(noPostgres)('two replicas: /flow watch and /flow link through either, exactly one alert per transition, and a webhook stored by the follower reaches the leader', async () => {
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const { url, db } = await openDatabase();
    // A poll every 5 s: the red alert and the later poll that must say nothing new come without a long wait.
    const env = { SLACK_API_URL: slack.url, GITHUB_API_URL: sim.url, DATABASE_URL: url, POLL_CRON: '*/5 * * * * *' };

    const a = await startReplica('a', env);
    await a.child.waitFor('this replica leads', START_TIMEOUT_MS);
    const b = await startReplica('b', env);

    // Commands through either replica: B (a follower) watches one repository, A the other; zed links through B.
    // (The simulator's repositories are private: an admin allows them in this channel first.)
    const refused = /:x:|:lock:|:warning:/;
    expect(await flow(a, slack, 'set private_repos allow', 'U0ALICE')).not.toMatch(refused);
    for (const [replica, repo] of [[b, SAMPLE_REPOSITORIES[0]], [a, SAMPLE_REPOSITORIES[1]]] as const) {
      const reply = await flow(replica, slack, `watch ${repo}`, 'U0ALICE');
      expect(reply).toContain(repo);
      expect(reply).not.toMatch(refused);
    }
    expect(await flow(b, slack, 'link zed', 'U0ZED')).toContain('You are linked to GitHub `zed`');

    onTestFailed(() => console.log('Slack calls:', JSON.stringify(slack.calls.map((c) => [c.method, c.body.channel, c.token]))));
    // The leader's poll turns the team red (one reviewer, five waiting PRs): one red alert with its swarm plan.
    const alert = await slack.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0TEAM' && shownText(c.body as { blocks: unknown[] }).includes('Swarm plan'), 45_000);
    expect(alert.token).toBe(a.token);

    // A review lands on GitHub; its webhook is delivered to the follower, which stores it; the leader's worker reads it.
    const line = /<@U0ZED> → <[^|]*\/([^/|]+\/[^/|]+)\/pull\/(\d+)\|/.exec(shownText(alert.body as { blocks: unknown[] }))!;
    const [repo, number] = [line[1]!, Number(line[2])];
    sim.update((s) => submitReview(findPullRequest(s, repo, number), { author: 'zed', state: 'APPROVED', at: new Date() }));
    const sentAt = Date.now();
    const accepted = await deliverWebhook(b, 'pull_request_review', 'd-replica-1', { action: 'submitted', repository: { full_name: repo }, pull_request: { number }, review: { state: 'approved' } });
    expect([accepted.status, await accepted.text()]).toEqual([202, 'accepted']);
    const planLine = new RegExp(`<@U0ZED> → <[^|]*/pull/${number}\\|`);
    const update = await slack.waitForCall((c) => c.method === 'chat.update' && c.body.channel === 'C0TEAM' && !planLine.test(shownText(c.body as { blocks: unknown[] })), 30_000);
    console.log(`webhook delivered to the follower → swarm plan edited in Slack by the leader: ${update.at - sentAt} ms`);
    expect(update.token).toBe(a.token);
    await a.child.waitFor('"processed":1,"read":1,"retained":0,"teams":["C0TEAM"]');
    expect(b.child.output()).not.toContain('github webhook: deliveries processed');

    // Another poll later: nothing new to say, nothing said twice; one alert per change of light.
    const polls = await pollsOf(a);
    await until(() => pollsOf(a), (n) => n > polls, 30_000, 'another poll by the leader');
    const counts = postsByKey(slack);
    const alerts = [...counts.keys()].filter((key) => key.startsWith('alert:C0TEAM:'));
    const lightChanges = await db.selectFrom('light_changes').select(['from_light', 'to_light']).where('team_id', '=', 'C0TEAM').execute();
    expect(lightChanges.length).toBeGreaterThanOrEqual(1); // two, when a poll read one repository before the other was watched
    expect(alerts.map((key) => key.split(':').at(-1)).sort()).toEqual(lightChanges.map((c) => `${c.from_light}>${c.to_light}`).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').every((c) => c.token === a.token)).toBe(true);
    expect(b.child.output()).not.toContain('light changed');
    expect(b.child.output()).not.toContain('this replica leads');

    // /healthz on each names the leader; /metrics says who leads.
    const healthOf = async (r: Replica) => JSON.stringify(await (await fetch(`http://127.0.0.1:${r.port}/healthz`)).json());
    expect(await healthOf(a)).toContain('this replica leads');
    expect(await healthOf(b)).toContain(`this replica follows ${a.child.output().match(/"holder":"([^"]+)"/)?.[1] ?? ''}`);
    const leaderGauge = async (r: Replica) => /\nflowlight_leader (\d)/.exec(await (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text())?.[1];
    expect([await leaderGauge(a), await leaderGauge(b)]).toEqual(['1', '0']);

    for (const r of [b, a]) {
      r.child.kill('SIGTERM');
      expect(await r.child.exit).toEqual({ code: 0, signal: null });
    }
  }, 180_000);

  it.skipIf(noPostgres)('Socket Mode: each replica opens its own connection, Slack spreads commands over both, and each replica answers what it receives', async () => {
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sockets = await startSlackSocketMode(slack);
    cleanups.push(() => sockets.close());
    const { url, db } = await openDatabase();
    const env = { SLACK_APP_TOKEN: 'xapp-1-A0001-test', SLACK_API_URL: slack.url, GITHUB_API_URL: 'http://127.0.0.1:9', DATABASE_URL: url, POLL_CRON: '0 0 1 1 *' };
    const a = await startReplica('a', env);
    await sockets.waitForConnections(1);
    const b = await startReplica('b', env);
    await sockets.waitForConnections(2);

    const users = ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAN'];
    const answered = [];
    for (const [i, user] of users.entries()) {
      commands += 1;
      const responseId = `socket-replica-${commands}`;
      const sent = sockets.dispatch('slash_commands', {
        token: 'x', team_id: 'T0001', team_domain: 'acme', channel_id: 'C0TEAM', channel_name: 'team', user_id: user, user_name: user.toLowerCase(),
        command: '/flow', text: `link dev${i}`, api_app_id: 'A0001', response_url: slack.responseUrl(responseId), trigger_id: `t${commands}`,
      });
      expect(await sent.ack).toMatchObject({ envelope_id: sent.envelopeId });
      const reply = await slack.waitForResponse((r) => r.id === responseId, 15_000);
      answered.push({ connection: sent.connection, text: JSON.stringify(reply.body) });
    }
    expect(answered.map((x) => x.connection)).toEqual([1, 2, 1, 2]);
    for (const { text } of answered) expect(text).toContain('You are linked to GitHub');
    const linked = await db.selectFrom('people').select('slack_user_id').where('team_id', '=', 'C0TEAM').orderBy('slack_user_id').execute();
    expect(linked.map((p) => p.slack_user_id)).toEqual([...users].sort());
    // Each process answered on its own connection: the one that lost it stops answering, the other goes on.
    a.child.kill('SIGTERM');
    expect(await a.child.exit).toEqual({ code: 0, signal: null });
    await until(async () => sockets.connections().length, (n) => n === 1, 10_000, 'one connection left');
    const last = sockets.dispatch('slash_commands', {
      token: 'x', team_id: 'T0001', team_domain: 'acme', channel_id: 'C0TEAM', channel_name: 'team', user_id: 'U0ERIN', user_name: 'erin',
      command: '/flow', text: 'link erin', api_app_id: 'A0001', response_url: slack.responseUrl('socket-replica-last'), trigger_id: 't-last',
    });
    expect(last.connection).toBe(2);
    await last.ack;
    expect(JSON.stringify((await slack.waitForResponse((r) => r.id === 'socket-replica-last', 15_000)).body)).toContain('You are linked to GitHub `erin`');
    b.child.kill('SIGTERM');
    expect(await b.child.exit).toEqual({ code: 0, signal: null });
  }, 120_000);

  it.skipIf(noPostgres)('kill -9 of the leader in the middle of delivery: the other takes over and every message is in Slack exactly once', async () => {
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const { url, db } = await openDatabase();
    // Four teams, each with one reviewer for five waiting PRs: four red alerts and their gate DMs to deliver.
    const teams = ['C0TEAM1', 'C0TEAM2', 'C0TEAM3', 'C0TEAM4'];
    for (const team of teams) {
      await ensureTeam(db, team, new Date());
      for (const repo of SAMPLE_REPOSITORIES) await watchRepo(db, team, repo, null, new Date());
      await linkPerson(db, team, 'U0ZED', 'zed', new Date());
    }
    // A slow Slack: each post takes a second, so the messages are still being delivered when the leader dies.
    slack.latencyMs['chat.postMessage'] = 1_000;
    // Short leases, in the order config.ts insists on (renewal at most half the leader's lease; the attempt lease longer
    // than the Slack timeout), so the takeover and the look for the post A left in flight come in seconds; the defaults
    // (20 s, 5 s, 30 s, 40 s) differ only in how long each step waits.
    const leases = { LEADER_LEASE_MS: '5000', LEADER_RENEW_MS: '1000', SLACK_TIMEOUT_MS: '4000', REPLICA_ATTEMPT_LEASE_MS: '6000' };
    const env = { SLACK_API_URL: slack.url, GITHUB_API_URL: sim.url, DATABASE_URL: url, POLL_CRON: '*/5 * * * * *', ...leases };

    const a = await startReplica('a', env);
    await a.child.waitFor('this replica leads', START_TIMEOUT_MS);
    const b = await startReplica('b', env);
    await slack.waitForCall((c) => c.method === 'chat.postMessage' && c.token === a.token, 45_000);
    // A's next post reaches Slack and stalls there; A dies while waiting for the answer, and Slack then posts it.
    const held = slack.holdNext('chat.postMessage');
    await held.arrived;
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await a.child.exit).toEqual({ code: null, signal: 'SIGKILL' });
    held.release();
    await until(async () => slack.messages.length, (n) => n >= 2, 10_000, 'the stalled post landing');
    const postedByA = slack.messages.length;

    await b.child.waitFor('this replica leads', 30_000);
    const takeoverMs = Date.now() - killedAt;
    console.log(`kill -9 of the leader → the other replica leads after ${(takeoverMs / 1000).toFixed(1)} s (lease ${leases.LEADER_LEASE_MS} ms, asked for every ${leases.LEADER_RENEW_MS} ms)`);

    // B delivers the rest, and the attempt A left in flight is looked for (found or posted) once its lease is over.
    const undelivered = () => db.selectFrom('outbox').select(['dedupe_key', 'status']).where('status', '!=', 'sent').execute();
    await until(undelivered, (rows) => rows.length === 0, 90_000, 'every outbox message sent');
    const sent = await db.selectFrom('outbox').select(['dedupe_key']).where('status', '=', 'sent').execute();
    const counts = postsByKey(slack);
    expect(teams.every((team) => [...counts.keys()].some((key) => key.startsWith(`alert:${team}:`)))).toBe(true);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const posted = sent.map((row) => row.dedupe_key).filter((key) => !key.includes('#update:'));
    expect(posted.every((key) => counts.get(key) === 1)).toBe(true);
    // The post A left in flight was looked for in the channel by its successor and found, not posted again.
    expect(slack.calls.some((c) => c.method === 'conversations.history' && c.token === b.token)).toBe(true);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(slack.messages.length);
    console.log(`delivered: ${postedByA} message(s) by the killed leader, ${slack.messages.length - postedByA} by its successor; ${slack.callsTo('chat.postMessage').length} chat.postMessage calls for ${slack.messages.length} messages`);
    b.child.kill('SIGTERM');
    expect(await b.child.exit).toEqual({ code: 0, signal: null });
  }, 240_000);
});
