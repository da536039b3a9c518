import type { PullRequestFacts } from '../domain/types.js';
import { decodeFacts } from './factsCodec.js';
import type { Db } from './open.js';

// Decoding 11,000 facts JSON texts takes ~45 ms and even listing their keys ~10 ms, while a poll
// changes a handful of PRs in a few repositories. So decoded facts are kept per repository: a
// repository whose rows look the same (how many, and the latest fetched_at, which every save sets;
// the poller saves a repository's PRs in one transaction) is not read again, and in one that
// changed only the rows whose fetched_at moved are decoded again. Facts are never mutated, so the
// same objects serve every view. The cache is an object the composition root builds once for its
// database and passes in, not module state: tests and replicas see only the cache they were given.

interface Decoded {
  fetchedAt: string;
  facts: PullRequestFacts;
}

interface RepoEntry {
  /** count and latest fetched_at of the rows read */
  signature: string;
  byNumber: Map<number, Decoded>;
  /** the rows' facts, by number */
  list: PullRequestFacts[];
}

/** Decoded facts of one database's pull requests, by lower-case repository. Build one per database. */
export interface PullRequestCache {
  readonly repos: Map<string, RepoEntry>;
}

export function createPullRequestCache(): PullRequestCache {
  return { repos: new Map() };
}

/** Above this many changed rows, one select of every changed repository's facts beats many small ones. */
const SELECT_ALL_ABOVE = 200;
const PAIRS_PER_SELECT = 100;

/** listPullRequests' answer (same rows, same filter; by repository as given, then number), reading only what changed since the last call. */
export async function listPullRequestsCached(db: Db, decoded: PullRequestCache, repos: string[], closedSince: Date): Promise<PullRequestFacts[]> {
  if (repos.length === 0) return [];
  const cache = decoded.repos;
  const lowerRepos = [...new Set(repos.map((r) => r.toLowerCase()))];
  const since = closedSince.toISOString();
  const aggregates = await db
    .selectFrom('pull_requests')
    .select((eb) => ['repo', eb.fn.countAll<number>().as('rows'), eb.fn.max('fetched_at').as('latest')])
    .where('repo', 'in', lowerRepos)
    .where((eb) => eb.or([eb('state', '=', 'OPEN'), eb('fetched_at', '>=', since)]))
    .groupBy('repo')
    .execute();
  const signatures = new Map(aggregates.map((a) => [a.repo, `${a.rows}@${a.latest}`]));
  const changedRepos = lowerRepos.filter((repo) => cache.get(repo)?.signature !== (signatures.get(repo) ?? '0@'));
  if (changedRepos.length > 0) await reread(db, cache, changedRepos, since, signatures);

  const result: PullRequestFacts[] = [];
  for (const repo of lowerRepos) {
    for (const facts of cache.get(repo)?.list ?? []) {
      if (facts.state === 'OPEN' || (facts.closedAt ?? facts.mergedAt ?? new Date(0)) >= closedSince) result.push(facts);
    }
  }
  return result;
}

async function reread(db: Db, cache: Map<string, RepoEntry>, repos: string[], since: string, signatures: Map<string, string>): Promise<void> {
  const keys = await db
    .selectFrom('pull_requests')
    .select(['repo', 'number', 'fetched_at'])
    .where('repo', 'in', repos)
    .where((eb) => eb.or([eb('state', '=', 'OPEN'), eb('fetched_at', '>=', since)]))
    .orderBy('repo')
    .orderBy('number')
    .execute();
  const changed = keys.filter((row) => cache.get(row.repo)?.byNumber.get(row.number)?.fetchedAt !== row.fetched_at);
  const fresh = new Map<string, Decoded>();
  const remember = (row: { repo: string; number: number; fetched_at: string; facts: string }) =>
    fresh.set(`${row.repo}#${row.number}`, { fetchedAt: row.fetched_at, facts: decodeFacts(row.facts) });
  if (changed.length > SELECT_ALL_ABOVE) {
    const rows = await db
      .selectFrom('pull_requests')
      .select(['repo', 'number', 'fetched_at', 'facts'])
      .where('repo', 'in', repos)
      .where((eb) => eb.or([eb('state', '=', 'OPEN'), eb('fetched_at', '>=', since)]))
      .execute();
    for (const row of rows) remember(row);
  } else {
    for (let i = 0; i < changed.length; i += PAIRS_PER_SELECT) {
      const pairs = changed.slice(i, i + PAIRS_PER_SELECT);
      const rows = await db
        .selectFrom('pull_requests')
        .select(['repo', 'number', 'fetched_at', 'facts'])
        .where((eb) => eb.or(pairs.map((p) => eb.and([eb('repo', '=', p.repo), eb('number', '=', p.number)]))))
        .execute();
      for (const row of rows) remember(row);
    }
  }

  const entries = new Map<string, RepoEntry>(repos.map((repo) => [repo, { signature: signatures.get(repo) ?? '0@', byNumber: new Map(), list: [] }]));
  for (const row of keys) {
    const entry = entries.get(row.repo)!;
    const decoded = fresh.get(`${row.repo}#${row.number}`) ?? cache.get(row.repo)?.byNumber.get(row.number);
    if (!decoded) continue; // deleted between the selects
    entry.byNumber.set(row.number, decoded);
    entry.list.push(decoded.facts);
  }
  for (const [repo, entry] of entries) cache.set(repo, entry);
}

/** Drops the decoded facts of repositories no team watches any more. */
export function forgetUnwatchedRepositories(decoded: PullRequestCache, watched: readonly string[]): void {
  const cache = decoded.repos;
  const keep = new Set(watched.map((repo) => repo.toLowerCase()));
  for (const repo of cache.keys()) if (!keep.has(repo)) cache.delete(repo);
}
