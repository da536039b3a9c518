import { describe, expect, it } from 'vitest';
import { readPullRequests, readRepository } from '../../src/github/index.js';
import { closePullRequest, findPullRequest, makePullRequest, makeScenario, mergePullRequest, submitReview } from '../../src/sim/index.js';
import { NOW, startWorld } from './world.js';

const at = (iso: string) => new Date(iso);

describe('readPullRequests: PRs that left the open list, read once more', () => {
  it('records the merge or close and the final reviews of PRs that disappeared', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': [1, 2, 3].map((number) => makePullRequest({ number, createdAt: at('2026-11-18T09:00:00Z') })) }));
    const before = await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW);
    sim.update((s) => {
      const one = findPullRequest(s, 'acme/api', 1);
      submitReview(one, { author: 'bea', state: 'APPROVED', at: at('2026-11-20T10:00:00Z') });
      mergePullRequest(one, at('2026-11-20T10:05:00Z'));
      closePullRequest(findPullRequest(s, 'acme/api', 2), at('2026-11-20T10:10:00Z'));
    });
    const after = await readRepository(gh, 'acme/api', { etag: before.kind === 'changed' ? before.etag : null, seeded: true }, NOW);
    expect(after.kind === 'changed' && after.pullRequests.map((p) => p.number)).toEqual([3]);

    sim.resetStats();
    const gone = await readPullRequests(gh, 'acme/api', [1, 2], NOW);
    if (!Array.isArray(gone)) throw new Error(gone.error.message);
    expect(gone.map((p) => [p.number, p.state])).toEqual([[1, 'MERGED'], [2, 'CLOSED']]);
    expect(gone[0]).toMatchObject({ mergedAt: at('2026-11-20T10:05:00Z'), reviews: [expect.objectContaining({ author: 'bea', state: 'APPROVED' })] });
    expect(gone[1]).toMatchObject({ closedAt: at('2026-11-20T10:10:00Z'), mergedAt: null });
    expect(sim.stats()).toMatchObject({ graphqlRequests: 1, rateLimitPoints: 1 });
  });

  it('leaves out a PR GitHub no longer has, and still returns the others', async () => {
    const { gh } = await startWorld(makeScenario({ 'acme/api': [makePullRequest({ number: 5, state: 'CLOSED', closedAt: at('2026-11-19T09:00:00Z') })] }));
    const read = await readPullRequests(gh, 'acme/api', [404, 5], NOW);
    expect(Array.isArray(read) && read.map((p) => p.number)).toEqual([5]);
  });

  it('asks for more than 49 PRs in calls of 49, each costing 1 point', async () => {
    const prs = Array.from({ length: 100 }, (_, i) => makePullRequest({ number: i + 1, state: 'MERGED', mergedAt: at('2026-11-19T09:00:00Z'), closedAt: at('2026-11-19T09:00:00Z') }));
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': prs }));
    const read = await readPullRequests(gh, 'acme/api', prs.map((p) => p.number), NOW);
    expect(Array.isArray(read) && read.length).toBe(100);
    expect(sim.stats()).toMatchObject({ graphqlRequests: 3, rateLimitPoints: 3 });
  });

  it('asks nothing for an empty list', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': [] }));
    expect(await readPullRequests(gh, 'acme/api', [], NOW)).toEqual([]);
    expect(sim.stats().requests).toBe(0);
  });

  it('fails as a whole on partial data or an unknown repository', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': [makePullRequest({ number: 1 }), makePullRequest({ number: 2 })] }));
    expect(await readPullRequests(gh, 'acme/nope', [1], NOW)).toMatchObject({ kind: 'failed', error: { code: 'github_not_found' } });
    sim.inject({ route: 'graphql', graphqlErrors: true, times: 1 });
    expect(await readPullRequests(gh, 'acme/api', [1, 2], NOW)).toMatchObject({ kind: 'failed', error: { code: 'github_bad_response' } });
  });
});
