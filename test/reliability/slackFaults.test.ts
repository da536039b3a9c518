import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryClient, startOutboxLoop, type OutboxLoop } from '../../src/jobs/outbox.js';
import { OUTBOX_METADATA_EVENT } from '../../src/jobs/outboxReconcile.js';
import { createLogger } from '../../src/logger.js';
import { enqueueMessage, updateKeyPrefix, type NewOutboxMessage } from '../../src/store/outbox.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';

// Slack faults through the persisted outbox to the fake Slack API, driven by the real outbox
// loop on a fixed clock. test/jobs/outbox.test.ts covers each error on one message; this table checks
// the promise across a mixed batch (channel posts, a DM, an in-place update): every message ends up
// in Slack exactly once or parked with a reason that says what to do, never lost, never posted twice,
// and nothing calls Slack before a Retry-After has passed.

const CHANNEL = 'C0TEAM';
const BOT_TOKEN = 'xoxb-reliability-bot-token-000000';
const ALERT = 'alert:C0TEAM:2026-11-23T10:00:00.000Z:green>red';

const body = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
const MESSAGES: NewOutboxMessage[] = [
  { teamId: CHANNEL, dedupeKey: ALERT, kind: 'alert', payload: { action: 'post', channel: CHANNEL, ...body('🔴 red, plan v1') } },
  { teamId: CHANNEL, dedupeKey: 'digest:C0TEAM:2026-11-23', kind: 'digest', payload: { action: 'post', channel: CHANNEL, ...body('digest') } },
  { teamId: CHANNEL, dedupeKey: 'gate:C0TEAM:U0ALICE:1', kind: 'gate_dm', payload: { action: 'dm', user: 'U0ALICE', ...body('your team is swarming') } },
  { teamId: CHANNEL, dedupeKey: `${updateKeyPrefix(ALERT)}1`, kind: 'swarm_update', payload: { action: 'update', targetKey: ALERT, ...body('🔴 red, plan v2') } },
  { teamId: CHANNEL, dedupeKey: 'notice:C0TEAM:1', kind: 'notice', payload: { action: 'post', channel: CHANNEL, ...body('<@U0BOB> changed a setting') } },
];

/** 'sent', or parked (waiting for its cause to clear) / dropped (never acceptable) with the reason expected */
type Final = 'sent' | { status: 'parked' | 'dropped'; reason: RegExp };

interface SlackFault {
  name: string;
  inject(slack: FakeSlack): void;
  /** the fake accepts only this token (a revoked bot token) */
  acceptedTokens?: string[];
  /** Slack posts, but its answer is lost on the way back */
  loseAnswers?: { method: string; times: number; as: 'http-503' | 'connection-drop' };
  /** expected end state per dedupe key */
  expect: Record<string, Final>;
  /** after the first call of `method` met a 429, no call at all until `seconds` passed */
  quiet?: { method: string; seconds: number };
}

const allSent = Object.fromEntries(MESSAGES.map((m) => [m.dedupeKey, 'sent' as Final]));
const parked = (reason: RegExp): Final => ({ status: 'parked', reason });
const parkedAll = (post: RegExp): Record<string, Final> => ({
  [ALERT]: parked(post), 'digest:C0TEAM:2026-11-23': parked(post), 'gate:C0TEAM:U0ALICE:1': parked(post),
  [`${updateKeyPrefix(ALERT)}1`]: parked(/^waiting for the message it updates/), 'notice:C0TEAM:1': parked(post),
});

const FAULTS: SlackFault[] = [
  { name: '429 with Retry-After 30 s', inject: (s) => s.fail('chat.postMessage', { status: 429, retryAfter: 30 }), expect: allSent, quiet: { method: 'chat.postMessage', seconds: 30 } },
  { name: '429 on chat.update with Retry-After 12 s', inject: (s) => s.fail('chat.update', { status: 429, retryAfter: 12 }), expect: allSent, quiet: { method: 'chat.update', seconds: 12 } },
  { name: '500 twice', inject: (s) => s.fail('chat.postMessage', { status: 500, times: 2 }), expect: allSent },
  { name: '502 on chat.update, then 503 on conversations.open', inject: (s) => { s.fail('chat.update', { status: 502 }); s.fail('conversations.open', { status: 503 }); }, expect: allSent },
  { name: '503 after Slack posted (the answer was lost)', inject: () => {}, loseAnswers: { method: 'chat.postMessage', times: 3, as: 'http-503' }, expect: allSent },
  { name: 'connection dropped after Slack posted', inject: () => {}, loseAnswers: { method: 'chat.postMessage', times: 2, as: 'connection-drop' }, expect: allSent },
  { name: 'invalid_auth: the bot token was revoked', inject: () => {}, acceptedTokens: ['xoxb-the-new-token'], expect: { ...parkedAll(/^invalid_auth: .*SLACK_BOT_TOKEN/), [`${updateKeyPrefix(ALERT)}1`]: parked(/^invalid_auth: /) } },
  {
    name: 'not_in_channel', inject: (s) => s.fail('chat.postMessage', { error: 'not_in_channel', times: Infinity }),
    expect: { ...parkedAll(/^not_in_channel: .*invite it with `\/invite @flowlight`/), 'gate:C0TEAM:U0ALICE:1': parked(/^not_in_channel/) },
  },
  {
    name: 'channel_not_found', inject: (s) => s.fail('chat.postMessage', { error: 'channel_not_found', times: Infinity }),
    expect: { ...parkedAll(/^channel_not_found: .*invite the bot/), 'gate:C0TEAM:U0ALICE:1': parked(/^channel_not_found/) },
  },
  {
    name: 'msg_too_long on the first message only',
    inject: (s) => s.fail('chat.postMessage', { error: 'msg_too_long' }),
    expect: { ...allSent, [ALERT]: { status: 'dropped', reason: /^msg_too_long: .*too long/ }, [`${updateKeyPrefix(ALERT)}1`]: { status: 'dropped', reason: /was dropped/ } },
  },
];

