import { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Db } from '../store/open.js';
import {
  deliveryTarget,
  findMessage,
  listDueMessages,
  listMessagesByKeyPrefix,
  markAttempt,
  takeDueMessage,
  markLookupRetry,
  markParked,
  markRetry,
  markSent,
  recordChannel,
  releaseInterruptedAttempts,
  updateKeyPrefix,
  type OutboxMessage,
} from '../store/outbox.js';
import { dropMessage, recheckDelayMs, recheckTokenNow, releaseAfterDelivery, tendParkedMessages } from '../app/outboxCauses.js';
import { hasExpired, lifetimeMs } from '../app/outboxLifetime.js';
import { errorCode, findPostedMessage, OUTBOX_METADATA_EVENT } from './outboxReconcile.js';
import { classifySlackFailure, type SlackFailure } from '../app/slackFailure.js';
import { FencedError } from './fencedDb.js';

export { listBacklog, type BacklogEntry } from '../store/outbox.js';
export { classifySlackFailure, type SlackFailure } from '../app/slackFailure.js';

// Delivers the persisted outbox to Slack, exactly once:
// 1. the attempt is recorded (status `sending`) BEFORE the call;
// 2. every post carries the outbox dedupe key in its message metadata;
// 3. a message found in `sending` (a crash, a timeout or a 5xx interrupted the last attempt) is first
//    looked for in the channel's history by that key: found → recorded as sent, not posted again; and
//    while that lookup fails transiently it is retried, never skipped.
// Nothing is lost: a transient failure is retried with backoff however long Slack is down; a refusal
// whose cause can clear parks the message until it does (src/app/outboxCauses.ts); only a message Slack
// can never accept, or one older than its lifetime, is dropped, with a log line saying what it was.
// The WebClient must not retry by itself (see createDeliveryClient): the outbox owns retrying.

export type WebClient = webApi.WebClient;

export interface DeliveryDeps {
  logger: Logger;
  /** how long an attempt may take before it counts as interrupted; longer than the client's timeout */
  leaseMs?: number;
  /** messages per run */
  batchSize?: number;
}

export interface DeliveryReport {
  sent: number;
  reconciled: number;
  retried: number;
  parked: number;
  dropped: number;
  /** parked messages whose cause cleared this run */
  released: number;
  /** Slack asked us to slow down: no call before this instant */
  pausedUntil: Date | null;
}

const DEFAULT_LEASE_MS = 120_000;
const DEFAULT_BATCH = 25;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 10 * 60_000;
/** an update whose target is not delivered yet waits this long and looks again */
const WAIT_FOR_TARGET_MS = 5_000;

