import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryClient, startOutboxLoop, type OutboxLoop } from '../../src/jobs/outbox.js';
import { OUTBOX_METADATA_EVENT } from '../../src/jobs/outboxReconcile.js';
import { createLogger } from '../../src/logger.js';
import { enqueueMessage, findMessage, updateKeyPrefix, type NewOutboxMessage } from '../../src/store/outbox.js';
import type { Db } from '../../src/store/open.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';

// "Nothing lost" on the Slack side, through the real outbox loop, the fake Slack API over loopback and
// a real SQLite file, on a fixed clock: a long outage never parks; a parked message goes out once its
// cause clears (the token works again, the bot is invited); a history lookup that fails for a while
// is retried, never skipped, so nothing is posted twice; what is too old is dropped, and the log says what.
// The Bolt side (the bot invited, /flow watch joining, /flow status) is in slackBacklogApp.test.ts.

const CHANNEL = 'C0TEAM';
const START = new Date('2026-11-23T10:00:00Z').getTime();
const ALERT = 'alert:C0TEAM:2026-11-23T10:00:00.000Z:green>red';

const body = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
const MESSAGES: NewOutboxMessage[] = [
  { teamId: CHANNEL, dedupeKey: ALERT, kind: 'alert', payload: { action: 'post', channel: CHANNEL, ...body('🔴 red, plan v1') } },
  { teamId: CHANNEL, dedupeKey: 'digest:C0TEAM:2026-11-23', kind: 'digest', payload: { action: 'post', channel: CHANNEL, ...body('digest') } },
  { teamId: CHANNEL, dedupeKey: 'gate:C0TEAM:U0ALICE:1', kind: 'gate_dm', payload: { action: 'dm', user: 'U0ALICE', ...body('your team is swarming') } },
  { teamId: CHANNEL, dedupeKey: `${updateKeyPrefix(ALERT)}1`, kind: 'swarm_update', payload: { action: 'update', targetKey: ALERT, ...body('🔴 red, plan v2') } },
  { teamId: CHANNEL, dedupeKey: 'notice:C0TEAM:1', kind: 'notice', payload: { action: 'post', channel: CHANNEL, ...body('<@U0BOB> changed a setting') } },
];

interface World {
  db: Db;
  slack: FakeSlack;
  loop: OutboxLoop;
  lines: Array<Record<string, unknown>>;
  advance(ms: number): void;
  now(): Date;
  /** kicks the loop every `stepMs` of fixed-clock time for `totalMs` */
  run(totalMs: number, stepMs?: number): Promise<void>;
  /** dedupe keys of the outbox posts in Slack, as many times as they appear */
  postedKeys(): string[];
  /** a new outbox loop with another token (in this process: what a restart with a new SLACK_BOT_TOKEN runs) */
  replaceLoop(botToken: string): Promise<void>;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

async function world(options: { slack?: FakeSlackOptions; botToken?: string; fetch?: typeof fetch; messages?: NewOutboxMessage[] } = {}): Promise<World> {
  let current = START;
  const now = () => new Date(current);
  const store = await tempStore();
  const slack = await startFakeSlack({ clock: () => current, ...options.slack });
  cleanup.push(store.cleanup, () => slack.close());
  for (const message of options.messages ?? MESSAGES) await enqueueMessage(store.db, message, now());
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const startLoop = (botToken: string) => {
    const client = createDeliveryClient({ botToken, slackApiUrl: slack.url, ...(options.fetch ? { fetch: options.fetch } : {}) });
    // The real loop (start-up release and token check, pause on rate limits), its timer replaced by kicks.
    const loop = startOutboxLoop(store.db, client, { logger, now, setTimer: () => null, clearTimer: () => {} });
    cleanup.push(() => loop.stop());
    return loop;
  };
  const w: World = {
    db: store.db,
    slack,
    loop: startLoop(options.botToken ?? 'xoxb-current-token'),
    lines,
    advance: (ms) => void (current += ms),
    now,
    async run(totalMs, stepMs = 3_000) {
      for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) {
        await w.loop.kick();
        current += stepMs;
      }
      await w.loop.kick();
    },
    postedKeys: () => slack.messages
      .map((m) => m.metadata as { event_type?: string; event_payload?: { key?: string } } | null)
      .filter((m) => m?.event_type === OUTBOX_METADATA_EVENT)
      .map((m) => m!.event_payload!.key!),
    async replaceLoop(botToken) {
      await w.loop.stop();
      w.loop = startLoop(botToken);
    },
  };
  return w;
}

