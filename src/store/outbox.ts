import type { OutboxKind, OutboxParkCause, OutboxRow, OutboxStatus } from './database.js';
import type { Db } from './open.js';

export type { OutboxKind, OutboxParkCause } from './database.js';

// The persisted outbox: every message to Slack is written here in the same transaction as the state
// that caused it, then delivered by src/jobs/outbox.ts. The dedupe key makes each message exactly-once
// to enqueue; the status makes it exactly-once to deliver:
//   pending  never reached Slack (not tried yet, or Slack definitely refused it: 429, ok:false)
//   sending  an attempt may have reached Slack (in flight, interrupted by a crash, timed out, 5xx):
//            before trying again the deliverer looks for the message in the channel (reconciliation)
//   sent     Slack has it; message_channel/message_ts say where (for later chat.update)
//   parked   Slack refused it for a cause that can clear (park_cause: the token, the channel, ...):
//            it goes back to `resume_as` when the cause clears; next_attempt_at is the next check
//   dropped  Slack can never accept it (msg_too_long, ...) or it expired; last_error says why

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
  parkCause: OutboxParkCause | null;
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
 * Replaces what a message not in Slack will say (a newer swarm plan before the first one went out, or
 * while it is parked: Slack refused it, so it is not there). False when an attempt may have reached
 * Slack: then the caller enqueues an update instead.
 */
export async function replacePendingPayload(db: Db, dedupeKey: string, payload: OutboxPayload, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ payload: JSON.stringify(payload), updated_at: now.toISOString() })
    .where('dedupe_key', '=', dedupeKey)
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'pending'), eb('attempts', '=', 0)]),
      eb.and([eb('status', '=', 'parked'), eb('resume_as', '=', 'pending')]),
    ]))
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

/**
 * Takes a due message for this run: moves its next attempt to `leaseUntil` only if the row is still
 * exactly as it was read (status, attempts, next attempt). Two deliverers that read the same message
 * (two replicas, or a paused leader that woke up) cannot both take it: on SQLite writes are
 * serialised; on PostgreSQL (READ COMMITTED) the second update waits for the first, then finds the
 * row changed and updates nothing. False when another deliverer has it.
 */
export async function takeDueMessage(db: Db, message: OutboxMessage, now: Date, leaseUntil: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ next_attempt_at: leaseUntil.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', message.id)
    .where('status', '=', message.status)
    .where('attempts', '=', message.attempts)
    .where('next_attempt_at', '=', message.nextAttemptAt.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
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

/** A look for an interrupted attempt failed for a while: it stays `sending` (outcome unknown), counted as an attempt. */
export async function markLookupRetry(db: Db, id: number, error: string, nextAttemptAt: Date, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at: nextAttemptAt.toISOString(), updated_at: now.toISOString() }))
    .where('id', '=', id)
    .execute();
}

export interface Parking {
  cause: OutboxParkCause;
  reason: string;
  /** `sending` when Slack may already have the message (it is looked for before posting again) */
  resumeAs: 'pending' | 'sending';
  /** when the cause is checked again */
  recheckAt: Date;
}

export async function markParked(db: Db, id: number, parking: Parking, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'parked', park_cause: parking.cause, resume_as: parking.resumeAs, last_error: parking.reason,
      next_attempt_at: parking.recheckAt.toISOString(), updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

/** Terminal: Slack can never accept it, or it expired. The reason says which. */
export async function markDropped(db: Db, id: number, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'dropped', park_cause: null, resume_as: null, last_error: reason, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Every parked message, oldest first: few (a backlog waits for a cause to clear), read whole. */
export async function listParkedMessages(db: Db): Promise<OutboxMessage[]> {
  const rows = await db.selectFrom('outbox').selectAll().where('status', '=', 'parked').orderBy('id').execute();
  return rows.map(toMessage);
}

/** The cause cleared: back to the status they were parked from, due now. Returns how many. */
export async function releaseParked(db: Db, ids: number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: eb.fn.coalesce('resume_as', eb.val<OutboxStatus>('pending')).$castTo<OutboxStatus>(),
      park_cause: null, resume_as: null, next_attempt_at: now.toISOString(), updated_at: now.toISOString(),
    }))
    .where('id', 'in', ids)
    .where('status', '=', 'parked')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The cause is still there: look again at `recheckAt`. */
export async function postponeParked(db: Db, ids: number[], recheckAt: Date, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: recheckAt.toISOString(), updated_at: now.toISOString() })
    .where('id', 'in', ids)
    .where('status', '=', 'parked')
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

/** Messages a team is waiting on, grouped by why and where: what `/flow status` shows. */
export type BacklogState = OutboxParkCause | 'retrying' | 'dropped';

export interface BacklogEntry {
  state: BacklogState;
  /** the channel, or the Slack user of a DM */
  target: string;
  count: number;
  /** the latest reason Slack gave */
  reason: string;
  /** the oldest message's enqueue time */
  oldest: Date;
}

/** How long a dropped message keeps being mentioned in `/flow status`. */
const DROPPED_SHOWN_MS = 24 * 3_600_000;

export async function listBacklog(db: Db, teamId: string, now: Date): Promise<BacklogEntry[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('team_id', '=', teamId)
    .where((eb) => eb.or([
      eb('status', 'in', ['parked', 'pending', 'sending']),
      eb.and([eb('status', '=', 'dropped'), eb('updated_at', '>=', new Date(now.getTime() - DROPPED_SHOWN_MS).toISOString())]),
    ]))
    .orderBy('id')
    .execute();
  const entries = new Map<string, BacklogEntry>();
  for (const message of rows.map(toMessage)) {
    // A message not yet tried, or an edit of a message that waits itself, is not news.
    if ((message.status === 'pending' || message.status === 'sending') && message.lastError === null) continue;
    if (message.payload.action === 'update' && message.status !== 'dropped') continue;
    const state: BacklogState = message.status === 'parked' ? message.parkCause ?? 'other_refusal' : message.status === 'dropped' ? 'dropped' : 'retrying';
    const target = deliveryTarget(message.payload);
    const key = `${state}\u0000${target}`;
    const entry = entries.get(key);
    if (entry) {
      entry.count += 1;
      entry.reason = message.lastError ?? entry.reason;
    } else {
      entries.set(key, { state, target, count: 1, reason: message.lastError ?? 'unknown', oldest: message.createdAt });
    }
  }
  return [...entries.values()];
}

/** Where a message goes: its channel, the user of a DM, or the message it edits (`update:KEY`). */
export function deliveryTarget(payload: OutboxPayload): string {
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
    kind: row.kind,
    payload: JSON.parse(row.payload) as OutboxPayload,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    channel: row.message_channel,
    ts: row.message_ts,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    parkCause: row.park_cause,
  };
}
