import type { Db } from './open.js';

export async function watchRepo(db: Db, teamId: string, repo: string, addedBy: string | null, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('watched_repos')
    .values({ team_id: teamId, repo: repo.toLowerCase(), added_by: addedBy, added_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['team_id', 'repo']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function unwatchRepo(db: Db, teamId: string, repo: string): Promise<boolean> {
  const result = await db
    .deleteFrom('watched_repos')
    .where('team_id', '=', teamId)
    .where('repo', '=', repo.toLowerCase())
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listWatchedRepos(db: Db, teamId: string): Promise<string[]> {
  const rows = await db.selectFrom('watched_repos').select('repo').where('team_id', '=', teamId).orderBy('repo').execute();
  return rows.map((row) => row.repo);
}

/** Every repository any team watches, once: what the poller reads. */
export async function listAllWatchedRepos(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('watched_repos').select('repo').distinct().orderBy('repo').execute();
  return rows.map((row) => row.repo);
}

/** The teams that watch a repository: whom a change in it concerns. */
export async function listTeamsWatching(db: Db, repos: string[]): Promise<string[]> {
  if (repos.length === 0) return [];
  const rows = await db
    .selectFrom('watched_repos')
    .select('team_id')
    .distinct()
    .where('repo', 'in', repos.map((r) => r.toLowerCase()))
    .orderBy('team_id')
    .execute();
  return rows.map((row) => row.team_id);
}
