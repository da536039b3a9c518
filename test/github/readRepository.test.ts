import { describe, expect, it } from 'vitest';
import { readRepository, type RepoRead } from '../../src/github/index.js';
import type { PullRequestFacts } from '../../src/domain/types.js';
import {
  findPullRequest, makePullRequest, makeRepository, makeScenario, mergePullRequest, openPullRequest, pushCommit,
  requestReview, removeReviewRequest, submitReview, type SimPullRequest,
} from '../../src/sim/index.js';
import { NOW, startWorld } from './world.js';

const at = (iso: string) => new Date(iso);

function everyShape(): SimPullRequest[] {
  return [
    makePullRequest({ number: 1, title: 'Plain, waiting', author: 'ana', createdAt: at('2026-11-18T09:00:00Z'), additions: 120, deletions: 30, headRef: 'ana/one', baseRef: 'main' }),
    makePullRequest({ number: 2, title: 'Draft', author: 'ana', isDraft: true, createdAt: at('2026-11-18T10:00:00Z') }),
    makePullRequest({ number: 3, title: 'On hold', author: 'bea', labels: ['On Hold', 'backend'], createdAt: at('2026-11-18T11:00:00Z') }),
    makePullRequest({
      number: 4, title: 'Approved', author: 'bea', createdAt: at('2026-11-17T09:00:00Z'),
      reviews: [{ author: 'carl', state: 'APPROVED', at: at('2026-11-17T15:00:00Z') }], reviewDecision: 'APPROVED',
    }),
    makePullRequest({
      number: 5, title: 'Requested from a person and a team', author: 'carl', createdAt: at('2026-11-16T09:00:00Z'),
      reviewRequests: [
        { reviewer: 'ana', at: at('2026-11-16T09:05:00Z'), pending: true },
        { reviewer: 'acme/core', at: at('2026-11-16T09:06:00Z'), pending: true },
        { reviewer: 'dan', at: at('2026-11-16T09:07:00Z'), pending: false },
      ],
    }),
    makePullRequest({
      number: 6, title: 'Changes requested', author: 'dan', createdAt: at('2026-11-16T09:00:00Z'),
      reviews: [{ author: 'ana', state: 'CHANGES_REQUESTED', at: at('2026-11-17T09:00:00Z') }],
    }),
    makePullRequest({
      number: 7, title: 'Pushed after review, re-requested', author: 'dan', createdAt: at('2026-11-12T09:00:00Z'), isDraft: false,
      readyForReviewAt: at('2026-11-13T09:00:00Z'),
      commits: [{ at: at('2026-11-12T09:00:00Z') }, { at: at('2026-11-14T16:00:00Z') }],
      reviews: [{ author: 'bea', state: 'CHANGES_REQUESTED', at: at('2026-11-13T12:00:00Z') }, { author: 'dan', state: 'COMMENTED', at: at('2026-11-13T13:00:00Z') }],
      reviewRequests: [{ reviewer: 'bea', at: at('2026-11-13T09:00:00Z'), pending: false }, { reviewer: 'bea', at: at('2026-11-14T16:05:00Z'), pending: true }],
    }),
    makePullRequest({ number: 8, title: 'From a deleted account', author: null, createdAt: at('2026-11-18T09:00:00Z'), reviews: [{ author: null, state: 'COMMENTED', at: at('2026-11-18T10:00:00Z') }] }),
  ];
}

function changed(read: RepoRead): Extract<RepoRead, { kind: 'changed' }> {
  if (read.kind !== 'changed') throw new Error(`expected a changed read, got ${JSON.stringify(read)}`);
  return read;
}
const byNumber = (facts: PullRequestFacts[], n: number) => facts.find((f) => f.number === n)!;

