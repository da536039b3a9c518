import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Db } from '../store/open.js';
import {
  deliveryTarget,
  listMessagesByKeyPrefix,
  listParkedMessages,
  markDropped,
  postponeParked,
  releaseParked,
  updateKeyPrefix,
  type OutboxMessage,
  type OutboxParkCause,
} from '../store/outbox.js';
import { hasExpired, lifetimeMs } from './outboxLifetime.js';
import { classifySlackFailure } from './slackFailure.js';

// A parked message waits for its cause to clear, and is released when it does:
//   bot_token        auth.test every TOKEN_RECHECK_MS (and at start-up: the token may have been replaced);
//                    any successful delivery also proves the token works
//   channel_access   the bot is invited (member_joined_channel, see src/slack/listeners/events), a message
//                    reaches the same channel, or a slow probe: the oldest message is tried every SLOW_RETRY_MS
//   other_refusal    the same slow probe (a scope added, a workspace policy lifted)
//   awaiting_target  an edit of a parked message: released when that message is delivered
// Whatever waits longer than its lifetime (src/app/outboxLifetime.ts) is dropped, and the log says what.

export const TOKEN_RECHECK_MS = 5 * 60_000;
export const SLOW_RETRY_MS = 30 * 60_000;

export function recheckDelayMs(cause: OutboxParkCause): number | null {
  switch (cause) {
    case 'bot_token':
      return TOKEN_RECHECK_MS;
    case 'channel_access':
    case 'other_refusal':
      return SLOW_RETRY_MS;
    case 'awaiting_target':
      return null; // released by its target, not by time
    default: {
      const _exhaustive: never = cause;
      return _exhaustive;
    }
  }
}

/** Drops a message for good, with a log line saying what was lost; edits waiting for it go with it. Returns the ids dropped. */
export async function dropMessage(db: Db, message: OutboxMessage, reason: string, now: Date, logger: Logger): Promise<number[]> {
  await markDropped(db, message.id, reason, now);
  const dropped = [message.id];
  logger.error({
    outboxId: message.id, dedupeKey: message.dedupeKey, kind: message.kind, target: deliveryTarget(message.payload),
    enqueuedAt: message.createdAt.toISOString(), reason, text: message.payload.text.slice(0, 200),
  }, 'outbox: message dropped');
  const edits = await listMessagesByKeyPrefix(db, updateKeyPrefix(message.dedupeKey));
  for (const edit of edits.filter((e) => e.status !== 'sent' && e.status !== 'dropped')) {
    dropped.push(...(await dropMessage(db, edit, `the message it updates (${message.dedupeKey}) was dropped`, now, logger)));
  }
  return dropped;
}

export interface TendReport {
  released: number;
  dropped: number;
  /** Slack still refuses the bot token (the reason it gave): every other call would be refused too */
  tokenRefused: string | null;
}

/** One pass over the parked messages: expire the old, check the due causes, release what cleared. */
export async function tendParkedMessages(db: Db, client: webApi.WebClient, now: Date, logger: Logger): Promise<TendReport> {
  const report: TendReport = { released: 0, dropped: 0, tokenRefused: null };
  const waiting: OutboxMessage[] = [];
  const dropped = new Set<number>();
  for (const message of await listParkedMessages(db)) {
    if (dropped.has(message.id)) continue; // went with the message it edits
    if (hasExpired(message.kind, message.createdAt, now)) {
      const hours = Math.round(lifetimeMs(message.kind) / 3_600_000);
      for (const id of await dropMessage(db, message, `expired: not delivered within ${hours} h (${message.lastError ?? 'no reason recorded'})`, now, logger)) dropped.add(id);
      report.dropped = dropped.size;
    } else {
      waiting.push(message);
    }
  }
  const due = waiting.filter((m) => m.nextAttemptAt.getTime() <= now.getTime());

  const tokenWaiting = waiting.filter((m) => m.parkCause === 'bot_token');
  if (tokenWaiting.length > 0) report.tokenRefused = tokenWaiting.at(-1)!.lastError ?? 'Slack refused the bot token';
  if (due.some((m) => m.parkCause === 'bot_token')) {
    const ids = tokenWaiting.map((m) => m.id);
    const check = await checkToken(client);
    if (check.ok) {
      report.released += await releaseParked(db, ids, now);
      report.tokenRefused = null;
      logger.info({ released: ids.length }, 'outbox: Slack accepts the bot token again; sending what waited for it');
    } else {
      await postponeParked(db, ids, new Date(now.getTime() + TOKEN_RECHECK_MS), now);
      logger.warn({ waiting: ids.length, reason: check.reason }, 'outbox: messages still waiting for a bot token Slack accepts');
    }
  }

  // The slow probe: per place, the oldest due message is tried; the others wait for its outcome.
  const probed = new Set<string>();
  const postponed: number[] = [];
  for (const message of due.filter((m) => m.parkCause === 'channel_access' || m.parkCause === 'other_refusal')) {
    const target = deliveryTarget(message.payload);
    if (probed.has(target)) {
      postponed.push(message.id);
      continue;
    }
    probed.add(target);
    report.released += await releaseParked(db, [message.id], now);
  }
  await postponeParked(db, postponed, new Date(now.getTime() + SLOW_RETRY_MS), now);
  return report;
}

async function checkToken(client: webApi.WebClient): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await client.auth.test();
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: classifySlackFailure(error).reason };
  }
}

/**
 * A message reached Slack: what waited on the same cause can go now. The token works, the place
 * accepts messages, and edits of this message have something to edit.
 */
export async function releaseAfterDelivery(db: Db, delivered: OutboxMessage, now: Date): Promise<number> {
  const target = deliveryTarget(delivered.payload);
  const parked = await listParkedMessages(db);
  const ids = parked
    .filter((m) => {
      switch (m.parkCause) {
        case 'bot_token':
          return true;
        case 'channel_access':
        case 'other_refusal':
          return deliveryTarget(m.payload) === target;
        case 'awaiting_target':
          return m.payload.action === 'update' && m.payload.targetKey === delivered.dedupeKey;
        case null:
          return false;
        default: {
          const _exhaustive: never = m.parkCause;
          return _exhaustive;
        }
      }
    })
    .map((m) => m.id);
  return releaseParked(db, ids, now);
}

/** The bot was added to a channel: everything parked for that channel goes now. */
export async function releaseChannel(db: Db, channel: string, now: Date): Promise<number> {
  const parked = await listParkedMessages(db);
  const ids = parked
    .filter((m) => (m.parkCause === 'channel_access' || m.parkCause === 'other_refusal') && m.payload.action === 'post' && m.payload.channel === channel)
    .map((m) => m.id);
  return releaseParked(db, ids, now);
}

/** At start-up the token may have been replaced: check it at the next run instead of in five minutes. */
export async function recheckTokenNow(db: Db, now: Date): Promise<void> {
  await db.updateTable('outbox').set({ next_attempt_at: now.toISOString() })
    .where('status', '=', 'parked').where('park_cause', '=', 'bot_token').execute();
}
