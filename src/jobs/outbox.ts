import { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Db } from '../store/open.js';
import {
  findMessage,
  listDueMessages,
  listMessagesByKeyPrefix,
  markAttempt,
  markParked,
  markRetry,
  markSent,
  recordChannel,
  releaseInterruptedAttempts,
  updateKeyPrefix,
  type OutboxMessage,
} from '../store/outbox.js';
import { findPostedMessage, OUTBOX_METADATA_EVENT } from './outboxReconcile.js';

export { listDeliveryProblems, type DeliveryProblem } from '../store/outbox.js';

// Delivers the persisted outbox to Slack, exactly once:
// 1. the attempt is recorded (status `sending`) BEFORE the call;
// 2. every post carries the outbox dedupe key in its message metadata;
// 3. a message found in `sending` (a crash, a timeout or a 5xx interrupted the last attempt) is first
//    looked for in the channel's history by that key: found → recorded as sent, not posted again.
// The WebClient must not retry by itself (see createDeliveryClient): the outbox owns retrying.

export type WebClient = webApi.WebClient;

export interface DeliveryDeps {
  logger: Logger;
  /** how long an attempt may take before it counts as interrupted; longer than the client's timeout */
  leaseMs?: number;
  /** messages per run */
  batchSize?: number;
  /** attempts before a message that keeps failing transiently is parked */
  maxAttempts?: number;
}

export interface DeliveryReport {
  sent: number;
  reconciled: number;
  retried: number;
  parked: number;
  /** Slack asked us to slow down: no call before this instant */
  pausedUntil: Date | null;
}

const DEFAULT_LEASE_MS = 120_000;
const DEFAULT_BATCH = 25;
const DEFAULT_MAX_ATTEMPTS = 10;
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

/** One delivery run over the due messages, in the order they were enqueued. Stops at a rate limit. */
export async function deliverDue(db: Db, client: WebClient, now: Date, deps: DeliveryDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, reconciled: 0, retried: 0, parked: 0, pausedUntil: null };
  const due = await listDueMessages(db, now, deps.batchSize ?? DEFAULT_BATCH);
  for (const message of due) {
    const outcome = await deliverOne(db, client, message, now, deps);
    report[outcome.kind] += 1;
    if (outcome.kind === 'retried' && outcome.pausedUntil) {
      report.pausedUntil = outcome.pausedUntil;
      break;
    }
  }
  return report;
}

type Outcome = { kind: 'sent' | 'reconciled' | 'parked' } | { kind: 'retried'; pausedUntil: Date | null };