describe('readRepository against the simulator', () => {
  it('turns every PR shape into the facts the domain rules need', async () => {
    const { gh } = await startWorld(makeScenario({ 'acme/api': everyShape() }));
    const read = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW));
    expect(read.etag).toMatch(/^"/);
    expect(read.pullRequests.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    expect(byNumber(read.pullRequests, 1)).toEqual({
      repo: 'acme/api', number: 1, title: 'Plain, waiting', url: 'https://github.com/acme/api/pull/1', author: 'ana',
      state: 'OPEN', isDraft: false, createdAt: at('2026-11-18T09:00:00Z'), readyForReviewAt: null, closedAt: null, mergedAt: null,
      labels: [], additions: 120, deletions: 30, headRef: 'ana/one', baseRef: 'main', reviewDecision: null,
      lastCommitAt: at('2026-11-18T09:00:00Z'), commitTimes: [at('2026-11-18T09:00:00Z')], commitLines: [{ at: at('2026-11-18T09:00:00Z'), additions: 0, deletions: 0 }], reviews: [], pendingReviewers: [], reviewRequests: [], reviewRequestRemovals: [],
      updatedAt: at('2026-11-18T09:00:00Z'), // GitHub's updatedAt: the change feed reads a PR again only when it moves
    });
    expect(byNumber(read.pullRequests, 2).isDraft).toBe(true);
    expect(byNumber(read.pullRequests, 3).labels).toEqual(['On Hold', 'backend']);
    expect(byNumber(read.pullRequests, 4)).toMatchObject({ reviewDecision: 'APPROVED', reviews: [{ author: 'carl', state: 'APPROVED', submittedAt: at('2026-11-17T15:00:00Z') }] });
    expect(byNumber(read.pullRequests, 5).pendingReviewers).toEqual([{ kind: 'user', login: 'ana' }, { kind: 'team', slug: 'acme/core' }]);
    expect(byNumber(read.pullRequests, 5).reviewRequests.map((r) => r.reviewer)).toEqual(['ana', 'acme/core', 'dan']);
    expect(byNumber(read.pullRequests, 6)).toMatchObject({ pendingReviewers: [], reviews: [{ author: 'ana', state: 'CHANGES_REQUESTED' }] });
    expect(byNumber(read.pullRequests, 7)).toMatchObject({
      readyForReviewAt: at('2026-11-13T09:00:00Z'),
      lastCommitAt: at('2026-11-14T16:00:00Z'),
      commitTimes: [at('2026-11-12T09:00:00Z'), at('2026-11-14T16:00:00Z')],
      reviews: [{ author: 'bea', state: 'CHANGES_REQUESTED' }, { author: 'dan', state: 'COMMENTED' }],
      pendingReviewers: [{ kind: 'user', login: 'bea' }],
      reviewRequests: [{ reviewer: 'bea', at: at('2026-11-13T09:00:00Z') }, { reviewer: 'bea', at: at('2026-11-14T16:05:00Z') }],
    });
    expect(byNumber(read.pullRequests, 8)).toMatchObject({ author: null, reviews: [{ author: null, state: 'COMMENTED' }] });
  });

  it('reads withdrawn review requests from the timeline, in the same calls and at the same cost', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': everyShape() }));
    await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW);
    const before = sim.stats().rateLimitPoints;
    sim.update((s) => removeReviewRequest(findPullRequest(s, 'acme/api', 5), 'acme/core', at('2026-11-19T10:00:00Z')));
    sim.resetStats();
    const read = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW));
    expect(byNumber(read.pullRequests, 5)).toMatchObject({
      pendingReviewers: [{ kind: 'user', login: 'ana' }],
      reviewRequestRemovals: [{ reviewer: 'acme/core', at: at('2026-11-19T10:00:00Z') }],
    });
    expect(sim.stats().rateLimitPoints).toBe(before);
  });

  it('answers unchanged for an unchanged repository, at a cost of 0 rate-limit points', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': everyShape() }));
    const first = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW));
    sim.resetStats();
    const second = await readRepository(gh, 'acme/api', { etag: first.etag, seeded: true }, NOW);
    expect(second).toEqual({ kind: 'unchanged', etag: first.etag });
    expect(sim.stats()).toMatchObject({ requests: 1, notModified: 1, graphqlRequests: 0, rateLimitPoints: 0 });
  });

  it('sees a change made on GitHub: a review, a push, a new PR, a merge', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': everyShape() }));
    const first = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW));

    sim.update((s) => submitReview(findPullRequest(s, 'acme/api', 1), { author: 'bea', state: 'CHANGES_REQUESTED', at: at('2026-11-20T10:00:00Z') }));
    const afterReview = changed(await readRepository(gh, 'acme/api', { etag: first.etag, seeded: true }, NOW));
    expect(afterReview.etag).not.toBe(first.etag);
    expect(byNumber(afterReview.pullRequests, 1).reviews).toEqual([expect.objectContaining({ author: 'bea', state: 'CHANGES_REQUESTED' })]);

    sim.update((s) => {
      pushCommit(findPullRequest(s, 'acme/api', 1), at('2026-11-20T11:00:00Z'));
      requestReview(findPullRequest(s, 'acme/api', 1), 'bea', at('2026-11-20T11:01:00Z'));
      openPullRequest(s, 'acme/api', { author: 'eve', createdAt: at('2026-11-20T11:30:00Z'), title: 'New one' });
      mergePullRequest(findPullRequest(s, 'acme/api', 4), at('2026-11-20T11:45:00Z'));
    });
    const afterMore = changed(await readRepository(gh, 'acme/api', { etag: afterReview.etag, seeded: true }, NOW));
    expect(byNumber(afterMore.pullRequests, 1)).toMatchObject({ lastCommitAt: at('2026-11-20T11:00:00Z'), pendingReviewers: [{ kind: 'user', login: 'bea' }] });
    expect(byNumber(afterMore.pullRequests, 9)).toMatchObject({ title: 'New one', author: 'eve' });
    expect(afterMore.pullRequests.map((p) => p.number)).not.toContain(4); // merged: no longer open
  });

  it('reads past 49 open PRs page by page, each page costing 1 point', async () => {
    const many = Array.from({ length: 120 }, (_, i) => makePullRequest({ number: i + 1, createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000) }));
    const { gh, sim } = await startWorld(makeScenario({ 'acme/big': many }));
    const read = changed(await readRepository(gh, 'acme/big', { etag: null, seeded: true }, NOW));
    expect(read.pullRequests).toHaveLength(120);
    expect(new Set(read.pullRequests.map((p) => p.number)).size).toBe(120);
    // 1 REST probe (1 point) + 3 GraphQL pages of 49, 49, 22 (1 point each)
    expect(sim.stats()).toMatchObject({ restRequests: 1, graphqlRequests: 3, rateLimitPoints: 4 });
  });

  it('on the first read only, also returns PRs closed or merged in the last 14 days', async () => {
    const prs = [
      makePullRequest({ number: 1, createdAt: at('2026-11-18T09:00:00Z') }),
      makePullRequest({ number: 2, createdAt: at('2026-11-01T09:00:00Z'), state: 'MERGED', mergedAt: at('2026-11-10T09:00:00Z'), closedAt: at('2026-11-10T09:00:00Z') }),
      makePullRequest({ number: 3, createdAt: at('2026-11-01T09:00:00Z'), state: 'CLOSED', closedAt: at('2026-11-19T09:00:00Z') }),
      makePullRequest({ number: 4, createdAt: at('2026-10-01T09:00:00Z'), state: 'MERGED', mergedAt: at('2026-10-20T09:00:00Z'), closedAt: at('2026-10-20T09:00:00Z') }),
    ];
    const { gh } = await startWorld(makeScenario({ 'acme/api': prs }));
    const seeding = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: false }, NOW));
    expect(seeding.pullRequests.map((p) => [p.number, p.state])).toEqual([[1, 'OPEN'], [2, 'MERGED'], [3, 'CLOSED']]);
    expect(byNumber(seeding.pullRequests, 2).mergedAt).toEqual(at('2026-11-10T09:00:00Z'));
    const later = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW));
    expect(later.pullRequests.map((p) => p.number)).toEqual([1]);
  });

  it('reads in full, ignoring the ETag, until the history is seeded', async () => {
    const { gh } = await startWorld(makeScenario({ 'acme/api': everyShape() }));
    const first = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW));
    expect((await readRepository(gh, 'acme/api', { etag: first.etag, seeded: false }, NOW)).kind).toBe('changed');
  });

  it('completes a PR whose timeline holds more than 100 items, so an early review is not lost', async () => {
    const commits = Array.from({ length: 230 }, (_, i) => ({ at: new Date(Date.UTC(2026, 10, 5) + i * 60_000) }));
    const pr = makePullRequest({
      number: 1, createdAt: at('2026-11-04T09:00:00Z'), labels: Array.from({ length: 35 }, (_, i) => `label-${i}`),
      reviews: [{ author: 'bea', state: 'CHANGES_REQUESTED', at: at('2026-11-04T10:00:00Z') }],
      reviewRequests: [{ reviewer: 'bea', at: at('2026-11-04T09:30:00Z'), pending: false }],
      commits,
    });
    const { gh } = await startWorld(makeScenario({ 'acme/api': [pr] }));
    const facts = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW)).pullRequests[0]!;
    expect(facts.reviews).toEqual([expect.objectContaining({ author: 'bea', state: 'CHANGES_REQUESTED' })]);
    expect(facts.reviewRequests).toEqual([{ reviewer: 'bea', at: at('2026-11-04T09:30:00Z') }]);
    expect(facts.labels).toHaveLength(35);
    expect(facts.lastCommitAt).toEqual(commits.at(-1)!.at);
  });

  it('works against GitHub Enterprise Server URLs (/api/v3 and /api/graphql)', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': everyShape() }), { ghes: true });
    const read = changed(await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW));
    expect(read.pullRequests).toHaveLength(8);
    expect(sim.stats()).toMatchObject({ restRequests: 1, graphqlRequests: 1 });
  });

  it('reads a repository with no pull requests as changed and empty, then unchanged', async () => {
    const { gh } = await startWorld({ repositories: [makeRepository('acme/empty')] });
    const first = changed(await readRepository(gh, 'acme/empty', { etag: null, seeded: false }, NOW));
    expect(first.pullRequests).toEqual([]);
    expect((await readRepository(gh, 'acme/empty', { etag: first.etag, seeded: true }, NOW)).kind).toBe('unchanged');
  });
});
