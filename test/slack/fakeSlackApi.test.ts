import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';

// The fake Slack API is what every Slack test trusts, so it gets tests of its own, through the real WebClient.

const { WebClient } = webApi;
type WebClient = InstanceType<typeof webApi.WebClient>;

let slack: FakeSlack;
let client: WebClient;

beforeEach(async () => {
  slack = await startFakeSlack();
  client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await slack.close();
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('fake Slack API', () => {
  it('records form-encoded WebClient calls and keeps a transcript that chat.update edits in place', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hello', blocks: [section('hello')] });
    await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'edited', blocks: [section('edited')] });

    expect(slack.callsTo('chat.postMessage')[0]?.body.blocks).toEqual([section('hello')]);
    expect(slack.callsTo('chat.postMessage')[0]?.token).toBe('xoxb-test');
    expect(slack.transcript('C1')).toHaveLength(1);
    expect(slack.transcript('C1')[0]).toMatchObject({ text: 'edited', edits: 1, blocks: [section('edited')] });
  });

  it('treats channels as Slack does: posts anywhere public (chat:write.public), history only where the bot is a member', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'posted without joining' });
    await expect(client.conversations.history({ channel: 'C1' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    expect(await client.conversations.join({ channel: 'C1' })).toMatchObject({ ok: true, channel: { id: 'C1', is_member: true } });
    expect(await client.conversations.join({ channel: 'C1' })).toMatchObject({ ok: true, warning: 'already_in_channel' });
    expect((await client.conversations.history({ channel: 'C1' })).messages).toHaveLength(1);

    // A private channel the bot is not in does not exist for it; once invited it does.
    await expect(client.chat.postMessage({ channel: 'G1', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.conversations.join({ channel: 'G1' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    slack.invite('G1');
    await expect(client.conversations.join({ channel: 'G1' })).rejects.toMatchObject({ data: { error: 'method_not_supported_for_channel_type' } });
    expect((await client.conversations.history({ channel: 'G1' })).ok).toBe(true);

    // A DM with the bot is always readable; an archived channel refuses posts and joins.
    expect((await client.conversations.history({ channel: 'DU1' })).ok).toBe(true);
    slack.channel('C2').archived = true;
    await expect(client.chat.postMessage({ channel: 'C2', text: 'x' })).rejects.toMatchObject({ data: { error: 'is_archived' } });
    await expect(client.conversations.join({ channel: 'C2' })).rejects.toMatchObject({ data: { error: 'is_archived' } });
  });

  it('without chat:write.public, refuses a post in a public channel the bot is not in with not_in_channel', async () => {
    const strict = await startFakeSlack({ chatWritePublic: false, channels: { C9: { botIsMember: true } } });
    try {
      const strictClient = new WebClient('xoxb-test', { slackApiUrl: strict.url, retryConfig: { retries: 0 } });
      await expect(strictClient.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
      expect((await strictClient.chat.postMessage({ channel: 'C9', text: 'x' })).ok).toBe(true);
      strict.invite('C1');
      expect((await strictClient.chat.postMessage({ channel: 'C1', text: 'x' })).ok).toBe(true);
    } finally {
      await strict.close();
    }
  });

  it('answers auth.test, conversations.open, users.info and postEphemeral', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'UBOT', team_id: 'T0001' });
    expect(await client.conversations.open({ users: 'U1' })).toMatchObject({ ok: true, channel: { id: 'DU1' } });
    expect(await client.users.info({ user: 'U1' })).toMatchObject({ ok: true, user: { id: 'U1' } });
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'just you' });
    expect(slack.ephemerals).toMatchObject([{ channel: 'C1', user: 'U1', text: 'just you' }]);
  });

  it.each([
    ['51 blocks', { text: 'x', blocks: Array.from({ length: 51 }, () => section('x')) }],
    ['a 3001-character section', { text: 'x', blocks: [section('x'.repeat(3001))] }],
    ['a 151-character header', { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }],
    ['no text fallback', { blocks: [section('x')] }],
  ])('rejects %s with invalid_blocks and records why', async (_name, message) => {
    await expect(client.chat.postMessage({ channel: 'C1', ...message } as never)).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(slack.rejections).toHaveLength(1);
    expect(slack.rejections[0]?.reasons.length).toBeGreaterThan(0);
    expect(slack.messages).toHaveLength(0);
  });

  it('fails a method the number of times asked, with Slack errors or HTTP statuses', async () => {
    slack.fail('chat.postMessage', { error: 'not_in_channel' });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'a' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'b' })).resolves.toMatchObject({ ok: true });

    slack.fail('chat.postMessage', { status: 429, retryAfter: 7, times: 2 });
    const raw = await fetch(`${slack.url}chat.postMessage`, { method: 'POST', headers: { authorization: 'Bearer xoxb-test' } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    const limited = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    await expect(limited.chat.postMessage({ channel: 'C1', text: 'c' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'd' })).resolves.toMatchObject({ ok: true });

    slack.fail('chat.update', { status: 503 });
    const down = await fetch(`${slack.url}chat.update`, { method: 'POST' });
    expect(down.status).toBe(503);
  });

  it('serves response URLs, records the posts and rejects oversize replies', async () => {
    const url = slack.responseUrl('cmd-1');
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi', response_type: 'ephemeral' }) });
    expect(ok.status).toBe(200);
    expect(await slack.waitForResponse((r) => r.id === 'cmd-1')).toMatchObject({ body: { text: 'hi' } });

    const tooBig = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x', blocks: Array.from({ length: 60 }, () => section('x')) }) });
    expect(tooBig.status).toBe(400);
    expect(slack.rejections[0]?.method).toBe('response_url');
  });

  it('wakes a waiter when the call it waits for arrives', async () => {
    const waiting = slack.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'C9');
    await client.chat.postMessage({ channel: 'C9', text: 'later' });
    await expect(waiting).resolves.toMatchObject({ body: { text: 'later' } });
  });

  it('answers apps.connections.open with the Socket Mode URL for app tokens only', async () => {
    slack.socketModeUrl = 'ws://127.0.0.1:9/socket';
    const app = new WebClient('xapp-1-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    await expect(app.apps.connections.open()).resolves.toMatchObject({ ok: true, url: 'ws://127.0.0.1:9/socket' });
    await expect(client.apps.connections.open()).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
  });
});
