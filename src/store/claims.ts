import type { Claim } from '../domain/types.js';
import type { Db } from './open.js';

export async function claimPullRequest(
  db: Db,
  teamId: string,
  claim: { repo: string; number: number; login: string; slackUserId: string | null },
  now: Date,
): Promise<void> {
  const values = {
    github_login: claim.login.toLowerCase(),
    slack_user_id: claim.slackUserId,
    claimed_at: now.toISOString(),
  };
  await db
    .insertInto('claims')
    .values({ team_id: teamId, repo: claim.repo.toLowerCase(), number: claim.number, ...values })
    .onConflict((oc) => oc.columns(['team_id', 'repo', 'number']).doUpdateSet(values))
    .execute();
}

export async function listClaims(db: Db, teamId: string): Promise<Claim[]> {
  const rows = await db.selectFrom('claims').selectAll().where('team_id', '=', teamId).execute();
  return rows.map((row) => ({ repo: row.repo, number: row.number, login: row.github_login, claimedAt: new Date(row.claimed_at) }));
}

/** Forgets claims made before `before`: a claim counts for hours, but the table would otherwise grow forever. */
export async function pruneClaims(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('claims').where('claimed_at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
