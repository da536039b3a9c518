import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPullRequest, sampleScenario, SAMPLE_REPOSITORIES, startSimulator, submitReview } from '../../src/sim/index.js';
import { openStore } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { shownText } from '../helpers/shownText.js';
import type { Child } from '../helpers/childProcess.js';
import { startMain } from '../helpers/startMain.js';
import { freePort } from '../helpers/freePort.js';
import { startSlackSocketMode } from '../helpers/slackSocketMode.js';

// The real process (`dist/main.js`, as `npm start` runs it) with GITHUB_WEBHOOK_SECRET: POST /github/webhooks
// is served beside /slack/events in HTTP mode and on HEALTH_PORT in Socket Mode; a signed delivery of a
// review submitted on the simulator moves the swarm plan in the fake Slack, through the process's own
// worker and outbox (waited on as events, bounded).

const SECRET = 'a-webhook-secret-of-32-characters';
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function seededStore(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-webhooks-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'db.sqlite');
  const seed = await openStore(file);
  await ensureTeam(seed, 'C0TEAM', new Date());
  for (const repo of SAMPLE_REPOSITORIES) await watchRepo(seed, 'C0TEAM', repo, null, new Date());
  await linkPerson(seed, 'C0TEAM', 'U0ZED', 'zed', new Date()); // one reviewer for five waiting PRs: red
  await seed.destroy();
  return file;
}

function start(env: Record<string, string>): Child {
  const child = startMain({ GITHUB_TOKEN: 'ghp_testtoken', GITHUB_WEBHOOK_SECRET: SECRET, ...env });
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await child.exit;
  });
  return child;
}

const deliver = (base: string, event: string, id: string, payload: unknown, signed = true) => {
  const body = JSON.stringify(payload);
  return fetch(`${base}/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, ...(signed ? { 'x-hub-signature-256': sign(body) } : {}) },
    body,
  });
};

/** No POLL_CRON tick during a test: the only poll is the one POLL_AT_START runs at start. */
const NEVER = '0 0 1 1 *';

describe('GitHub webhooks in the real process', () => {
  it('HTTP mode: a review submitted on GitHub and its signed delivery move the swarm plan in Slack; unsigned is 401, a redelivery changes nothing', async () => {
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const port = await freePort();
    // The poll at start brings the first alert; the review then comes by webhook, and no poll follows
    // that could read it instead: only the delivery can move the plan.
    const child = start({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'test-secret', SLACK_API_URL: slack.url, PORT: String(port), GITHUB_API_URL: sim.url, DATABASE_URL: await seededStore(), POLL_CRON: NEVER, POLL_AT_START: 'true' });
    await child.waitFor('flowlight is running', 30_000);
    expect(child.output()).toContain('"githubWebhooks":"/github/webhooks"');
    const base = `http://127.0.0.1:${port}`;

    const alert = await slack.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0TEAM' && shownText(c.body as { blocks: unknown[] }).includes('Swarm plan'), 45_000);
    const line = /<@U0ZED> → <[^|]*\/([^/|]+\/[^/|]+)\/pull\/(\d+)\|/.exec(shownText(alert.body as { blocks: unknown[] }))!;
    const [repo, number] = [line[1]!, Number(line[2])];
    sim.update((s) => submitReview(findPullRequest(s, repo, number), { author: 'zed', state: 'APPROVED', at: new Date() }));
    const payload = { action: 'submitted', repository: { full_name: repo }, pull_request: { number }, review: { state: 'approved' } };

    expect((await deliver(base, 'pull_request_review', 'd-unsigned', payload, false)).status).toBe(401);
    const sentAt = Date.now();
    const accepted = await deliver(base, 'pull_request_review', 'd-1', payload);
    expect([accepted.status, await accepted.text()]).toEqual([202, 'accepted']);
    const redelivered = await deliver(base, 'pull_request_review', 'd-1', payload);
    expect([redelivered.status, await redelivered.text()]).toEqual([202, 'already received']);

    const planLine = new RegExp(`<@U0ZED> → <[^|]*/pull/${number}\\|`);
    const update = await slack.waitForCall((c) => c.method === 'chat.update' && c.body.channel === 'C0TEAM' && !planLine.test(shownText(c.body as { blocks: unknown[] })), 30_000);
    console.log(`delivery → swarm plan edited in Slack: ${update.at - sentAt} ms`);
    await child.waitFor('github webhook: deliveries processed');
    // One delivery processed, once: the unsigned one was refused, the redelivery not stored again.
    expect(child.output()).toContain('"delivery":"d-unsigned","signature":"missing","msg":"github webhook: refused a delivery');
    expect(child.output().match(/"msg":"github webhook: deliveries processed"/g)).toHaveLength(1);
    expect(child.output()).toContain('"processed":1,"read":1,"retained":0,"teams":["C0TEAM"]');

    child.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
  }, 90_000); // a start slower than the first tick waits for the second, 30 s later (the alert's wait allows 45 s)

  it('Socket Mode: POST /github/webhooks on HEALTH_PORT answers ping, refuses a bad signature', async () => {
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const socketMode = await startSlackSocketMode(slack);
    cleanups.push(() => socketMode.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const healthPort = await freePort();
    const child = start({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-1-A0001-test', SLACK_API_URL: slack.url, HEALTH_PORT: String(healthPort), GITHUB_API_URL: sim.url, DATABASE_URL: await seededStore() });
    await child.waitFor('flowlight is running', 30_000);
    expect(child.output()).toContain('"pollCron":"*/15 * * * *"');
    const base = `http://127.0.0.1:${healthPort}`;
    const ping = await deliver(base, 'ping', 'p-1', { zen: 'Design for failure.' });
    expect([ping.status, await ping.text()]).toEqual([200, 'pong']);
    expect((await deliver(base, 'ping', 'p-2', { zen: 'x' }, false)).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
  });
});
