import { isPostgres } from './dialect.js';
import type { Db } from './open.js';

export async function ensureTeam(db: Db, teamId: string, now: Date): Promise<void> {
  await db
    .insertInto('teams')
    .values({ id: teamId, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Holds the team's row until the transaction ends, so transactions that read the team's state, decide
 * and write (an evaluation, a post within the channel's limit) run one after another for one team,
 * as SQLite's single writer makes every transaction run. On PostgreSQL (READ COMMITTED) two of them
 * would otherwise both read the old light and both announce a change. SQLite has no FOR UPDATE and
 * needs none.
 */
export async function lockTeam(trx: Db, teamId: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await trx.selectFrom('teams').select('id').where('id', '=', teamId).forUpdate().execute();
}

export async function listTeamIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('teams').select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}

/**
 * The team's stored overrides of the default settings, as the JSON text stored ('{}' when none).
 * Parsing and validating is resolveSettings' job: a hand-edited value that does not parse is
 * reported there as settings_invalid, never silently replaced by the defaults.
 */
export async function getSettingsOverrides(db: Db, teamId: string): Promise<string> {
  const row = await db.selectFrom('teams').select('settings').where('id', '=', teamId).executeTakeFirst();
  return row?.settings ?? '{}';
}

export async function saveSettingsOverrides(db: Db, teamId: string, overrides: object): Promise<void> {
  await db.updateTable('teams').set({ settings: JSON.stringify(overrides) }).where('id', '=', teamId).execute();
}
