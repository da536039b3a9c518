import type { OutboxRow, OutboxStatus } from './database.js';
import type { Db } from './open.js';

// The persisted outbox: every message to Slack is written here in the same transaction as the state
// that caused it, then delivered by src/jobs/outbox.ts. The dedupe key makes each message exactly-once
// to enqueue; the status makes it exactly-once to deliver:
//   pending  never reached Slack (not tried yet, or Slack definitely refused it: 429, ok:false)
//   sending  an attempt may have reached Slack (in flight, interrupted by a crash, timed out, 5xx):
//            before trying again the deliverer looks for the message in the channel (reconciliation)
//   sent     Slack has it; message_channel/message_ts say where (for later chat.update)
//   parked   will not be retried (not_in_channel, invalid_auth, ...); last_error says why

export type OutboxKind = 'alert' | 'swarm_update' | 'gate_dm' | 'digest' | 'notice';

export interface MessageBody {
  text: string;
  blocks: unknown[];
}

/**
 * What to send. `update` edits the message delivered for the outbox row `targetKey` (chat.update).
 * A `dm` with `afterKey` refers to that message (the gate DM to its red alert) and waits for it.
 */
export type OutboxPayload =
  | ({ action: 'post'; channel: string } & MessageBody)
  | ({ action: 'dm'; user: string; afterKey?: string } & MessageBody)
  | ({ action: 'update'; targetKey: string } & MessageBody);

export interface OutboxMessage {
  id: number;
  teamId: string;
  dedupeKey: string;
  kind: OutboxKind;
  payload: OutboxPayload;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  channel: string | null;
  ts: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewOutboxMessage {
  teamId: string;
  dedupeKey: string;
  kind: OutboxKind;
  payload: OutboxPayload;
}

/** Enqueues a message once: false when a message with this dedupe key already exists (sent or not). */
export async function enqueueMessage(db: Db, message: NewOutboxMessage, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .insertInto('outbox')
    .values({
      team_id: message.teamId,
      dedupe_key: message.dedupeKey,
      kind: message.kind,
      payload: JSON.stringify(message.payload),
      status: 'pending',
      next_attempt_at: at,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findMessage(db: Db, dedupeKey: string): Promise<OutboxMessage | null> {
  const row = await db.selectFrom('outbox').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  return row ? toMessage(row) : null;
}

/** Updates of one message have keys `<target key>#update:<n>`, so they can be found and ordered. */
export function updateKeyPrefix(targetKey: string): string {
  return `${targetKey}#update:`;
}

/** Messages whose dedupe key starts with `prefix`, oldest first. */
export async function listMessagesByKeyPrefix(db: Db, prefix: string): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('dedupe_key', '>=', prefix)
    .where('dedupe_key', '<', `${prefix}\uffff`)
    .orderBy('id')
    .execute();
  return rows.map(toMessage);
}

/**
 * Replaces what a not-yet-attempted message will say (a newer swarm plan before the first one went out).
 * False when the message has been attempted already: then the caller enqueues an update instead.
 */
export async function replacePendingPayload(db: Db, dedupeKey: string, payload: OutboxPayload, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ payload: JSON.stringify(payload), updated_at: now.toISOString() })
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'pending')
    .where('attempts', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Messages due for an attempt (pending, or sending whose lease or backoff ran out), in order. */
export async function listDueMessages(db: Db, now: Date, limit: number): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('status', 'in', ['pending', 'sending'])
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}

/** Recorded BEFORE the call to Slack: from here until markSent, the message may or may not be in Slack. */
export async function markAttempt(db: Db, id: number, now: Date, leaseUntil: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      next_attempt_at: leaseUntil.toISOString(),
      updated_at: now.toISOString(),
    }))
    .where('id', '=', id)
    .execute();
}

/** Where a DM will go (the IM channel from conversations.open), recorded before posting so reconciliation can look there. */
export async function recordChannel(db: Db, id: number, channel: string, now: Date): Promise<void> {
  await db.updateTable('outbox').set({ message_channel: channel, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

export async function markSent(db: Db, id: number, channel: string | null, ts: string | null, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', message_channel: channel, message_ts: ts, last_error: null, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/**
 * Schedules another attempt. `mayHaveArrived` keeps the message in `sending` so the next attempt
 * reconciles first (a timeout or 5xx does not say whether Slack posted it).
 */
export async function markRetry(db: Db, id: number, error: string, nextAttemptAt: Date, mayHaveArrived: boolean, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: mayHaveArrived ? 'sending' : 'pending', last_error: error, next_attempt_at: nextAttemptAt.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function markParked(db: Db, id: number, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'parked', last_error: reason, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/**
 * At start-up no attempt can still be in flight (one deliverer per database): every `sending` message
 * was interrupted, so it is due now and will be reconciled before anything is sent again.
 */
export async function releaseInterruptedAttempts(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ next_attempt_at: now.toISOString() })
    .where('status', '=', 'sending')
    .where('next_attempt_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How far back delivery problems are looked for: the latest messages of the team. */
const RECENT_MESSAGES = 500;

export interface DeliveryProblem {
  kind: OutboxKind;
  dedupeKey: string;
  /** the channel, or the Slack user of a DM */
  target: string;
  reason: string;
  at: Date;
}

/**
 * Parked messages of a team not followed by a successful delivery to the same place: what
 * `/flow status` shows ("invite the bot"), and what disappears once delivery works again.
 */
export async function listDeliveryProblems(db: Db, teamId: string): Promise<DeliveryProblem[]> {
  const rows = (
    await db
      .selectFrom('outbox')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('status', 'in', ['parked', 'sent'])
      .orderBy('id', 'desc')
      .limit(RECENT_MESSAGES)
      .execute()
  ).reverse();
  const latestSentIdByTarget = new Map<string, number>();
  for (const row of rows) if (row.status === 'sent') latestSentIdByTarget.set(targetOf(toMessage(row).payload), row.id);
  return rows
    .filter((row) => row.status === 'parked')
    .map(toMessage)
    .filter((m) => m.id > (latestSentIdByTarget.get(targetOf(m.payload)) ?? 0))
    .map((m) => ({ kind: m.kind, dedupeKey: m.dedupeKey, target: targetOf(m.payload), reason: m.lastError ?? 'unknown', at: m.updatedAt }));
}

function targetOf(payload: OutboxPayload): string {
  switch (payload.action) {
    case 'post':
      return payload.channel;
    case 'dm':
      return payload.user;
    case 'update':
      return `update:${payload.targetKey}`;
    default: {
      const _exhaustive: never = payload;
      return _exhaustive;
    }
  }
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    teamId: row.team_id,
    dedupeKey: row.dedupe_key,
    kind: row.kind as OutboxKind,
    payload: JSON.parse(row.payload) as OutboxPayload,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    channel: row.message_channel,
    ts: row.message_ts,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
