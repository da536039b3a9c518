import type { Db } from './open.js';

// GitHub webhook deliveries: recorded once per X-GitHub-Delivery, drained by the delivery worker.

export interface NewDelivery {
  id: string;
  event: string;
  /** owner/name; null when the event names no pull request (it is stored as already processed) */
  repo: string | null;
  number: number | null;
}

export interface PendingDelivery {
  id: string;
  repo: string;
  number: number;
}

/** Stores a delivery unless one with the same id is stored already; true when it is new. */
export async function recordDelivery(db: Db, delivery: NewDelivery, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const names = delivery.repo !== null && delivery.number !== null;
  const result = await db
    .insertInto('github_deliveries')
    .values({ id: delivery.id, event: delivery.event, repo: names ? delivery.repo!.toLowerCase() : null, number: names ? delivery.number : null, received_at: at, processed_at: names ? null : at })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The oldest deliveries not processed yet. */
export async function listUnprocessedDeliveries(db: Db, limit: number): Promise<PendingDelivery[]> {
  const rows = await db
    .selectFrom('github_deliveries')
    .select(['id', 'repo', 'number'])
    .where('processed_at', 'is', null)
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.filter((row) => row.repo !== null && row.number !== null).map((row) => ({ id: row.id, repo: row.repo!, number: row.number! }));
}

export async function markDeliveriesProcessed(db: Db, ids: readonly string[], now: Date): Promise<void> {
  // SQLite allows a bounded number of variables per statement.
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('github_deliveries').set({ processed_at: now.toISOString() }).where('id', 'in', ids.slice(i, i + 500)).execute();
  }
}

/** Processed deliveries older than `before` (kept a while so a late redelivery is still recognised). */
export async function pruneDeliveries(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('github_deliveries').where('processed_at', 'is not', null).where('received_at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * What is waiting, in one short text (how many, the newest): it changes when a delivery is stored, by any
 * replica, and stays put while only retained ones wait. The leader of several replicas watches it.
 */
export async function unprocessedDeliveriesMark(db: Db): Promise<{ waiting: number; mark: string }> {
  const row = await db
    .selectFrom('github_deliveries')
    .select((eb) => [eb.fn.countAll<number | string | bigint>().as('waiting'), eb.fn.max('received_at').as('newest')])
    .where('processed_at', 'is', null)
    .executeTakeFirst();
  const waiting = Number(row?.waiting ?? 0);
  return { waiting, mark: `${waiting}@${row?.newest ?? ''}` };
}
