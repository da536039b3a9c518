import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/slack/app.js';
import { silentLogger } from '../../src/logger.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';

// Starting the app: a bad or missing token is a message naming the variable and the fix, at once
// (auth.test is tried once, never retried for minutes).

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setUp(): Promise<{ slack: FakeSlack; db: Awaited<ReturnType<typeof tempStore>>['db'] }> {
  const store = await tempStore();
  cleanups.push(store.cleanup);
  const slack = await startFakeSlack({ tokens: ['xoxb-good'] });
  cleanups.push(() => slack.close());
  return { slack, db: store.db };
}

const base = { logger: silentLogger, clock: () => new Date('2026-11-25T10:00:00Z'), pollIntervalMs: 60_000 };

describe('starting the Slack app', () => {
  it('refuses a token Slack rejects, naming SLACK_BOT_TOKEN, after a single auth.test', async () => {
    const { slack, db } = await setUp();
    const app = createSlackApp({ ...base, db, config: { botToken: 'xoxb-revoked', signingSecret: 's', apiUrl: slack.url, mode: 'http', port: 0 } });
    await expect(app.start()).rejects.toThrow(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(slack.callsTo('auth.test')).toHaveLength(1);
  });

  it('says Slack could not be reached when auth.test fails with 503', async () => {
    const { slack, db } = await setUp();
    slack.fail('auth.test', { status: 503 });
    const app = createSlackApp({ ...base, db, config: { botToken: 'xoxb-good', signingSecret: 's', apiUrl: slack.url, mode: 'http', port: 0 } });
    await expect(app.start()).rejects.toThrow(/Could not reach Slack at SLACK_API_URL/);
  });

  it('needs a bot token', async () => {
    const { slack, db } = await setUp();
    expect(() => createSlackApp({ ...base, db, config: { signingSecret: 's', apiUrl: slack.url, mode: 'http', port: 0 } })).toThrow(/SLACK_BOT_TOKEN is not set.*npm run demo/);
  });

  it('needs an app token or a signing secret', async () => {
    const { slack, db } = await setUp();
    expect(() => createSlackApp({ ...base, db, config: { botToken: 'xoxb-good', apiUrl: slack.url, mode: 'none', port: 0 } })).toThrow(/SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/);
  });

  it('starts and stops cleanly in HTTP mode, stopping twice is harmless', async () => {
    const { slack, db } = await setUp();
    const app = createSlackApp({ ...base, db, config: { botToken: 'xoxb-good', signingSecret: 's', apiUrl: slack.url, mode: 'http', port: 0 } });
    const { port } = await app.start();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await app.stop();
    await app.stop();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
