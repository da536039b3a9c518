import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack, type FakeSlackEvent } from '../../src/sim/slack/fakeSlack.js';

// The one fake Slack serves the demo, the benchmarks and the tests. Every Web API method flowlight
// calls is listed here and must be answered, so a merge that drops one fails this test rather
// than a distant test that happens to need it.

const { WebClient } = webApi;

const SPOKEN: ReadonlyArray<[method: string, args: Record<string, unknown>]> = [
  ['api.test', {}],
  ['auth.test', {}],
  ['chat.postMessage', { channel: 'C1', text: 'hello' }],
  ['chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'only you' }],
  ['conversations.join', { channel: 'C1' }],
  ['conversations.history', { channel: 'D1' }], // a DM: the bot is in it
  ['conversations.info', { channel: 'C1' }],
  ['conversations.open', { users: 'U1' }],
  ['users.info', { user: 'U1' }],
  ['views.publish', { user_id: 'U1', view: { type: 'home', blocks: [] } }],
];

let slack: FakeSlack | null = null;
afterEach(async () => {
  await slack?.close();
  slack = null;
});

describe('the shared fake Slack', () => {
  it.each(SPOKEN)('answers %s', async (method, args) => {
    slack = await startFakeSlack();
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    expect(await client.apiCall(method, args)).toMatchObject({ ok: true });
  });

  it('answers apps.connections.open and chat.update too (they need an app token and a posted message)', async () => {
    slack = await startFakeSlack({ socketModeUrl: 'ws://127.0.0.1:1/' });
    const app = new WebClient('xapp-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    expect(await app.apiCall('apps.connections.open', {})).toMatchObject({ ok: true, url: 'ws://127.0.0.1:1/' });
    const bot = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const posted = await bot.chat.postMessage({ channel: 'C1', text: 'v1' });
    expect(await bot.chat.update({ channel: 'C1', ts: posted.ts!, text: 'v2' })).toMatchObject({ ok: true, text: 'v2' });
  });

  it('tells its observer of posts, edits (with what they replaced), ephemerals, replies and unknown methods', async () => {
    const events: FakeSlackEvent[] = [];
    const unknown: string[] = [];
    slack = await startFakeSlack({ clock: () => 1_000, onEvent: (e) => events.push(e), onUnknownMethod: (m) => unknown.push(m) });
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'v1' });
    await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'v2' });
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' });
    await fetch(slack.responseUrl('r1'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'done' }) });
    await expect(client.apiCall('reactions.add', { channel: 'C1', timestamp: posted.ts, name: 'eyes' })).rejects.toThrow(/unknown_method/);

    expect(events.map((e) => e.kind)).toEqual(['posted', 'updated', 'ephemeral', 'response']);
    expect(events[1]).toMatchObject({ kind: 'updated', message: { text: 'v2' }, previous: { text: 'v1' } });
    expect(events[3]).toMatchObject({ kind: 'response', response: { id: 'r1', body: { text: 'done' } } });
    expect(unknown).toEqual(['reactions.add']);
  });

  it('remembers whom a DM talks to, and conversations.info says so', async () => {
    slack = await startFakeSlack();
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const dm = await client.conversations.open({ users: 'U0FINN' });
    expect(slack.dmUsers.get(dm.channel!.id!)).toBe('U0FINN');
    expect(await client.conversations.info({ channel: dm.channel!.id! })).toMatchObject({ channel: { is_im: true, user: 'U0FINN' } });
  });
});
