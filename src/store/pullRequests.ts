import type { Insertable } from 'kysely';
import type { PullRequestFacts } from '../domain/types.js';
import { decodeFacts, encodeFacts } from './factsCodec.js';
import type { PullRequestTable } from './database.js';
import type { Db } from './open.js';

/** Rows per upsert statement: 7 values a row stays far below SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * Upserts what GitHub said about these PRs. Classifying is each team's assessment, with its own
 * skip labels; `state` picks the open ones and closed history. One statement for up to 500 PRs
 * rather than one per PR: a poll or a history page saves 49 at a time.
 */
export async function savePullRequests(db: Db, facts: PullRequestFacts[], fetchedAt: Date): Promise<void> {
  // The last word on a PR wins, as one upsert after another would have it; a statement may not
  // touch the same row twice on PostgreSQL.
  const rows = new Map<string, Insertable<PullRequestTable>>();
  for (const pr of facts) {
    const repo = pr.repo.toLowerCase();
    rows.set(`${repo}#${pr.number}`, {
      repo,
      number: pr.number,
      state: pr.state,
      author: pr.author?.toLowerCase() ?? null,
      facts: encodeFacts({ ...pr, repo }),
      fetched_at: fetchedAt.toISOString(),
      github_updated_at: pr.updatedAt?.toISOString() ?? null,
    });
  }
  const all = [...rows.values()];
  for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto('pull_requests')
      .values(all.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.columns(['repo', 'number']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          author: eb.ref('excluded.author'),
          facts: eb.ref('excluded.facts'),
          fetched_at: eb.ref('excluded.fetched_at'),
          github_updated_at: eb.ref('excluded.github_updated_at'),
        })),
      )
      .execute();
  }
}

/** Open PRs of these repositories, plus those closed or merged after `closedSince` (throughput history). */
export async function listPullRequests(db: Db, repos: string[], closedSince: Date): Promise<PullRequestFacts[]> {
  if (repos.length === 0) return [];
  const rows = await db
    .selectFrom('pull_requests')
    .select('facts')
    .where('repo', 'in', repos.map((r) => r.toLowerCase()))
    .where((eb) => eb.or([eb('state', '=', 'OPEN'), eb('fetched_at', '>=', closedSince.toISOString())]))
    .execute();
  return rows.map((row) => decodeFacts(row.facts)).filter((pr) => pr.state === 'OPEN' || (pr.closedAt ?? pr.mergedAt ?? new Date(0)) >= closedSince);
}

export async function listOpenNumbers(db: Db, repo: string): Promise<number[]> {
  const rows = await db
    .selectFrom('pull_requests')
    .select('number')
    .where('repo', '=', repo.toLowerCase())
    .where('state', '=', 'OPEN')
    .orderBy('number')
    .execute();
  return rows.map((row) => row.number);
}

/** What the store holds of these repositories' PRs: state and GitHub's updatedAt as last read, by "repo#number". */
export async function listStoredVersions(db: Db, repos: string[]): Promise<Map<string, { state: string; updatedAt: string | null }>> {
  const versions = new Map<string, { state: string; updatedAt: string | null }>();
  const lower = [...new Set(repos.map((r) => r.toLowerCase()))];
  for (let i = 0; i < lower.length; i += 500) {
    const rows = await db.selectFrom('pull_requests').select(['repo', 'number', 'state', 'github_updated_at']).where('repo', 'in', lower.slice(i, i + 500)).execute();
    for (const row of rows) versions.set(`${row.repo}#${row.number}`, { state: row.state, updatedAt: row.github_updated_at });
  }
  return versions;
}

/** Forgets closed PRs no longer needed for history, so the store does not grow without bound. */
export async function pruneClosedPullRequests(db: Db, fetchedBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('pull_requests')
    .where('state', '!=', 'OPEN')
    .where('fetched_at', '<', fetchedBefore.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Forgets PRs GitHub no longer has (deleted), so they leave the queue. */
export async function deletePullRequests(db: Db, repo: string, numbers: number[]): Promise<void> {
  if (numbers.length === 0) return;
  await db.deleteFrom('pull_requests').where('repo', '=', repo.toLowerCase()).where('number', 'in', numbers).execute();
}
