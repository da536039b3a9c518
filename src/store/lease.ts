import type { Db } from './open.js';

const BOT_LEASE = 'bot';

/** The process behind a holder, as far as it was recorded (rows from older versions have none). */
export interface HolderProcess {
  host: string;
  pid: number;
  /** what tells this process from a later one given the same pid; null where the platform cannot say */
  started: string | null;
}

export type LeaseOutcome = { held: true } | { held: false; holder: string; renewedAt: Date; process: HolderProcess | null };

/**
 * Takes the bot's lease on this database unless another holder renewed it within `expireAfterMs`.
 * One statement, so two bots starting at once cannot both win.
 */
export async function acquireLease(db: Db, holder: string, now: Date, expireAfterMs: number, process: HolderProcess | null = null): Promise<LeaseOutcome> {
  const at = now.toISOString();
  const expiredBefore = new Date(now.getTime() - expireAfterMs).toISOString();
  const columns = { holder, acquired_at: at, renewed_at: at, ...processColumns(process) };
  await db
    .insertInto('instance_lease')
    .values({ name: BOT_LEASE, ...columns })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet(columns).where((eb) =>
        eb.or([eb('instance_lease.holder', '=', holder), eb('instance_lease.renewed_at', '<', expiredBefore)]),
      ),
    )
    .execute();
  const row = await db.selectFrom('instance_lease').selectAll().where('name', '=', BOT_LEASE).executeTakeFirstOrThrow();
  if (row.holder === holder) return { held: true };
  const recorded = row.holder_host !== null && row.holder_pid !== null
    ? { host: row.holder_host, pid: row.holder_pid, started: row.holder_started }
    : null;
  return { held: false, holder: row.holder, renewedAt: new Date(row.renewed_at), process: recorded };
}

/**
 * Takes the lease from `previous`, a holder known to be dead, whatever its age. Only if `previous`
 * still holds it: of two restarts racing for a dead holder's lease, one wins.
 */
export async function takeOverLease(db: Db, previous: string, holder: string, now: Date, process: HolderProcess | null): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable('instance_lease')
    .set({ holder, acquired_at: at, renewed_at: at, ...processColumns(process) })
    .where('name', '=', BOT_LEASE)
    .where('holder', '=', previous)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function processColumns(process: HolderProcess | null) {
  return { holder_host: process?.host ?? null, holder_pid: process?.pid ?? null, holder_started: process?.started ?? null };
}

/** Renews the lease; false when another holder has taken it (ours had expired). */
export async function renewLease(db: Db, holder: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('instance_lease')
    .set({ renewed_at: now.toISOString() })
    .where('name', '=', BOT_LEASE)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseLease(db: Db, holder: string): Promise<void> {
  await db.deleteFrom('instance_lease').where('name', '=', BOT_LEASE).where('holder', '=', holder).execute();
}
