import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/open.js';
import { createPullRequestCache, listPullRequestsCached, type PullRequestCache } from '../../src/store/pullRequestCache.js';
import { listPullRequests, pruneClosedPullRequests, savePullRequests } from '../../src/store/pullRequests.js';
import { pullRequest } from '../domain/builders.js';
import { tempStore } from '../helpers/tempStore.js';

const t0 = new Date('2026-11-20T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const since = new Date('2026-11-01T00:00:00Z');
const byKey = (a: { repo: string; number: number }, b: { repo: string; number: number }) => a.repo.localeCompare(b.repo) || a.number - b.number;

describe('PR facts kept decoded between reads', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let decoded: PullRequestCache;
  beforeEach(async () => {
    ({ db, cleanup } = await tempStore());
    decoded = createPullRequestCache();
  });
  afterEach(async () => cleanup());

  const sameAsUncached = async (repos: string[]) => {
    const cached = await listPullRequestsCached(db, decoded, repos, since);
    expect(cached).toEqual((await listPullRequests(db, repos, since)).sort(byKey));
    return cached;
  };

  it('answers what listPullRequests answers, through saves, merges and pruning', async () => {
    await savePullRequests(db, [1, 2, 3].map((number) => pullRequest({ number })), t0);
    await savePullRequests(db, [pullRequest({ repo: 'acme/web', number: 1 })], t0);
    const first = await sameAsUncached(['acme/api', 'Acme/Web']);
    expect(first).toHaveLength(4);

    await savePullRequests(db, [pullRequest({ number: 2, title: 'Renamed' }), pullRequest({ number: 4 })], later(60_000));
    const second = await sameAsUncached(['acme/api', 'acme/web']);
    expect(second.find((pr) => pr.number === 2 && pr.repo === 'acme/api')?.title).toBe('Renamed');
    expect(second.find((pr) => pr.number === 1 && pr.repo === 'acme/api')).toBe(first.find((pr) => pr.number === 1 && pr.repo === 'acme/api')); // not decoded again

    await savePullRequests(db, [pullRequest({ number: 3, state: 'MERGED', mergedAt: later(100_000), closedAt: later(100_000) })], later(120_000));
    await sameAsUncached(['acme/api', 'acme/web']);
    await pruneClosedPullRequests(db, later(200_000));
    const pruned = await sameAsUncached(['acme/api', 'acme/web']);
    expect(pruned.map((pr) => pr.number)).not.toContain(3);
    expect(await listPullRequestsCached(db, decoded, [], since)).toEqual([]);
  });

  it('keeps what it decoded in the cache object it is given, not in the module', async () => {
    await savePullRequests(db, [pullRequest({ number: 1, title: 'First' })], t0);
    await listPullRequestsCached(db, decoded, ['acme/api'], since);
    // The row rewritten without a save (same count and fetched_at): the cache that read it keeps its decoded facts…
    await db.updateTable('pull_requests').set({ facts: JSON.stringify(pullRequest({ number: 1, title: 'Rewritten' })) }).execute();
    expect((await listPullRequestsCached(db, decoded, ['acme/api'], since)).map((pr) => pr.title)).toEqual(['First']);
    // …while a cache built elsewhere (another app, a replica, the next test) starts empty and reads the row.
    expect((await listPullRequestsCached(db, createPullRequestCache(), ['acme/api'], since)).map((pr) => pr.title)).toEqual(['Rewritten']);
  });

  it('reads many changed rows at once as well as a few', async () => {
    await savePullRequests(db, Array.from({ length: 450 }, (_, i) => pullRequest({ number: i + 1 })), t0);
    await sameAsUncached(['acme/api']);
    await savePullRequests(db, Array.from({ length: 150 }, (_, i) => pullRequest({ number: i + 1, title: `Again ${i + 1}` })), later(1_000));
    const again = await sameAsUncached(['acme/api']);
    expect(again.filter((pr) => pr.title.startsWith('Again'))).toHaveLength(150);
  });
});
