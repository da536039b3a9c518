import { afterEach, describe, expect, it } from 'vitest';
import { startSlackStandIn, type SlackStandIn } from '../../src/demo/slackStandIn.js';
import type { TranscriptEvent } from '../../src/demo/transcript.js';
import { createDeliveryClient } from '../../src/jobs/outbox.js';

// The demo's Slack stand-in, spoken to by the same WebClient the outbox uses, over loopback.

const at = new Date('2026-12-01T09:40:00Z');
let standIn: SlackStandIn | null = null;

afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

async function start(): Promise<{ standIn: SlackStandIn; events: TranscriptEvent[] }> {
  const events: TranscriptEvent[] = [];
  standIn = await startSlackStandIn({ clock: () => at, onEvent: (e) => events.push(e) });
  return { standIn, events };
}

describe('the Slack stand-in', () => {
  it('answers auth.test, and reports posts, edits and DMs with the blocks the client sent', async () => {
    const { standIn, events } = await start();
    const client = createDeliveryClient({ botToken: 'xoxb-demo', slackApiUrl: standIn.url });
    expect((await client.auth.test()).ok).toBe(true);

    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'plan v1' } }];
    const posted = await client.chat.postMessage({ channel: 'C0TEAM', text: 'v1', blocks });
    await client.chat.update({ channel: 'C0TEAM', ts: posted.ts!, text: 'v2', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'plan v2' } }] });
    const dm = await client.conversations.open({ users: 'U0FINN' });
    await client.chat.postMessage({ channel: dm.channel!.id!, text: 'swarming' });

    expect(events.map((e) => e.kind === 'message' && [e.channel, e.text, e.updateOf?.text ?? null])).toEqual([
      ['C0TEAM', 'v1', null],
      ['C0TEAM', 'v2', 'v1'],
      [dm.channel!.id, 'swarming', null],
    ]);
    expect(standIn.dmUsers.get(dm.channel!.id!)).toBe('U0FINN');
    expect(standIn.channelMessages('C0TEAM')).toEqual([{ text: 'v2', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'plan v2' } }] }]);
    expect(standIn.stats()).toEqual({ channelPosts: 1, updates: 1, directMessages: 1, ephemeralReplies: 0 });
  });

  it('keeps message metadata for the outbox to find an interrupted post in the history', async () => {
    const { standIn } = await start();
    const client = createDeliveryClient({ botToken: 'xoxb-demo', slackApiUrl: standIn.url });
    const metadata = { event_type: 'flowlight_outbox', event_payload: { key: 'alert:1' } };
    const posted = await client.chat.postMessage({ channel: 'C0TEAM', text: 'x', metadata });
    // Like Slack: posting needs no membership (chat:write.public), reading the history does.
    await expect(client.conversations.history({ channel: 'C0TEAM', include_all_metadata: true })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    expect(await client.conversations.join({ channel: 'C0TEAM' })).toMatchObject({ ok: true });
    expect(await client.conversations.join({ channel: 'C0TEAM' })).toMatchObject({ ok: true, warning: 'already_in_channel' });
    const history = await client.conversations.history({ channel: 'C0TEAM', include_all_metadata: true });
    expect(history.messages?.[0]).toMatchObject({ ts: posted.ts, metadata });
  });

  it('shows replies to response URLs unless the request was quiet, and hands every reply back', async () => {
    const { standIn, events } = await start();
    const shown = standIn.responseUrl({ user: 'U0ANA', channel: 'C0TEAM', quiet: false });
    const quiet = standIn.responseUrl({ user: 'U0BEA', channel: 'C0TEAM', quiet: true });
    for (const { url } of [shown, quiet]) {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', replace_original: true, text: 'hi' }) });
    }
    expect((await standIn.waitForReply(quiet.id)).text).toBe('hi');
    expect((await standIn.waitForReply(shown.id)).text).toBe('hi');
    expect(events).toEqual([{ kind: 'ephemeral', at, channel: 'C0TEAM', user: 'U0ANA', text: 'hi', blocks: [], replacesPrevious: true }]);
  });

  it('refuses a method it does not speak, and says which', async () => {
    const unknown: string[] = [];
    standIn = await startSlackStandIn({ clock: () => at, onEvent: () => {}, onUnknownMethod: (m) => unknown.push(m) });
    const client = createDeliveryClient({ botToken: 'xoxb-demo', slackApiUrl: standIn.url });
    await expect(client.reactions.add({ channel: 'C0TEAM', timestamp: '1.2', name: 'eyes' })).rejects.toThrow(/unknown_method/);
    expect(unknown).toEqual(['reactions.add']);
  });
});
