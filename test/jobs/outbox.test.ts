import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, listBacklog } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { enqueueMessage, findMessage, updateKeyPrefix } from '../../src/store/outbox.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';
import { captureLogger, deliveryClient, fixedClock } from './support.js';
import type { Db } from '../../src/store/open.js';

const CHANNEL = 'C0TEAM';
const message = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

describe('the outbox deliverer', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  let db: Db;
  let slack: FakeSlack;
  const clock = fixedClock('2026-03-02T10:00:00Z');
  const deps = { logger: silentLogger };

  beforeEach(async () => {
    clock.set('2026-03-02T10:00:00Z');
    store = await tempStore();
    db = store.db;
    slack = await startFakeSlack({ clock: clock.ms });
  });
  afterEach(async () => {
    await slack.close();
    await store.cleanup();
  });

  const post = (key: string, text = 'hello') =>
    enqueueMessage(db, { teamId: CHANNEL, dedupeKey: key, kind: 'alert', payload: { action: 'post', channel: CHANNEL, ...message(text) } }, clock.now());

  it('posts a message once and records where Slack put it', async () => {
    await post('alert:1');
    const client = deliveryClient(slack);
    expect(await deliverDue(db, client, clock.now(), deps)).toMatchObject({ sent: 1 });
    expect(await deliverDue(db, client, clock.now(), deps)).toMatchObject({ sent: 0 });
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
    const stored = await findMessage(db, 'alert:1');
    expect(stored).toMatchObject({ status: 'sent', channel: CHANNEL, ts: slack.transcript(CHANNEL)[0]!.ts });
  });

  it('enqueues a dedupe key only once', async () => {
    expect(await post('alert:1')).toBe(true);
    expect(await post('alert:1', 'again')).toBe(false);
    await deliverDue(db, deliveryClient(slack), clock.now(), deps);
    expect(slack.transcript(CHANNEL).map((m) => m.text)).toEqual(['hello']);
  });

  it('waits as long as a 429 Retry-After says, then delivers once, without sleeping', async () => {
    await post('alert:1');
    await post('alert:2');
    slack.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    const client = deliveryClient(slack);
    const first = await deliverDue(db, client, clock.now(), deps);
    expect(first).toMatchObject({ retried: 1, sent: 0 });
    expect(first.pausedUntil?.toISOString()).toBe('2026-03-02T10:00:07.000Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1); // the rate limit stops the whole run

    clock.advance(6_000);
    expect(await deliverDue(db, client, clock.now(), deps)).toMatchObject({ sent: 1 }); // alert:2 was never tried
    clock.advance(1_000);
    expect(await deliverDue(db, client, clock.now(), deps)).toMatchObject({ sent: 1 });
    expect(slack.transcript(CHANNEL)).toHaveLength(2);
    expect(slack.callsTo('conversations.history')).toHaveLength(0); // a 429 is a definite "not posted"
  });

  it('retries a 5xx with growing backoff and checks the channel before posting again', async () => {
    await post('alert:1');
    slack.fail('chat.postMessage', { status: 503, times: 2 });
    const client = deliveryClient(slack);
    expect(await deliverDue(db, client, clock.now(), deps)).toMatchObject({ retried: 1 });
    const afterFirst = await findMessage(db, 'alert:1');
    expect(afterFirst).toMatchObject({ status: 'sending', attempts: 1, lastError: 'Slack answered HTTP 503' });
    expect(afterFirst!.nextAttemptAt.toISOString()).toBe('2026-03-02T10:00:05.000Z');

    clock.advance(5_000);
    expect(await deliverDue(db, client, clock.now(), deps)).toMatchObject({ retried: 1 });
    expect((await findMessage(db, 'alert:1'))!.nextAttemptAt.toISOString()).toBe('2026-03-02T10:00:15.000Z');

    clock.advance(10_000);
    expect(await deliverDue(db, client, clock.now(), deps)).toMatchObject({ sent: 1 });
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
    // The bot posts in C0TEAM without being in it; to read the history it joined it, once.
    expect(slack.callsTo('conversations.join')).toHaveLength(1);
    expect(slack.callsTo('conversations.history').map((c) => c.at)).toHaveLength(3);
  });

  it.each([
    ['not_in_channel', 'channel_access', /invite it with `\/invite @flowlight`/],
    ['channel_not_found', 'channel_access', /invite the bot/],
    ['invalid_auth', 'bot_token', /SLACK_BOT_TOKEN/],
    ['missing_scope', 'other_refusal', /reinstall it from manifest.yml/],
  ])('parks a message Slack refuses with %s until the cause clears, with a reason saying what to do', async (error, cause, reason) => {
    await post('alert:1');
    slack.fail('chat.postMessage', { error, times: Infinity });
    if (error === 'invalid_auth') slack.fail('auth.test', { error, times: Infinity });
    const { logger, lines } = captureLogger();
    expect(await deliverDue(db, deliveryClient(slack), clock.now(), { logger })).toMatchObject({ parked: 1 });
    expect(await findMessage(db, 'alert:1')).toMatchObject({ status: 'parked', parkCause: cause });
    clock.advance(60_000);
    expect(await deliverDue(db, deliveryClient(slack), clock.now(), { logger })).toMatchObject({ sent: 0, parked: 0 });
    const backlog = await listBacklog(db, CHANNEL, clock.now());
    expect(backlog).toMatchObject([{ state: cause, target: CHANNEL, count: 1 }]);
    expect(backlog[0]!.reason).toMatch(new RegExp(`^${error}: `));
    expect(backlog[0]!.reason).toMatch(reason);
    expect(lines.some((l) => l.msg === 'outbox: message parked until its cause clears' && String(l.reason).startsWith(error))).toBe(true);

    // Cleared: the next check (5 minutes for the token, 30 for the channel and the rest) sends it, once.
    slack.clearFailures();
    clock.advance(30 * 60_000);
    expect(await deliverDue(db, deliveryClient(slack), clock.now(), { logger })).toMatchObject({ sent: 1 });
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
    expect(await listBacklog(db, CHANNEL, clock.now())).toEqual([]);
  });

  it('drops a message Slack can never accept (msg_too_long), and the log says what was dropped', async () => {
    await post('alert:1', 'the light turned red');
    slack.fail('chat.postMessage', { error: 'msg_too_long' });
    const { logger, lines } = captureLogger();
    expect(await deliverDue(db, deliveryClient(slack), clock.now(), { logger })).toMatchObject({ dropped: 1 });
    expect(await findMessage(db, 'alert:1')).toMatchObject({ status: 'dropped' });
    const line = lines.find((l) => l.msg === 'outbox: message dropped');
    expect(line).toMatchObject({ dedupeKey: 'alert:1', kind: 'alert', target: CHANNEL, text: 'the light turned red' });
    expect(String(line!.reason)).toMatch(/^msg_too_long: .*too long/);
    expect(await listBacklog(db, CHANNEL, clock.now())).toMatchObject([{ state: 'dropped', count: 1 }]);
  });

  it('sends what waited for a channel as soon as a later message reaches that channel', async () => {
    await post('alert:1');
    slack.fail('chat.postMessage', { error: 'not_in_channel' });
    const client = deliveryClient(slack);
    await deliverDue(db, client, clock.now(), deps);
    expect(await listBacklog(db, CHANNEL, clock.now())).toHaveLength(1);
    await post('alert:2');
    await deliverDue(db, client, clock.now(), deps);
    await deliverDue(db, client, clock.now(), deps);
    expect(slack.transcript(CHANNEL)).toHaveLength(2);
    expect(await listBacklog(db, CHANNEL, clock.now())).toEqual([]);
  });

  it('keeps retrying transient failures with backoff for as long as they last, and never parks', async () => {
    await post('alert:1');
    slack.fail('chat.postMessage', { status: 500, times: Infinity });
    const client = deliveryClient(slack);
    for (let i = 0; i < 40; i += 1) {
      await deliverDue(db, client, clock.now(), deps);
      clock.advance(10 * 60_000);
    }
    const stored = await findMessage(db, 'alert:1');
    expect(stored).toMatchObject({ status: 'sending', lastError: 'Slack answered HTTP 500' });
    expect(stored!.attempts).toBeGreaterThan(10);
    expect(await listBacklog(db, CHANNEL, clock.now())).toMatchObject([{ state: 'retrying', count: 1 }]);
  });

  it('sends a DM through conversations.open', async () => {
    await enqueueMessage(db, { teamId: CHANNEL, dedupeKey: 'gate:1', kind: 'gate_dm', payload: { action: 'dm', user: 'U0ALICE', ...message('swarm') } }, clock.now());
    expect(await deliverDue(db, deliveryClient(slack), clock.now(), deps)).toMatchObject({ sent: 1 });
    expect(slack.transcript('DU0ALICE').map((m) => m.text)).toEqual(['swarm']);
    expect(await findMessage(db, 'gate:1')).toMatchObject({ status: 'sent', channel: 'DU0ALICE' });
  });

  it('updates a message in place once it is delivered, and skips an update a newer one replaced', async () => {
    await post('alert:red', 'plan v1');
    const update = (n: number, text: string) =>
      enqueueMessage(db, { teamId: CHANNEL, dedupeKey: `${updateKeyPrefix('alert:red')}${n}`, kind: 'swarm_update', payload: { action: 'update', targetKey: 'alert:red', ...message(text) } }, clock.now());
    await update(1, 'plan v2');
    const client = deliveryClient(slack);
    await deliverDue(db, client, clock.now(), deps);
    expect(slack.transcript(CHANNEL).map((m) => [m.text, m.edits])).toEqual([['plan v2', 1]]);

    // v3 fails once and waits; v4 goes out meanwhile; v3 must not bring the older plan back.
    await update(2, 'plan v3');
    await update(3, 'plan v4');
    slack.fail('chat.update', { status: 502 });
    await deliverDue(db, client, clock.now(), deps);
    expect(slack.transcript(CHANNEL)[0]!.text).toBe('plan v4');
    clock.advance(60_000);
    await deliverDue(db, client, clock.now(), deps);
    expect(slack.transcript(CHANNEL)[0]!.text).toBe('plan v4');
    expect(slack.transcript(CHANNEL)).toHaveLength(1);
  });

  it('holds an update until the message it edits is delivered', async () => {
    await post('alert:red', 'plan v1');
    slack.fail('chat.postMessage', { status: 429, retryAfter: 2 });
    await enqueueMessage(db, { teamId: CHANNEL, dedupeKey: `${updateKeyPrefix('alert:red')}1`, kind: 'swarm_update', payload: { action: 'update', targetKey: 'alert:red', ...message('plan v2') } }, clock.now());
    const client = deliveryClient(slack);
    await deliverDue(db, client, clock.now(), deps);
    expect(slack.transcript(CHANNEL)).toHaveLength(0);
    clock.advance(2_000);
    await deliverDue(db, client, clock.now(), deps); // posts v1; the update waits 5 s for its target
    clock.advance(5_000);
    await deliverDue(db, client, clock.now(), deps);
    expect(slack.transcript(CHANNEL).map((m) => m.text)).toEqual(['plan v2']);
  });

  it('sends again, and says so, when the channel history cannot be read to check an interrupted attempt', async () => {
    await post('alert:1');
    slack.fail('chat.postMessage', { status: 500 });
    slack.fail('conversations.history', { error: 'missing_scope' });
    const { logger, lines } = captureLogger();
    const client = deliveryClient(slack);
    await deliverDue(db, client, clock.now(), { logger });
    clock.advance(5_000);
    expect(await deliverDue(db, client, clock.now(), { logger })).toMatchObject({ sent: 1 });
    expect(lines.some((l) => String(l.msg).includes('Grant the history scopes') && l.error === 'missing_scope')).toBe(true);
  });
});
