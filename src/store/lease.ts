import type { Db } from './open.js';

const BOT_LEASE = 'bot';

export type LeaseOutcome = { held: true } | { held: false; holder: string; renewedAt: Date };

/**
 * Takes the bot's lease on this database unless another holder renewed it within `expireAfterMs`.
 * One statement, so two bots starting at once cannot both win.
 */
export async function acquireLease(db: Db, holder: string, now: Date, expireAfterMs: number): Promise<LeaseOutcome> {
  const at = now.toISOString();
  const expiredBefore = new Date(now.getTime() - expireAfterMs).toISOString();
  await db
    .insertInto('instance_lease')
    .values({ name: BOT_LEASE, holder, acquired_at: at, renewed_at: at })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ holder, acquired_at: at, renewed_at: at }).where((eb) =>
        eb.or([eb('instance_lease.holder', '=', holder), eb('instance_lease.renewed_at', '<', expiredBefore)]),
      ),
    )
    .execute();
  const row = await db.selectFrom('instance_lease').selectAll().where('name', '=', BOT_LEASE).executeTakeFirstOrThrow();
  return row.holder === holder ? { held: true } : { held: false, holder: row.holder, renewedAt: new Date(row.renewed_at) };
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