/** The client the outbox sends with: no retries and no sleeping inside the client; the outbox decides. */
export function createDeliveryClient(options: { botToken: string; slackApiUrl: string; timeoutMs?: number; fetch?: typeof fetch }): WebClient {
  return new webApi.WebClient(options.botToken, {
    slackApiUrl: options.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 30_000,
    logLevel: webApi.LogLevel.ERROR,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

type Blocked = Extract<SlackFailure, { kind: 'blocked' }>;

/**
 * One delivery run: tend the parked messages (expire, check causes), then the due messages in the
 * order they were enqueued. Stops at a rate limit; once Slack refuses the token, parks the rest unasked.
 */
export async function deliverDue(db: Db, client: WebClient, now: Date, deps: DeliveryDeps): Promise<DeliveryReport> {
  const tended = await tendParkedMessages(db, client, now, deps.logger);
  const report: DeliveryReport = { sent: 0, reconciled: 0, retried: 0, parked: 0, dropped: tended.dropped, released: tended.released, pausedUntil: null };
  const due = await listDueMessages(db, now, deps.batchSize ?? DEFAULT_BATCH);
  // While Slack refuses the token every call is refused: what comes due waits with the rest, unasked.
  // A place that refused a message this run refuses the next one too: park those without asking again.
  let tokenRefusal: Blocked | null = tended.tokenRefused ? { kind: 'blocked', cause: 'bot_token', code: 'token', reason: tended.tokenRefused } : null;
  const refusedPlaces = new Map<string, Blocked>();
  for (const message of due) {
    // Another deliverer took it between our read and now: it is theirs to send.
    if (!(await takeDueMessage(db, message, now, new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS))))) continue;
    const refusal = tokenRefusal ?? (message.status === 'pending' ? refusedPlaces.get(deliveryTarget(message.payload)) : undefined);
    const outcome = refusal
      ? await park(db, message, refusal, message.status === 'sending' ? 'sending' : 'pending', now, deps.logger)
      : await deliverOne(db, client, message, now, deps);
    report[outcome.kind] += 1;
    if (outcome.kind === 'retried' && outcome.pausedUntil) {
      report.pausedUntil = outcome.pausedUntil;
      break;
    }
    if (outcome.kind === 'parked' && outcome.refusal) {
      if (outcome.refusal.cause === 'bot_token') tokenRefusal = outcome.refusal;
      else refusedPlaces.set(deliveryTarget(message.payload), outcome.refusal);
    }
  }
  return report;
}

type Outcome =
  | { kind: 'sent' | 'reconciled' | 'dropped' }
  | { kind: 'parked'; refusal: Blocked | null }
  | { kind: 'retried'; pausedUntil: Date | null };

async function deliverOne(db: Db, client: WebClient, message: OutboxMessage, now: Date, deps: DeliveryDeps): Promise<Outcome> {
  const log = deps.logger.child({ outboxId: message.id, dedupeKey: message.dedupeKey, kind: message.kind });
  const { payload } = message;

  // 1. Reconcile: an earlier attempt may have posted it. Until the history answers, do not post again.
  if (message.status === 'sending' && payload.action !== 'update') {
    const channel = payload.action === 'post' ? payload.channel : message.channel;
    if (channel) {
      const found = await findPostedMessage(client, channel, message.dedupeKey, message.createdAt);
      if (found.kind === 'found') {
        await markSent(db, message.id, channel, found.ts, now);
        await releaseAfterDelivery(db, message, now);
        log.info({ channel, ts: found.ts }, 'outbox: an interrupted attempt had reached Slack; recorded it, not posting again');
        return { kind: 'reconciled' };
      }
      if (found.kind === 'failed') {
        // Joining the channel to read it failed for now: the history may still answer, so do not post yet.
        const failure: SlackFailure = found.joined?.kind === 'unreachable'
          ? { kind: 'transient', reason: `joining the channel to read it: ${found.joined.error}`, retryAfterMs: null, mayHaveArrived: true, rateLimited: false }
          : classifySlackFailure(found.error);
        switch (failure.kind) {
          case 'transient': {
            const next = new Date(now.getTime() + (failure.retryAfterMs ?? backoffMs(message.attempts + 1)));
            await markLookupRetry(db, message.id, `looking for an interrupted attempt: ${failure.reason}`, next, now);
            log.warn({ channel, reason: failure.reason, retryAt: next.toISOString() }, 'outbox: cannot read the channel history yet to check an interrupted attempt; looking again before sending');
            return { kind: 'retried', pausedUntil: failure.rateLimited ? next : null };
          }
          case 'blocked':
            if (failure.cause === 'bot_token') return park(db, message, failure, 'sending', now, log);
            break;
          case 'permanent':
            break;
          default: {
            const _exhaustive: never = failure;
            return _exhaustive;
          }
        }
        // The history cannot answer at all (no scope, a channel the bot cannot join): sending again is the only way on.
        log.warn({ channel, error: errorCode(found.error) ?? failure.reason, join: found.joined }, 'outbox: cannot read the channel history to check an interrupted attempt; sending again (it may appear twice). Grant the history scopes (channels:history, groups:history, im:history) and channels:join, or invite the bot, for exactly-once delivery.');
      }
    }
  }

  // 2. Too old to be worth saying (checked after reconciling: it may be in Slack already).
  if (hasExpired(message.kind, message.createdAt, now)) {
    const hours = Math.round(lifetimeMs(message.kind) / 3_600_000);
    await dropMessage(db, message, `expired: not delivered within ${hours} h (${message.lastError ?? 'never tried'})`, now, log);
    return { kind: 'dropped' };
  }

  // 3. An update goes to the message it edits, once that one is delivered, and only if no newer update went out.
  let updateTarget: { channel: string; ts: string } | null = null;
  if (payload.action === 'update') {
    const target = await findMessage(db, payload.targetKey);
    if (!target || target.status === 'dropped') {
      await dropMessage(db, message, `the message it updates (${payload.targetKey}) was ${target ? 'dropped' : 'never enqueued'}`, now, log);
      return { kind: 'dropped' };
    }
    if (target.status === 'parked') {
      // Released when its target is delivered (releaseAfterDelivery); a parked target shows the newest plan anyway.
      await markParked(db, message.id, { cause: 'awaiting_target', reason: `waiting for the message it updates: ${target.lastError ?? 'parked'}`, resumeAs: 'pending', recheckAt: target.nextAttemptAt }, now);
      return { kind: 'parked', refusal: null };
    }
    if (target.status !== 'sent' || !target.channel || !target.ts) {
      await markRetry(db, message.id, 'waiting for the message it updates to be delivered', new Date(now.getTime() + WAIT_FOR_TARGET_MS), false, now);
      return { kind: 'retried', pausedUntil: null };
    }
    const updates = await listMessagesByKeyPrefix(db, updateKeyPrefix(payload.targetKey));
    if (updates.some((u) => u.id > message.id && u.status === 'sent')) {
      await markSent(db, message.id, null, null, now); // superseded: a newer plan is already showing
      return { kind: 'sent' };
    }
    updateTarget = { channel: target.channel, ts: target.ts };
  }

  // 3b. A DM that refers to a channel message (the gate DM to its red alert) goes after it, never before.
  if (payload.action === 'dm' && payload.afterKey) {
    const before = await findMessage(db, payload.afterKey);
    if (before && (before.status === 'pending' || before.status === 'sending')) {
      await markRetry(db, message.id, `waiting for ${payload.afterKey} to be delivered first`, new Date(now.getTime() + WAIT_FOR_TARGET_MS), false, now);
      return { kind: 'retried', pausedUntil: null };
    }
  }

  // 4. Record the attempt, then call Slack.
  await markAttempt(db, message.id, now, new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)));
  try {
    const delivered = await send(db, client, message, updateTarget, now);
    await markSent(db, message.id, delivered.channel, delivered.ts, now);
    await releaseAfterDelivery(db, message, now);
    return { kind: 'sent' };
  } catch (error) {
    // This replica is no longer the leader: its successor delivers (or reconciles) this message.
    if (error instanceof FencedError) throw error;
    const failure = classifySlackFailure(error);
    const attempts = message.attempts + 1;
    switch (failure.kind) {
      case 'permanent':
        await dropMessage(db, message, failure.reason, now, log);
        return { kind: 'dropped' };
      case 'blocked':
        // Slack answered ok:false: it did not post, so nothing needs looking for when the cause clears.
        return park(db, message, failure, 'pending', now, log);
      case 'transient': {
        const next = new Date(now.getTime() + (failure.retryAfterMs ?? backoffMs(attempts)));
        // An update is idempotent; a post that may have landed is reconciled before the next attempt.
        await markRetry(db, message.id, failure.reason, next, failure.mayHaveArrived && payload.action !== 'update', now);
        log.warn({ reason: failure.reason, retryAt: next.toISOString(), attempts }, 'outbox: delivery failed, will retry');
        return { kind: 'retried', pausedUntil: failure.rateLimited ? next : null };
      }
      default: {
        const _exhaustive: never = failure;
        return _exhaustive;
      }
    }
  }
}

