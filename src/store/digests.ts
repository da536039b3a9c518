import type { Db } from './open.js';

// One row per scheduled digest posted (team, local day): the per-day dedupe, and where "since the
// last digest" starts.

/** Records today's digest; false when one was already recorded for that local day. */
export async function recordDigest(db: Db, teamId: string, day: string, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('digests')
    .values({ team_id: teamId, day, posted_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['team_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function hasDigest(db: Db, teamId: string, day: string): Promise<boolean> {
  const row = await db.selectFrom('digests').select('day').where('team_id', '=', teamId).where('day', '=', day).executeTakeFirst();
  return row !== undefined;
}

/** When the team's latest digest before `day` was posted; null when there was none. */
export async function lastDigestBefore(db: Db, teamId: string, day: string): Promise<Date | null> {
  const row = await db
    .selectFrom('digests')
    .select('posted_at')
    .where('team_id', '=', teamId)
    .where('day', '<', day)
    .orderBy('day', 'desc')
    .executeTakeFirst();
  return row ? new Date(row.posted_at) : null;
}
