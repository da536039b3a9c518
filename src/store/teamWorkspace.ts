import type { Db } from './open.js';

// The Slack workspace (and enterprise) a team's channel belongs to. Channel IDs are unique within a
// workspace; recording it lets a request from another installation be refused even when two bots
// ever shared one store.

export interface SlackWorkspace {
  teamId: string;
  enterpriseId: string | null;
}

/** The workspace recorded for the team; null when there is no such team or none was recorded yet. */
export async function recordedWorkspaceOf(db: Db, teamId: string): Promise<SlackWorkspace | null> {
  const row = await db.selectFrom('teams').select(['slack_team_id', 'slack_enterprise_id']).where('id', '=', teamId).executeTakeFirst();
  if (!row?.slack_team_id) return null;
  return { teamId: row.slack_team_id, enterpriseId: row.slack_enterprise_id };
}

/** Records the workspace on a team that has none yet (teams from before it was recorded, new teams). */
export async function recordWorkspace(db: Db, teamId: string, workspace: SlackWorkspace): Promise<void> {
  await db
    .updateTable('teams')
    .set({ slack_team_id: workspace.teamId, slack_enterprise_id: workspace.enterpriseId })
    .where('id', '=', teamId)
    .where('slack_team_id', 'is', null)
    .execute();
}

export function sameWorkspace(a: SlackWorkspace, b: SlackWorkspace): boolean {
  return a.teamId === b.teamId && (a.enterpriseId ?? null) === (b.enterpriseId ?? null);
}