async function park(db: Db, message: OutboxMessage, refusal: Blocked, resumeAs: 'pending' | 'sending', now: Date, log: Logger): Promise<Outcome> {
  const recheckAt = new Date(now.getTime() + (recheckDelayMs(refusal.cause) ?? 0));
  await markParked(db, message.id, { cause: refusal.cause, reason: refusal.reason, resumeAs, recheckAt }, now);
  log.error({ outboxId: message.id, dedupeKey: message.dedupeKey, reason: refusal.reason, cause: refusal.cause, target: targetName(message), recheckAt: recheckAt.toISOString() }, 'outbox: message parked until its cause clears');
  return { kind: 'parked', refusal };
}

/** 5 s, 10 s, 20 s … up to 10 minutes, for as long as it takes: a transient failure never parks. */
function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 16), BACKOFF_CAP_MS);
}

async function send(
  db: Db,
  client: WebClient,
  message: OutboxMessage,
  updateTarget: { channel: string; ts: string } | null,
  now: Date,
): Promise<{ channel: string | null; ts: string | null }> {
  const { payload } = message;
  const metadata = { event_type: OUTBOX_METADATA_EVENT, event_payload: { key: message.dedupeKey } };
  switch (payload.action) {
    case 'post': {
      const result = await client.chat.postMessage({
        channel: payload.channel, text: payload.text, blocks: payload.blocks as webApi.KnownBlock[], metadata, unfurl_links: false, unfurl_media: false,
      });
      return { channel: result.channel ?? payload.channel, ts: result.ts ?? null };
    }
    case 'dm': {
      const opened = await client.conversations.open({ users: payload.user });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      await recordChannel(db, message.id, channel, now);
      const result = await client.chat.postMessage({
        channel, text: payload.text, blocks: payload.blocks as webApi.KnownBlock[], metadata, unfurl_links: false, unfurl_media: false,
      });
      return { channel, ts: result.ts ?? null };
    }
    case 'update': {
      if (!updateTarget) throw new Error('update without a delivered target');
      await client.chat.update({ channel: updateTarget.channel, ts: updateTarget.ts, text: payload.text, blocks: payload.blocks as webApi.KnownBlock[] });
      return { channel: updateTarget.channel, ts: updateTarget.ts };
    }
    default: {
      const _exhaustive: never = payload;
      return _exhaustive;
    }
  }
}

