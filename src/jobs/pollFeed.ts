import type { GitHub } from '../github/client.js';
import { listOpenHeads, readByNumber, searchChanged, type FeedItem } from '../github/changeFeed.js';
import { badResponse, type ReadFailure } from '../github/errors.js';
import { ONE_POINT_REQUESTS } from '../github/queries.js';
import type { RepoRef } from '../github/pullRequestNodes.js';
import { failed, repoRef, seedSince, type RepoRead } from '../github/readRepository.js';
import type { Logger } from '../logger.js';
import { getFeedMarks, recordFeedMark } from '../store/changeFeed.js';
import type { Db } from '../store/open.js';
import { listStoredVersions } from '../store/pullRequests.js';

// Reading repositories already seeded through the change feed, so a push to a branch costs nothing:
//   1. per owner, either a search of the PRs updated since its last search (1 point per 100 results),
//      or, every `reconcileEveryMs` (and when search cannot serve: first time, over 1,000 results,
//      a failure), a reconciliation: every open PR's number and updatedAt, 149 repositories a point,
//      plus every PR the store holds open that left that list;
//   2. keep the PRs whose facts are behind: unknown, or updatedAt moved while open (or just closed);
//      a closed PR that changes again (a comment after merging) is not read: history has it;
//   3. read them, 49 a point across repositories; a PR GitHub no longer has is reported vanished;
//   4. move the owner's marks forward only if every one of its repositories was read whole.

/** GitHub's search index trails the data by seconds, sometimes a minute: search further back than the last search. */
export const SEARCH_OVERLAP_MS = 5 * 60_000;
export const DEFAULT_RECONCILE_EVERY_MS = 15 * 60_000;

export interface FeedDeps {
  db: Db;
  github: GitHub;
  logger: Logger;
  concurrency: number;
  /** how often every repository is compared in full (what a search can miss: lag, deletions, renames) */
  reconcileEveryMs?: number;
  /**
   * An owner with at most this many repositories to read is reconciled at every poll instead of searched:
   * one call of open heads costs the same 1 point as a search, and misses nothing search can (index lag,
   * deletions, renames). Default: as many as one call holds (149).
   */
  reconcileEveryPollUpTo?: number;
}

interface RepoWork {
  repo: string;
  ref: RepoRef;
  owner: string;
  renamedTo?: string;
  /** PR numbers to read */
  numbers: Set<number>;
  failure: ReadFailure | null;
}

