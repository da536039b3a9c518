import type { Light } from '../domain/types.js';
import type { Db } from './open.js';

// What the health checks and the metrics read from the store, and the heartbeat they write.

/** Commits a one-row update: fails when the store cannot be written (disk full, read-only, closed). */
export async function writeHeartbeat(db: Db, now: Date): Promise<void> {
  const beatAt = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('health_heartbeat')
      .values({ name: 'store', beat_at: beatAt })
      .onConflict((oc) => oc.column('name').doUpdateSet({ beat_at: beatAt }))
      .execute();
  });
}

/** When the oldest message still waiting for delivery (pending or mid-attempt) was enqueued; null when none waits. */
export async function oldestUndeliveredAt(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('created_at').as('oldest'))
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  return row?.oldest ? new Date(row.oldest) : null;
}

/** Outbox messages by status (sent ones included: a scrape tells backlog from history). */
export async function countOutboxByStatus(db: Db): Promise<Array<{ status: string; count: number }>> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

export interface TeamLightRow {
  teamId: string;
  light: Light;
}

export async function listTeamLights(db: Db): Promise<TeamLightRow[]> {
  const rows = await db.selectFrom('team_lights').select(['team_id', 'light']).orderBy('team_id').execute();
  return rows.map((row) => ({ teamId: row.team_id, light: row.light }));
}