function targetName(message: OutboxMessage): string {
  const { payload } = message;
  return payload.action === 'post' ? payload.channel : payload.action === 'dm' ? `DM to ${payload.user}` : `update of ${payload.targetKey}`;
}

export interface OutboxLoopDeps extends DeliveryDeps {
  /** the clock (tests pass a fixed one) */
  now?: () => Date;
  intervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** told what each delivery run did (metrics) */
  onRun?: (report: DeliveryReport) => void;
  clearTimer?: (handle: unknown) => void;
  /**
   * true (the default) when no other deliverer can still be running: attempts left in `sending` are
   * reconciled at once. A replica taking the leader's role passes false: the former leader may only be
   * paused, so its attempts are reconciled when their lease (leaseMs) runs out.
   */
  releaseInterruptedAtStart?: boolean;
}

export interface OutboxLoop {
  /** deliver now (after a poll enqueued something) instead of at the next tick; never overlaps a run */
  kick(): Promise<void>;
  /** stops the loop and waits for a run in progress */
  stop(): Promise<void>;
}

/**
 * Runs deliverDue every few seconds, one run at a time. Starts by releasing attempts a previous
 * process left in `sending`, so they are reconciled at once rather than after their lease.
 */
export function startOutboxLoop(db: Db, client: WebClient, deps: OutboxLoopDeps): OutboxLoop {
  const now = deps.now ?? (() => new Date());
  const intervalMs = deps.intervalMs ?? 3_000;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  let timer: unknown = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  let pausedUntil = 0;
  let started = false;

  const runOnce = async (): Promise<void> => {
    if (!started) {
      started = true;
      if (deps.releaseInterruptedAtStart !== false) {
        const released = await releaseInterruptedAttempts(db, now());
        if (released > 0) deps.logger.info({ released }, 'outbox: reconciling attempts interrupted by the last shutdown');
      }
      await recheckTokenNow(db, now());
    }
    const at = now();
    if (at.getTime() < pausedUntil) return;
    const report = await deliverDue(db, client, at, deps);
    deps.onRun?.(report);
    if (report.pausedUntil) pausedUntil = report.pausedUntil.getTime();
  };

  const run = (): Promise<void> => {
    if (!running) {
      running = runOnce()
        .catch((error: unknown) => deps.logger.error({ err: error }, 'outbox: delivery run failed'))
        .finally(() => {
          running = null;
        });
    }
    return running;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimer(() => {
      void run().then(schedule);
    }, intervalMs);
  };

  void run().then(schedule);

  return {
    kick: () => (stopped ? Promise.resolve() : run()),
    async stop() {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      if (running) await running;
    },
  };
}