export async function readThroughFeed(deps: FeedDeps, repos: readonly string[], now: Date): Promise<{ reads: Map<string, RepoRead>; reconciled: Set<string> }> {
  const results = new Map<string, RepoRead>();
  const work: RepoWork[] = [];
  for (const repo of repos) {
    const ref = repoRef(repo);
    if (!ref.ok) results.set(repo, failed(ref.failure));
    else work.push({ repo, ref: ref.ref, owner: ref.ref.owner.toLowerCase(), numbers: new Set(), failure: null });
  }
  const owners = [...new Set(work.map((w) => w.owner))];
  const marks = await getFeedMarks(deps.db, owners);
  const stored = await listStoredVersions(deps.db, work.map((w) => w.repo));
  const reconcileEvery = deps.reconcileEveryMs ?? DEFAULT_RECONCILE_EVERY_MS;
  const byName = new Map(work.map((w) => [w.repo.toLowerCase(), w]));
  const since = seedSince(now);

  // 1. Search what it can serve; the rest is reconciled.
  const reconciling = new Set<string>();
  const smallUpTo = deps.reconcileEveryPollUpTo ?? ONE_POINT_REQUESTS;
  await Promise.all(owners.map(async (owner) => {
    const mark = marks.get(owner)!;
    if (work.filter((w) => w.owner === owner).length <= smallUpTo) return void reconciling.add(owner);
    if (!mark.searchedAt || !mark.reconciledAt || now.getTime() - mark.reconciledAt.getTime() >= reconcileEvery) return void reconciling.add(owner);
    const search = await searchChanged(deps.github, owner, new Date(mark.searchedAt.getTime() - SEARCH_OVERLAP_MS), now);
    if (!search.ok) {
      if (search.overflow) deps.logger.info({ owner }, 'poll: more PRs changed than GitHub search serves; reconciling every repository of this owner');
      else deps.logger.warn({ owner, error: search.failure.error.message }, 'poll: the change feed search failed; reconciling every repository of this owner');
      if (!search.overflow && search.failure.error.code === 'github_rate_limited') {
        for (const w of work) if (w.owner === owner) w.failure = search.failure;
        return;
      }
      return void reconciling.add(owner);
    }
    for (const item of search.items) {
      const w = byName.get(item.repo.toLowerCase());
      if (w && behind(item, stored.get(`${w.repo.toLowerCase()}#${item.number}`), since)) w.numbers.add(item.number);
    }
  }));

  const toReconcile = work.filter((w) => reconciling.has(w.owner) && !w.failure);
  if (toReconcile.length > 0) {
    const heads = await listOpenHeads(deps.github, toReconcile.map((w) => w.ref), { concurrency: deps.concurrency, now });
    for (const w of toReconcile) {
      const read = heads.get(w.ref.fullName)!;
      if (!read.ok) {
        w.failure = read.failure;
        continue;
      }
      if (read.nameWithOwner.toLowerCase() !== w.repo.toLowerCase()) w.renamedTo = read.nameWithOwner;
      const listed = new Set(read.open.map((item) => item.number));
      for (const item of read.open) if (behind(item, stored.get(`${w.repo.toLowerCase()}#${item.number}`), since)) w.numbers.add(item.number);
      // Open in the store, gone from the open list: closed, merged or deleted since.
      const prefix = `${w.repo.toLowerCase()}#`;
      for (const [key, version] of stored) {
        if (key.startsWith(prefix) && version.state === 'OPEN' && !listed.has(Number(key.slice(prefix.length)))) w.numbers.add(Number(key.slice(prefix.length)));
      }
    }
  }

  // 3. Read what is behind, across repositories.
  const reading = work.filter((w) => !w.failure && w.numbers.size > 0);
  const reads = await readByNumber(deps.github, reading.map((w) => ({ ref: w.ref, numbers: [...w.numbers].sort((a, b) => a - b) })), { concurrency: deps.concurrency, now });

  for (const w of work) {
    if (w.failure) {
      results.set(w.repo, failed(w.failure));
      continue;
    }
    const read = w.numbers.size > 0 ? reads.get(w.ref.fullName) : { ok: true as const, facts: [], gone: [] };
    if (!read || !read.ok) {
      results.set(w.repo, failed(read ? read.failure : badResponse(w.repo, 'its pull requests were missing from the batched reads')));
      continue;
    }
    const pullRequests = w.renamedTo ? read.facts.map((f) => ({ ...f, repo: w.renamedTo! })) : read.facts;
    results.set(w.repo, { kind: 'updated', pullRequests, vanished: read.gone, ...(w.renamedTo ? { renamedTo: w.renamedTo } : {}) });
  }

  return { reads: results, reconciled: reconciling };
}

/**
 * 4. Marks move only for owners whose every repository was read whole this poll: searched up to now, and
 * reconciled when the feed reconciled it or every repository of it was read in full for the first time.
 */
export async function recordFeedMarks(db: Db, reads: ReadonlyMap<string, RepoRead>, fullyRead: ReadonlySet<string>, reconciled: ReadonlySet<string>, now: Date): Promise<void> {
  const byOwner = new Map<string, string[]>();
  for (const repo of reads.keys()) {
    const owner = repo.split('/')[0]!.toLowerCase();
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), repo]);
  }
  for (const [owner, repos] of byOwner) {
    if (repos.some((repo) => reads.get(repo)?.kind === 'failed')) continue;
    const whole = reconciled.has(owner) || repos.every((repo) => fullyRead.has(repo));
    await recordFeedMark(db, owner, whole ? { searchedAt: now, reconciledAt: now } : { searchedAt: now });
  }
}

/** Whether the stored facts of a PR are behind what a feed says of it. */
export function behind(item: FeedItem, stored: { state: string; updatedAt: string | null } | undefined, historySince: Date): boolean {
  if (!stored) return item.state === 'OPEN' || (item.closedAt ?? item.updatedAt) >= historySince;
  if (stored.updatedAt !== null && new Date(stored.updatedAt).getTime() === item.updatedAt.getTime()) return false;
  // Closed then and closed now: a comment after the merge changes nothing the queue or its history needs.
  return item.state === 'OPEN' || stored.state === 'OPEN';
}