async function statuses(db: Db): Promise<Record<string, string>> {
  const rows = await db.selectFrom('outbox').select(['dedupe_key', 'status']).orderBy('id').execute();
  return Object.fromEntries(rows.map((r) => [r.dedupe_key, r.status]));
}

const allSent = Object.fromEntries(MESSAGES.map((m) => [m.dedupeKey, 'sent']));

/** Every outbox post in Slack once, and the plan edited once. */
function expectEachOnce(w: World): void {
  const keys = w.postedKeys();
  expect(keys.sort()).toEqual(MESSAGES.filter((m) => m.payload.action !== 'update').map((m) => m.dedupeKey).sort());
  expect(w.slack.messages.find((m) => m.text === '🔴 red, plan v2')?.edits).toBe(1);
}

describe('nothing lost, nothing twice: the outbox through long Slack trouble', () => {
  it('a 35-minute outage (every call 503 or a dropped connection, the first answer lost after Slack posted), then recovery: each message exactly once, none ever parked', async () => {
    let outage = true;
    let lostFirst = false;
    const down: typeof fetch = async (input, init) => {
      if (!outage) return fetch(input, init);
      const url = String(input instanceof Request ? input.url : input);
      if (!lostFirst && url.endsWith('/chat.postMessage')) {
        lostFirst = true;
        await fetch(input, init); // Slack posted it; the answer never came back
        throw new TypeError('fetch failed: socket hang up');
      }
      if (url.endsWith('/conversations.history')) throw new TypeError('fetch failed: connect ECONNREFUSED');
      return new Response(JSON.stringify({ ok: false, error: 'service_unavailable' }), { status: 503, headers: { 'content-type': 'application/json' } });
    };
    const w = await world({ fetch: down, slack: { channels: { [CHANNEL]: { botIsMember: true } } } });
    const seen = new Set<string>();
    for (let minute = 0; minute < 35; minute += 1) {
      await w.run(60_000, 5_000);
      for (const status of Object.values(await statuses(w.db))) seen.add(status);
    }
    expect(seen.has('parked')).toBe(false);
    expect(seen.has('dropped')).toBe(false);
    // The old rule gave up after 10 attempts (about 31 minutes of backoff): the lost post was tried more often.
    expect((await findMessage(w.db, ALERT))!.attempts).toBeGreaterThanOrEqual(10);
    expect(w.postedKeys()).toEqual([ALERT]); // only the post whose answer was lost reached Slack

    outage = false;
    await w.run(15 * 60_000);
    expect(await statuses(w.db)).toEqual(allSent);
    expectEachOnce(w);
    expect(w.lines.some((l) => String(l.msg).includes('an interrupted attempt had reached Slack'))).toBe(true);
    expect(w.lines.some((l) => String(l.msg).includes('parked') || String(l.msg).includes('dropped'))).toBe(false);
  });

  it('when the lookup for a lost post fails with 429 and then 500, it is retried until it answers: never posted twice', async () => {
    let lose = 1;
    const losing: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const response = await fetch(input, init);
      if (lose > 0 && url.endsWith('/chat.postMessage')) {
        lose -= 1;
        return new Response(JSON.stringify({ ok: false, error: 'service_unavailable' }), { status: 503, headers: { 'content-type': 'application/json' } });
      }
      return response;
    };
    const w = await world({ fetch: losing, messages: [MESSAGES[0]!], slack: { channels: { [CHANNEL]: { botIsMember: true } } } });
    w.slack.fail('conversations.history', { status: 429, retryAfter: 20 });
    w.slack.fail('conversations.history', { status: 500 });
    w.slack.fail('conversations.history', { status: 500 });
    await w.run(5 * 60_000);

    const lookups = w.slack.callsTo('conversations.history');
    expect(lookups).toHaveLength(4); // 429, 500, 500, then the answer
    expect(lookups[1]!.at - lookups[0]!.at).toBeGreaterThanOrEqual(20_000); // the Retry-After was honoured
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(w.postedKeys()).toEqual([ALERT]);
    expect(await findMessage(w.db, ALERT)).toMatchObject({ status: 'sent', ts: w.slack.messages[0]!.ts });
  });

  it('in a public channel the bot never joined, the lookup joins it (channels:join; again after a 503) and finds the lost post instead of posting again', async () => {
    let lose = 1;
    const losing: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const response = await fetch(input, init);
      if (lose > 0 && url.endsWith('/chat.postMessage')) {
        lose -= 1;
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const w = await world({ fetch: losing, messages: [MESSAGES[0]!] });
    expect(w.slack.channel(CHANNEL)).toMatchObject({ kind: 'public', botIsMember: false });
    w.slack.fail('conversations.join', { status: 503 }); // the first try to join meets a Slack hiccup: look again later, do not post
    await w.run(60_000);
    expect(w.slack.callsTo('conversations.join')).toHaveLength(2);
    expect(w.slack.channel(CHANNEL).botIsMember).toBe(true);
    expect(w.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await findMessage(w.db, ALERT)).toMatchObject({ status: 'sent' });
  });

  it('invalid_auth, then the token works again: parked, checked with auth.test every 5 minutes, then each message sent once', async () => {
    const accepted = ['xoxb-some-other-token'];
    const w = await world({ slack: { tokens: accepted, channels: { [CHANNEL]: { botIsMember: true } } } });
    await w.run(60_000);
    expect(Object.values(await statuses(w.db))).toEqual(['parked', 'parked', 'parked', 'parked', 'parked']);
    // One refused post stops the run: the other messages are not each sent to be refused.
    expect(w.slack.callsTo('chat.postMessage').length + w.slack.callsTo('conversations.open').length).toBeLessThanOrEqual(3);
    const authChecks = w.slack.callsTo('auth.test').length;
    await w.run(10 * 60_000);
    expect(w.slack.callsTo('auth.test').length - authChecks).toBe(2); // every 5 minutes, nothing else
    expect(w.slack.calls.filter((c) => c.method !== 'auth.test').length).toBeLessThanOrEqual(3);

    accepted.push('xoxb-current-token'); // the app was reinstalled with the same token, or the account reactivated
    await w.run(6 * 60_000);
    expect(await statuses(w.db)).toEqual(allSent);
    expectEachOnce(w);
    expect(w.lines.some((l) => l.msg === 'outbox: Slack accepts the bot token again; sending what waited for it')).toBe(true);
  });

  it('invalid_auth, then a new outbox loop with a new SLACK_BOT_TOKEN (what a restart with it runs, in process): sent at once', async () => {
    const w = await world({ slack: { tokens: ['xoxb-new-token'], channels: { [CHANNEL]: { botIsMember: true } } }, botToken: 'xoxb-revoked-token' });
    await w.run(30_000);
    expect(Object.values(await statuses(w.db)).every((s) => s === 'parked')).toBe(true);
    await w.replaceLoop('xoxb-new-token');
    await w.run(30_000);
    expect(await statuses(w.db)).toEqual(allSent);
    expectEachOnce(w);
  });

  it('not_in_channel with no event ever coming: the slow probe tries one message every 30 minutes, and all go once the bot is in', async () => {
    const w = await world({ slack: { chatWritePublic: false }, messages: MESSAGES.filter((m) => m.payload.action === 'post') });
    await w.run(60_000);
    expect(Object.values(await statuses(w.db))).toEqual(['parked', 'parked', 'parked']);
    const before = w.slack.callsTo('chat.postMessage').length;
    await w.run(60 * 60_000, 10_000);
    expect(w.slack.callsTo('chat.postMessage').length - before).toBe(2); // one probe per 30 minutes
    w.slack.invite(CHANNEL); // invited, but the event was lost
    await w.run(31 * 60_000, 10_000);
    expect(Object.values(await statuses(w.db))).toEqual(['sent', 'sent', 'sent']);
    expect(w.postedKeys().sort()).toEqual(MESSAGES.filter((m) => m.payload.action === 'post').map((m) => m.dedupeKey).sort());
  });

  it('expiry: what waited past its lifetime is dropped, and the log says what (a DM after 4 h, an alert and its plan after 24 h; a notice keeps waiting)', async () => {
    const w = await world({ slack: { chatWritePublic: false } });
    w.slack.fail('conversations.open', { error: 'restricted_action', times: Infinity }); // the DM cannot be opened either
    await w.run(60_000);
    await w.run(5 * 3_600_000, 60_000);
    expect((await statuses(w.db))['gate:C0TEAM:U0ALICE:1']).toBe('dropped');
    expect((await statuses(w.db))[ALERT]).toBe('parked');
    await w.run(20 * 3_600_000, 5 * 60_000);
    expect(await statuses(w.db)).toEqual({
      [ALERT]: 'dropped', 'digest:C0TEAM:2026-11-23': 'parked', 'gate:C0TEAM:U0ALICE:1': 'dropped',
      [`${updateKeyPrefix(ALERT)}1`]: 'dropped', 'notice:C0TEAM:1': 'parked',
    });
    const dropped = w.lines.filter((l) => l.msg === 'outbox: message dropped');
    expect(dropped.map((l) => [l.dedupeKey, l.kind, l.target, l.text])).toEqual([
      ['gate:C0TEAM:U0ALICE:1', 'gate_dm', 'U0ALICE', 'your team is swarming'],
      [ALERT, 'alert', CHANNEL, '🔴 red, plan v1'],
      [`${updateKeyPrefix(ALERT)}1`, 'swarm_update', `update:${ALERT}`, '🔴 red, plan v2'],
    ]);
    expect(String(dropped[0]!.reason)).toMatch(/^expired: not delivered within 4 h \(restricted_action: /);
    expect(String(dropped[1]!.reason)).toMatch(/^expired: not delivered within 24 h/);
    expect(dropped[2]!.reason).toBe(`the message it updates (${ALERT}) was dropped`);

    // The bot is invited a day late: what is still worth saying goes out; the expired alert never does.
    w.slack.invite(CHANNEL);
    await w.run(31 * 60_000, 60_000);
    expect(w.postedKeys().sort()).toEqual(['digest:C0TEAM:2026-11-23', 'notice:C0TEAM:1']);
  });

  it('expiry applies to a long outage too: a day of 503s drops the alert, and the digest goes out when Slack is back', async () => {
    const w = await world({ slack: { channels: { [CHANNEL]: { botIsMember: true } } }, messages: [MESSAGES[0]!, MESSAGES[1]!] });
    w.slack.fail('chat.postMessage', { status: 503, times: Infinity });
    w.slack.fail('conversations.history', { status: 503, times: Infinity });
    await w.run(25 * 3_600_000, 5 * 60_000);
    expect((await statuses(w.db))[ALERT]).toBe('sending'); // outcome unknown: never dropped before the history answers
    w.slack.clearFailures();
    await w.run(15 * 60_000);
    expect(await statuses(w.db)).toEqual({ [ALERT]: 'dropped', 'digest:C0TEAM:2026-11-23': 'sent' });
    expect(w.postedKeys()).toEqual(['digest:C0TEAM:2026-11-23']);
    expect(w.lines.find((l) => l.msg === 'outbox: message dropped')).toMatchObject({ dedupeKey: ALERT, text: '🔴 red, plan v1' });
  });
});
