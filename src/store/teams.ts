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

/** The team's stored overrides of the default settings ({} when none); the domain validates them. */
export async function getSettingsOverrides(db: Db, teamId: string): Promise<unknown> {
  const row = await db.selectFrom('teams').select('settings').where('id', '=', teamId).executeTakeFirst();
  if (!row) return {};
  try {
    return JSON.parse(row.settings) as unknown;
  } catch {
    return {}; // a hand-edited, unparseable value must not take the team down: defaults apply
  }
}

export async function saveSettingsOverrides(db: Db, teamId: string, overrides: object): Promise<void> {
  await db.updateTable('teams').set({ settings: JSON.stringify(overrides) }).where('id', '=', teamId).execute();
}