async function deliverOne(db: Db, client: WebClient, message: OutboxMessage, now: Date, deps: DeliveryDeps): Promise<Outcome> {
  const log = deps.logger.child({ outboxId: message.id, dedupeKey: message.dedupeKey, kind: message.kind });
  const { payload } = message;

  // 1. Reconcile: an earlier attempt may have posted it.
  if (message.status === 'sending' && payload.action !== 'update') {
    const channel = payload.action === 'post' ? payload.channel : message.channel;
    if (!channel) {
      // A DM whose conversation was never opened: the post cannot have happened.
    } else {
      const found = await findPostedMessage(client, channel, message.dedupeKey, message.createdAt);
      if (found.kind === 'found') {
        await markSent(db, message.id, channel, found.ts, now);
        log.info({ channel, ts: found.ts }, 'outbox: an interrupted attempt had reached Slack; recorded it, not posting again');
        return { kind: 'reconciled' };
      }
      if (found.kind === 'unknown') {
        log.warn({ channel, error: found.error }, 'outbox: cannot read the channel history to check an interrupted attempt; sending again (it may appear twice). Grant the history scopes (channels:history, groups:history, im:history) for exactly-once delivery.');
      }
    }
  }

  // 2. An update goes to the message it edits, once that one is delivered, and only if no newer update went out.
  let updateTarget: { channel: string; ts: string } | null = null;
  if (payload.action === 'update') {
    const target = await findMessage(db, payload.targetKey);
    if (!target || target.status === 'parked') {
      await markParked(db, message.id, `the message it updates (${payload.targetKey}) was not delivered`, now);
      return { kind: 'parked' };
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

  // 2b. A DM that refers to a channel message (the gate DM to its red alert) goes after it, never before.
  if (payload.action === 'dm' && payload.afterKey) {
    const before = await findMessage(db, payload.afterKey);
    if (before && (before.status === 'pending' || before.status === 'sending')) {
      await markRetry(db, message.id, `waiting for ${payload.afterKey} to be delivered first`, new Date(now.getTime() + WAIT_FOR_TARGET_MS), false, now);
      return { kind: 'retried', pausedUntil: null };
    }
  }

  // 3. Record the attempt, then call Slack.
  await markAttempt(db, message.id, now, new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)));
  try {
    const delivered = await send(db, client, message, updateTarget, now);
    await markSent(db, message.id, delivered.channel, delivered.ts, now);
    return { kind: 'sent' };
  } catch (error) {
    const failure = classifySlackFailure(error);
    const attempts = message.attempts + 1;
    if (failure.kind === 'permanent' || attempts >= (deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
      const reason = failure.kind === 'permanent' ? failure.reason : `gave up after ${attempts} attempts: ${failure.reason}`;
      await markParked(db, message.id, reason, now);
      log.error({ reason, target: targetName(message) }, 'outbox: message parked');
      return { kind: 'parked' };
    }
    const waitMs = failure.retryAfterMs ?? Math.min(BACKOFF_BASE_MS * 2 ** (attempts - 1), BACKOFF_CAP_MS);
    const next = new Date(now.getTime() + waitMs);
    // An update is idempotent; a post that may have landed is reconciled before the next attempt.
    await markRetry(db, message.id, failure.reason, next, failure.mayHaveArrived && payload.action !== 'update', now);
    log.warn({ reason: failure.reason, retryAt: next.toISOString(), attempts }, 'outbox: delivery failed, will retry');
    return { kind: 'retried', pausedUntil: failure.rateLimited ? next : null };
  }
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

export type SlackFailure =
  | { kind: 'permanent'; reason: string }
  | { kind: 'transient'; reason: string; retryAfterMs: number | null; mayHaveArrived: boolean; rateLimited: boolean };

/** Slack platform errors that retrying cannot fix, with what to do about each. */
const PERMANENT_ERRORS: Record<string, string> = {
  not_in_channel: 'the bot is not in this channel: invite it with `/invite @flowlight`',
  channel_not_found: 'the channel was not found (archived, or private without the bot): invite the bot to the channel',
  is_archived: 'the channel is archived: unarchive it or move the team to another channel',
  invalid_auth: 'Slack rejected the bot token (invalid_auth): check SLACK_BOT_TOKEN or reinstall the app',
  not_authed: 'no bot token was sent (not_authed): set SLACK_BOT_TOKEN',
  token_revoked: 'the bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN',
  account_inactive: 'the bot token belongs to a deactivated app or user: reinstall the app',
  missing_scope: 'the app lacks a scope for this message (missing_scope): reinstall it from manifest.yml',
  msg_too_long: 'Slack refused the message as too long (msg_too_long): please report this flowlight bug',
  invalid_blocks: 'Slack refused the message blocks (invalid_blocks): please report this flowlight bug',
  message_not_found: 'the message to update was deleted',
  cant_update_message: 'the message to update can no longer be edited by the bot',
  edit_window_closed: 'the message to update is too old to edit',
  user_not_found: 'the Slack user was not found (left the workspace?)',
  user_disabled: 'the Slack user is deactivated',
  cannot_dm_bot: 'the person is a bot and cannot be sent a DM',
};

/** Transient platform errors: Slack had trouble, not us. */
const TRANSIENT_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function classifySlackFailure(error: unknown): SlackFailure {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; headers?: Record<string, string>; data?: { error?: string } } | null;
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { kind: 'transient', reason: `rate limited by Slack (Retry-After ${e.retryAfter ?? 1} s)`, retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000, mayHaveArrived: false, rateLimited: true };
    case webApi.ErrorCode.HTTPError: {
      const retryAfter = Number.parseInt(e.headers?.['retry-after'] ?? '', 10);
      const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
      return { kind: 'transient', reason: `Slack answered HTTP ${e.statusCode ?? '?'}`, retryAfterMs, mayHaveArrived: (e.statusCode ?? 500) >= 500, rateLimited: e.statusCode === 429 };
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (TRANSIENT_ERRORS.has(code)) return { kind: 'transient', reason: `Slack error ${code}`, retryAfterMs: null, mayHaveArrived: false, rateLimited: code === 'ratelimited' };
      return { kind: 'permanent', reason: `${code}: ${PERMANENT_ERRORS[code] ?? 'Slack refused the message'}` };
    }
    default: {
      // A network error or timeout: Slack may have posted the message before the connection dropped.
      const detail = error instanceof Error ? error.message : String(error);
      return { kind: 'transient', reason: `cannot reach Slack: ${detail}`, retryAfterMs: null, mayHaveArrived: true, rateLimited: false };
    }
  }
}

export interface OutboxLoopDeps extends DeliveryDeps {
  /** the clock (tests pass a fixed one) */
  now?: () => Date;
  intervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
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
      const released = await releaseInterruptedAttempts(db, now());
      if (released > 0) deps.logger.info({ released }, 'outbox: reconciling attempts interrupted by the last shutdown');
    }
    const at = now();
    if (at.getTime() < pausedUntil) return;
    const report = await deliverDue(db, client, at, deps);
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
