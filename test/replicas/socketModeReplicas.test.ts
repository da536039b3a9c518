import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { createLogger } from '../../src/logger.js';
import { recordReadSuccess } from '../../src/store/cursors.js';
import type { Db } from '../../src/store/open.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { pullRequest } from '../domain/builders.js';
import { fixedClock } from '../helpers/fixedClock.js';
import { startSlackSocketMode, type SlackSocketMode } from '../helpers/slackSocketMode.js';
import { tempStore } from '../helpers/tempStore.js';

// Two replicas of the Slack app on one database, both connected over Socket Mode: Slack spreads the
// envelopes over the open connections, so each replica receives some, acknowledges them on its own
// connection and answers them itself. Each keeps its own cached team view (as two processes do) and
// rebuilds it when the other replica changed what the view reads.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const CHANNEL = 'C0TEAM';
const clock = fixedClock('2026-11-25T10:00:00Z');

async function replica(db: Db, slack: FakeSlack): Promise<SlackApp> {
  const app = createSlackApp({
    config: { botToken: 'xoxb-test-token', appToken: 'xapp-1-test', apiUrl: slack.url, mode: 'socket', port: 0 },
    db,
    logger: createLogger('silent'),
    clock: clock.now,
    pollIntervalMs: 60_000,
    access: { admins: ['U0ALICE'], githubOwners: ['acme'], githubAuthKind: 'token' },
  });
  await app.start();
  cleanups.push(() => app.stop());
  return app;
}

let commands = 0;
function slashCommand(slack: FakeSlack, text: string, user = 'U0ALICE') {
  commands += 1;
  const responseId = `socket-${commands}`;
  return {
    responseId,
    payload: {
      token: 'x', team_id: 'T0001', team_domain: 'acme', channel_id: CHANNEL, channel_name: 'team', user_id: user,
      user_name: user.toLowerCase(), command: '/flow', text, api_app_id: 'A0001', response_url: slack.responseUrl(responseId), trigger_id: `t${commands}`,
    },
  };
}

describe('two replicas over Socket Mode', () => {
  let sockets: SlackSocketMode;

  async function twoReplicas() {
    const store = await tempStore();
    cleanups.push(store.cleanup);
    const slack = await startFakeSlack({ clock: clock.ms });
    cleanups.push(() => slack.close());
    sockets = await startSlackSocketMode(slack);
    cleanups.push(() => sockets.close());
    await replica(store.db, slack); // connection 1
    await sockets.waitForConnections(1);
    await replica(store.db, slack); // connection 2
    await sockets.waitForConnections(2);
    return { db: store.db, slack };
  }

  /** /flow TEXT, sent where Slack sends it next; resolves with the connection that got it and the reply. */
  async function flow(slack: FakeSlack, text: string, user?: string) {
    const command = slashCommand(slack, text, user);
    const sent = sockets.dispatch('slash_commands', command.payload);
    const ack = await sent.ack;
    const reply = await slack.waitForResponse((r) => r.id === command.responseId);
    return { connection: sent.connection, ack, text: JSON.stringify(reply.body) };
  }

  it('spreads commands over both connections; each replica acknowledges and answers what it received', async () => {
    const { db, slack } = await twoReplicas();
    const users = ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAN'];
    const answers = [];
    for (const [i, user] of users.entries()) answers.push(await flow(slack, `link dev${i}`, user));
    expect(answers.map((a) => a.connection)).toEqual([1, 2, 1, 2]);
    for (const answer of answers) expect(answer.text).toContain('You are linked to GitHub');
    for (const connection of sockets.connections()) expect(connection.received).toHaveLength(2);
    const linked = await db.selectFrom('people').select('slack_user_id').where('team_id', '=', CHANNEL).orderBy('slack_user_id').execute();
    expect(linked.map((p) => p.slack_user_id)).toEqual(['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAN']);
  });

  it('refreshes each replica\'s cached team view when the other one changed what it reads', async () => {
    const { db, slack } = await twoReplicas();
    const t0 = clock.now();
    await ensureTeam(db, CHANNEL, t0);
    await watchRepo(db, CHANNEL, 'acme/api', null, t0);
    await recordReadSuccess(db, 'acme/api', null, t0);
    await savePullRequests(db, [pullRequest({ number: 1, repo: 'acme/api', author: 'someone' })], t0);

    const onA = await flow(slack, 'status');
    const onB = await flow(slack, 'status');
    expect([onA.connection, onB.connection]).toEqual([1, 2]);
    expect(onB.text).toContain('nobody linked');

    // A links a reviewer; B, which cached its view a moment ago, sees the change at once.
    const link = await flow(slack, 'link octocat', 'U0ZED');
    expect(link.connection).toBe(1);
    const after = await flow(slack, 'status');
    expect(after.connection).toBe(2);
    expect(after.text).not.toContain('nobody linked');
  });
});
