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

/**
 * Claims the PR only if its claim is still the one the caller decided on: `seen` is the claim it read
 * (null: there was none). A conditional upsert, so two people pressing Pick up at once cannot both
 * get the PR: on SQLite writes are serialised; on PostgreSQL (READ COMMITTED) the second insert waits
 * for the first to commit, then finds the row changed and neither inserts nor updates. True when claimed.
 */
export async function claimPullRequestIfUnchanged(
  db: Db,
  teamId: string,
  claim: { repo: string; number: number; login: string; slackUserId: string | null },
  seen: { login: string; claimedAt: Date } | null,
  now: Date,
): Promise<boolean> {
  const values = {
    github_login: claim.login.toLowerCase(),
    slack_user_id: claim.slackUserId,
    claimed_at: now.toISOString(),
  };
  const result = await db
    .insertInto('claims')
    .values({ team_id: teamId, repo: claim.repo.toLowerCase(), number: claim.number, ...values })
    .onConflict((oc) => seen === null
      ? oc.columns(['team_id', 'repo', 'number']).doNothing()
      : oc.columns(['team_id', 'repo', 'number']).doUpdateSet(values)
        .where('claims.github_login', '=', seen.login.toLowerCase())
        .where('claims.claimed_at', '=', seen.claimedAt.toISOString()))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Who holds the claim on one PR now, if anyone (however old the claim). */
export async function findClaim(db: Db, teamId: string, repo: string, number: number): Promise<Claim | null> {
  const row = await db.selectFrom('claims').selectAll()
    .where('team_id', '=', teamId).where('repo', '=', repo.toLowerCase()).where('number', '=', number)
    .executeTakeFirst();
  return row ? { repo: row.repo, number: row.number, login: row.github_login, claimedAt: new Date(row.claimed_at) } : null;
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
