import { sql } from 'kysely';
import type { Db } from './open.js';

/**
 * A text that changes when anything one team's assessment reads changes: its settings, watched
 * repositories, people, claims, stored light (light + since), the PRs of its repositories (how many,
 * and the latest fetch, per repository: a poll saves each repository's PRs in a transaction of its own,
 * all with the poll's time) and the health of those repositories as far as it makes the light grey
 * (errors, and which repositories have gone unread since `staleBefore`).
 *
 * Unlike a count of database writes, it stays put when a poll only confirms that nothing changed
 * (every poll writes each repository's cursor and the light's evaluated_at), so the team's shared
 * view survives quiet polls. What moves with the clock alone (waits, staleness crossing its limit)
 * is the caller's to bound with a maximum view age.
 */
export async function teamDataVersion(db: Db, teamId: string, staleBefore: Date): Promise<string> {
  // Portable SQL: string_agg(… order by …) is both PostgreSQL's and (since 3.44) SQLite's ordered
  // concatenation; every subquery in FROM is named, as PostgreSQL 15 requires.
  const result = await sql<Record<string, string | number | null>>`
    with repos as (select repo from watched_repos where team_id = ${teamId})
    select
      (select settings from teams where id = ${teamId}) as settings,
      (select string_agg(repo, ',' order by repo) from repos) as repos,
      (select string_agg(github_login || '=' || slack_user_id, ',' order by slack_user_id)
         from people where team_id = ${teamId}) as people,
      (select string_agg(repo || '#' || number || '@' || github_login || '@' || claimed_at, ',' order by repo, number)
         from claims where team_id = ${teamId}) as claims,
      (select light || '@' || since from team_lights where team_id = ${teamId}) as light,
      (select string_agg(repo || ':' || n || '@' || latest, ',' order by repo)
         from (select repo, count(*) as n, max(fetched_at) as latest from pull_requests
               where repo in (select repo from repos) group by repo) as per_repo) as prs,
      (select string_agg(repo || '|' || coalesce(last_error, '') || '|' || coalesce(last_success_at, 'never'), ',' order by repo)
         from repo_cursors where repo in (select repo from repos)
               and (last_error is not null or last_success_at is null or last_success_at <= ${staleBefore.toISOString()})) as health,
      (select count(*) from repo_cursors where repo in (select repo from repos)) as cursors
  `.execute(db);
  return JSON.stringify(result.rows[0] ?? {});
}
