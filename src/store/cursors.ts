import type { RepoHealth } from '../domain/types.js';
import type { Db } from './open.js';

export interface RepoCursor {
  repo: string;
  etag: string | null;
  /** true once a full read (with recent closed PRs for history) has succeeded */
  seeded: boolean;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** GitHub asked us to wait until then (rate limit); null when free to call */
  retryAfter: Date | null;
}

const toDate = (value: string | null) => (value ? new Date(value) : null);

export async function getCursors(db: Db, repos: string[]): Promise<Map<string, RepoCursor>> {
  const rows = repos.length === 0 ? [] : await db.selectFrom('repo_cursors').selectAll().where('repo', 'in', repos).execute();
  const byRepo = new Map(rows.map((row) => [row.repo, row]));
  return new Map(
    repos.map((repo) => {
      const row = byRepo.get(repo);
      return [repo, {
        repo,
        etag: row?.etag ?? null,
        seeded: Boolean(row?.last_success_at),
        lastSuccessAt: toDate(row?.last_success_at ?? null),
        lastError: row?.last_error ?? null,
        consecutiveFailures: row?.consecutive_failures ?? 0,
        retryAfter: toDate(row?.retry_after ?? null),
      }];
    }),
  );
}

/** A read that succeeded (changed or 304): the data is fresh as of `now`. */
export async function recordReadSuccess(db: Db, repo: string, etag: string | null, now: Date): Promise<void> {
  const at = now.toISOString();
  const values = { etag, last_attempt_at: at, last_success_at: at, last_error: null, consecutive_failures: 0, retry_after: null };
  await db
    .insertInto('repo_cursors')
    .values({ repo, ...values, last_error_at: null })
    .onConflict((oc) => oc.column('repo').doUpdateSet(values))
    .execute();
}

/** A read that failed: the last good data stays, the error is kept for people to see. */
export async function recordReadFailure(db: Db, repo: string, error: string, retryAfter: Date | null, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('repo_cursors')
    .values({ repo, etag: null, last_attempt_at: at, last_success_at: null, last_error: error, last_error_at: at, consecutive_failures: 1, retry_after: retryAfter?.toISOString() ?? null })
    .onConflict((oc) =>
      oc.column('repo').doUpdateSet((eb) => ({
        last_attempt_at: at,
        last_error: error,
        last_error_at: at,
        consecutive_failures: eb('repo_cursors.consecutive_failures', '+', 1),
        retry_after: retryAfter?.toISOString() ?? null,
      })),
    )
    .execute();
}

export async function listRepoHealth(db: Db, repos: string[]): Promise<RepoHealth[]> {
  const cursors = await getCursors(db, repos);
  return repos.map((repo) => {
    const cursor = cursors.get(repo)!;
    return { repo, lastSuccessAt: cursor.lastSuccessAt, lastError: cursor.lastError };
  });
}

/**
 * `/flow watch` of a repository already watched: forget any wait GitHub asked for, so the next poll
 * reads it. True when there was a wait to forget.
 */
export async function clearRetryAfter(db: Db, repo: string): Promise<boolean> {
  const result = await db.updateTable('repo_cursors').set({ retry_after: null }).where('repo', '=', repo.toLowerCase()).where('retry_after', 'is not', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
