import type { LightDecision, Reason } from '../domain/light.js';
import type { Light } from '../domain/types.js';
import type { Db } from './open.js';

export interface StoredLight {
  light: Light;
  since: Date;
  reasons: Reason[];
  evaluatedAt: Date;
}

export interface LightChange {
  from: Light;
  to: Light;
  at: Date;
  reasons: Reason[];
}

export async function getTeamLight(db: Db, teamId: string): Promise<StoredLight | null> {
  const row = await db.selectFrom('team_lights').selectAll().where('team_id', '=', teamId).executeTakeFirst();
  if (!row) return null;
  return { light: row.light, since: new Date(row.since), reasons: JSON.parse(row.reasons) as Reason[], evaluatedAt: new Date(row.evaluated_at) };
}

/** Saves the decision as the team's current light and, on a transition, appends it to the history. */
export async function saveTeamLight(db: Db, teamId: string, decision: LightDecision, evaluatedAt: Date): Promise<void> {
  const values = {
    light: decision.light,
    since: decision.since.toISOString(),
    reasons: JSON.stringify(decision.reasons),
    evaluated_at: evaluatedAt.toISOString(),
  };
  await db
    .insertInto('team_lights')
    .values({ team_id: teamId, ...values })
    .onConflict((oc) => oc.column('team_id').doUpdateSet(values))
    .execute();
  const { transition } = decision;
  if (transition) {
    await db
      .insertInto('light_changes')
      .values({ team_id: teamId, from_light: transition.from, to_light: transition.to, reasons: JSON.stringify(transition.reasons), at: transition.at.toISOString() })
      .execute();
  }
}

export async function listLightChanges(db: Db, teamId: string, since: Date): Promise<LightChange[]> {
  const rows = await db
    .selectFrom('light_changes')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('at', '>=', since.toISOString())
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ from: row.from_light, to: row.to_light, at: new Date(row.at), reasons: JSON.parse(row.reasons) as Reason[] }));
}
