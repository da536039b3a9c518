import type { PullRequestFacts } from '../domain/types.js';
import { decodeFacts } from './factsCodec.js';
import type { Db } from './open.js';

// Decoding 11,000 facts JSON texts takes ~45 ms, and a poll changes a handful of PRs: keep the
// decoded facts per database, keyed by PR and the fetched_at they were decoded from, and decode
// again only the rows whose fetched_at moved (every save sets it). Facts are never mutated, so the
// same objects can serve every view.

interface Decoded {
  repo: string;
  fetchedAt: string;
  facts: PullRequestFacts;
}

const caches = new WeakMap<Db, Map<string, Decoded>>();

/** Above this many changed rows, one select of every row's facts beats many small ones. */
const SELECT_ALL_ABOVE = 200;
const PAIRS_PER_SELECT = 100;

const keyOf = (repo: string, number: number) => `${repo}#${number}`;

/** listPullRequests' answer (same rows, same filter, ordered by repo and number), decoding only what changed since the last call. */
export async function listPullRequestsCached(db: Db, repos: string[], closedSince: Date): Promise<PullRequestFacts[]> {
  if (repos.length === 0) return [];
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const lowerRepos = repos.map((r) => r.toLowerCase());
  const since = closedSince.toISOString();
  const rows = await db
    .selectFrom('pull_requests')
    .select(['repo', 'number', 'fetched_at'])
    .where('repo', 'in', lowerRepos)
    .where((eb) => eb.or([eb('state', '=', 'OPEN'), eb('fetched_at', '>=', since)]))
    .orderBy('repo')
    .orderBy('number')
    .execute();

  const changed = rows.filter((row) => cache.get(keyOf(row.repo, row.number))?.fetchedAt !== row.fetched_at);
  if (changed.length > SELECT_ALL_ABOVE) {
    const all = await db
      .selectFrom('pull_requests')
      .select(['repo', 'number', 'fetched_at', 'facts'])
      .where('repo', 'in', lowerRepos)
      .where((eb) => eb.or([eb('state', '=', 'OPEN'), eb('fetched_at', '>=', since)]))
      .execute();
    for (const row of all) remember(cache, row);
  } else {
    for (let i = 0; i < changed.length; i += PAIRS_PER_SELECT) {
      const pairs = changed.slice(i, i + PAIRS_PER_SELECT);
      const fresh = await db
        .selectFrom('pull_requests')
        .select(['repo', 'number', 'fetched_at', 'facts'])
        .where((eb) => eb.or(pairs.map((p) => eb.and([eb('repo', '=', p.repo), eb('number', '=', p.number)]))))
        .execute();
      for (const row of fresh) remember(cache, row);
    }
  }

  // Rows of these repositories that are gone (pruned, or out of the window) leave the cache.
  const present = new Set(rows.map((row) => keyOf(row.repo, row.number)));
  const watched = new Set(lowerRepos);
  for (const [key, entry] of cache) if (watched.has(entry.repo) && !present.has(key)) cache.delete(key);

  const result: PullRequestFacts[] = [];
  for (const row of rows) {
    const facts = cache.get(keyOf(row.repo, row.number))?.facts;
    if (!facts) continue; // deleted between the two selects, never decoded
    if (facts.state === 'OPEN' || (facts.closedAt ?? facts.mergedAt ?? new Date(0)) >= closedSince) result.push(facts);
  }
  return result;
}

function remember(cache: Map<string, Decoded>, row: { repo: string; number: number; fetched_at: string; facts: string }): void {
  cache.set(keyOf(row.repo, row.number), { repo: row.repo, fetchedAt: row.fetched_at, facts: decodeFacts(row.facts) });
}
