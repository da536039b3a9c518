import type { Db } from './open.js';

export async function ensureTeam(db: Db, teamId: string, now: Date): Promise<void> {
  await db
    .insertInto('teams')
    .values({ id: teamId, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
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