/** The Slack fault classes this file injects, for the README table. */
export const SLACK_FAULT_CLASSES = FAULTS.length;

describe('Slack faults through the outbox: retried or parked with a reason, never lost, never twice', () => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of cleanup.reverse()) await close();
    cleanup = [];
  });

  it.each(FAULTS.map((f) => [f.name, f] as const))('%s', async (_name, fault) => {
    let current = new Date('2026-11-23T10:00:00Z').getTime();
    const now = () => new Date(current);
    const store = await tempStore();
    const slack = await startFakeSlack({ clock: () => current, ...(fault.acceptedTokens ? { tokens: fault.acceptedTokens } : {}) });
    cleanup.push(store.cleanup, () => slack.close());
    const { db } = store;
    for (const message of MESSAGES) await enqueueMessage(db, message, now());

    let lost = fault.loseAnswers?.times ?? 0;
    const losing: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const response = await fetch(input, init);
      if (!fault.loseAnswers || lost <= 0 || !url.endsWith(`/${fault.loseAnswers.method}`)) return response;
      lost -= 1; // Slack did it; we never learn
      if (fault.loseAnswers.as === 'connection-drop') throw new TypeError('fetch failed: socket hang up');
      return new Response(JSON.stringify({ ok: false, error: 'service_unavailable' }), { status: 503, headers: { 'content-type': 'application/json' } });
    };
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const client = createDeliveryClient({ botToken: BOT_TOKEN, slackApiUrl: slack.url, fetch: losing });
    fault.inject(slack);

    // The real loop (start-up release, pause on rate limits), its timer replaced by explicit kicks.
    const loop: OutboxLoop = startOutboxLoop(db, client, { logger, now, setTimer: () => null, clearTimer: () => {} });
    cleanup.push(() => loop.stop());
    for (let step = 0; step < 60; step += 1) {
      await loop.kick();
      current += 3_000;
    }
    const hourLater = slack.calls.length;
    current += 3_600_000;
    await loop.kick();

    const rows = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
    const postedKeys = slack.messages.map((m) => (m.metadata as { event_type?: string; event_payload?: { key?: string } } | null))
      .filter((m) => m?.event_type === OUTBOX_METADATA_EVENT)
      .map((m) => m!.event_payload!.key!);

    // Never twice: no dedupe key appears twice in Slack, and the update edited its message at most once.
    expect(new Set(postedKeys).size).toBe(postedKeys.length);
    expect(slack.messages.every((m) => m.edits <= 1)).toBe(true);

    // Never lost: every message is sent (and in Slack exactly once) or parked with the reason expected.
    for (const row of rows) {
      const expected = fault.expect[row.dedupe_key];
      if (expected === 'sent') {
        expect(row.status, `${row.dedupe_key}: ${row.last_error}`).toBe('sent');
        if (row.kind === 'swarm_update') expect(slack.messages.find((m) => m.text === '🔴 red, plan v2')?.edits).toBe(1);
        else expect(postedKeys.filter((k) => k === row.dedupe_key)).toHaveLength(1);
      } else {
        expect(row.status, row.dedupe_key).toBe(expected!.status);
        expect(row.last_error).toMatch(expected!.reason);
        expect(postedKeys).not.toContain(row.dedupe_key);
      }
    }
    expect(rows.map((r) => r.status).filter((s) => s === 'pending' || s === 'sending')).toEqual([]);

    // A post whose answer was lost was found in the channel, not posted again.
    if (fault.loseAnswers) {
      expect(slack.callsTo('conversations.history').length).toBeGreaterThanOrEqual(fault.loseAnswers.times);
      expect(slack.callsTo('chat.postMessage')).toHaveLength(postedKeys.length);
    }

    // A parked message waits for its cause: an hour later the cause was checked (auth.test, or one
    // message tried per place), not every message posted again.
    const checks = slack.calls.slice(hourLater);
    expect(checks.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length).toBeLessThanOrEqual(2);

    // A Retry-After is honoured by the whole deliverer, not only by the message that met it.
    if (fault.quiet) {
      const limitedAt = slack.callsTo(fault.quiet.method)[0]!.at;
      const resumedAt = limitedAt + fault.quiet.seconds * 1000;
      expect(slack.calls.filter((c) => c.at > limitedAt && c.at < resumedAt)).toEqual([]);
      expect(slack.calls.some((c) => c.at >= resumedAt)).toBe(true);
    }
    // Every message Slack refused was logged with its reason; no token in any line.
    for (const row of rows.filter((r) => r.status === 'parked' && r.kind !== 'swarm_update')) {
      expect(lines.some((l) => l.includes('outbox: message parked') && l.includes(row.dedupe_key.replace(/"/g, '\\"')))).toBe(true);
    }
    for (const row of rows.filter((r) => r.status === 'dropped')) {
      expect(lines.some((l) => l.includes('outbox: message dropped') && l.includes(row.dedupe_key.replace(/"/g, '\\"')))).toBe(true);
    }
    expect(lines.join('\n')).not.toContain(BOT_TOKEN);
  });
});
