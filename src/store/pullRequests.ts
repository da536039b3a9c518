import type { PullRequestFacts } from '../domain/types.js';
import { decodeFacts, encodeFacts } from './factsCodec.js';
import type { Db } from './open.js';

/**
 * Upserts what GitHub said about these PRs. Classifying is each team's assessment, with its own
 * skip labels; `state` picks the open ones and closed history.
 */
export async function savePullRequests(db: Db, facts: PullRequestFacts[], fetchedAt: Date): Promise<void> {
  for (const pr of facts) {
    const row = {
      state: pr.state,
      author: pr.author?.toLowerCase() ?? null,
      facts: encodeFacts({ ...pr, repo: pr.repo.toLowerCase() }),
      fetched_at: fetchedAt.toISOString(),
    };
    await db
      .insertInto('pull_requests')
      .values({ repo: pr.repo.toLowerCase(), number: pr.number, ...row })
      .onConflict((oc) => oc.columns(['repo', 'number']).doUpdateSet(row))
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
