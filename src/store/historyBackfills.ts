import type { HistoryBackfill } from '../domain/historyProgress.js';
import type { Db } from './open.js';

// The history backfill's progress, one row per repository, and each team's first watch.

const toDate = (value: string | null) => (value ? new Date(value) : null);

/**
 * Asks for a repository's history (from `/flow watch`). A repository already read, or being read, is
 * left alone; one whose backfill failed starts over, since watching again is what its message asks.
 */
export async function requestBackfill(db: Db, repo: string, weeks: number, now: Date): Promise<void> {
  const at = now.toISOString();
  const fresh = {
    status: 'reading' as const, weeks, since: new Date(now.getTime() - weeks * 7 * 86_400_000).toISOString(),
    cursor: null, read_back_to: null, pages: 0, pull_requests: 0, failures: 0, last_error: null, retry_after: null, started_at: at, updated_at: at,
  };
  await db
    .insertInto('history_backfills')
    .values({ repo: repo.toLowerCase(), ...fresh })
    .onConflict((oc) => oc.column('repo').doUpdateSet(fresh).where('history_backfills.status', '=', 'failed'))
    .execute();
}

export async function getBackfills(db: Db, repos: string[]): Promise<Map<string, HistoryBackfill>> {
  if (repos.length === 0) return new Map();
  const rows = await db.selectFrom('history_backfills').selectAll().where('repo', 'in', repos.map((r) => r.toLowerCase())).execute();
  return new Map(rows.map((row) => [row.repo, toBackfill(row)]));
}

/** Backfills still reading whose wait (rate limit, backoff) is over, the least advanced first. */
export async function listBackfillsDue(db: Db, now: Date): Promise<HistoryBackfill[]> {
  const rows = await db
    .selectFrom('history_backfills')
    .selectAll()
    .where('status', '=', 'reading')
    .where((eb) => eb.or([eb('retry_after', 'is', null), eb('retry_after', '<=', now.toISOString())]))
    .orderBy('pages')
    .orderBy('repo')
    .execute();
  return rows.map(toBackfill);
}

/** One page stored: where the next starts (null: done) and how far back the history now reaches. */
export async function recordBackfillPage(db: Db, repo: string, page: { nextCursor: string | null; readBackTo: Date | null; pullRequests: number }, now: Date): Promise<void> {
  await db
    .updateTable('history_backfills')
    .set((eb) => ({
      status: page.nextCursor === null ? 'complete' : 'reading',
      cursor: page.nextCursor,
      read_back_to: page.readBackTo?.toISOString() ?? eb.ref('read_back_to'),
      pages: eb('pages', '+', 1),
      pull_requests: eb('pull_requests', '+', page.pullRequests),
      failures: 0,
      last_error: null,
      retry_after: null,
      updated_at: now.toISOString(),
    }))
    .where('repo', '=', repo.toLowerCase())
    .execute();
}

/** A page that could not be read: wait and try again, or give up (`failed`) saying why. */
export async function recordBackfillFailure(db: Db, repo: string, failure: { error: string; retryAfter: Date | null; giveUp: boolean }, now: Date): Promise<void> {
  await db
    .updateTable('history_backfills')
    .set((eb) => ({
      status: failure.giveUp ? 'failed' : 'reading',
      failures: eb('failures', '+', 1),
      last_error: failure.error,
      retry_after: failure.retryAfter?.toISOString() ?? null,
      updated_at: now.toISOString(),
    }))
    .where('repo', '=', repo.toLowerCase())
    .execute();
}

/** The first time a team watched a repository; later watches keep it. */
export async function recordFirstWatch(db: Db, teamId: string, now: Date): Promise<void> {
  await db.insertInto('team_first_watch').values({ team_id: teamId, first_watched_at: now.toISOString() }).onConflict((oc) => oc.column('team_id').doNothing()).execute();
}

export async function getFirstWatch(db: Db, teamId: string): Promise<Date | null> {
  const row = await db.selectFrom('team_first_watch').select('first_watched_at').where('team_id', '=', teamId).executeTakeFirst();
  return row ? new Date(row.first_watched_at) : null;
}

function toBackfill(row: { repo: string; status: HistoryBackfill['status']; weeks: number; since: string; cursor: string | null; read_back_to: string | null; pages: number; pull_requests: number; failures: number; last_error: string | null; retry_after: string | null; started_at: string }): HistoryBackfill {
  return {
    repo: row.repo, status: row.status, weeks: row.weeks, since: new Date(row.since), cursor: row.cursor, readBackTo: toDate(row.read_back_to),
    pages: row.pages, pullRequests: row.pull_requests, failures: row.failures, lastError: row.last_error, retryAfter: toDate(row.retry_after), startedAt: new Date(row.started_at),
  };
}
