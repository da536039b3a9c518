import { afterEach, describe, expect, it } from 'vitest';
import { generateScenario, makePullRequest, makeScenario, pushToBranch, startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { SecondaryLimits } from '../../src/sim/secondaryLimit.js';

// Where the simulator is as bad as GitHub: pushes churn the pulls list, real orgs have closed PRs,
// and the secondary rate limits refuse bursts with retry-after.

const NOW = new Date('2026-11-20T12:00:00Z');
const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function start(options: SimulatorOptions = {}, clock: { now: Date } = { now: NOW }) {
  const sim = await startSimulator(makeScenario({ 'acme/api': [makePullRequest({ number: 1, createdAt: new Date('2026-11-10T09:00:00Z') })] }), { now: () => clock.now, ...options });
  sims.push(sim);
  return sim;
}

const latestPulls = '/repos/acme/api/pulls?state=all&sort=updated&direction=desc&per_page=1';

describe('the simulator tells the truth', () => {
  it('changes the pulls list and its ETag on a push to a branch without a PR, as GitHub\'s embedded pushed_at does, leaving every PR unchanged', async () => {
    const sim = await start();
    const before = await fetch(`${sim.url}${latestPulls}`);
    const etag = before.headers.get('etag')!;
    const [item] = (await before.json()) as Array<{ updated_at: string; head: { repo: { pushed_at: string } }; base: { repo: { pushed_at: string } } }>;
    expect(item!.base.repo.pushed_at).toBe('2026-11-10T09:00:00Z');

    sim.update((s) => pushToBranch(s, 'acme/api', new Date('2026-11-20T11:59:00Z')));
    const after = await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const [changed] = (await after.json()) as Array<{ updated_at: string; head: { repo: { pushed_at: string } } }>;
    expect(changed!.head.repo.pushed_at).toBe('2026-11-20T11:59:00Z');
    expect(changed!.updated_at).toBe(item!.updated_at);
  });

  it('generates orgs with closed and merged PRs beside the open ones', () => {
    const prs = generateScenario({ repos: 5, prsPerRepo: 4, seed: 1 }).repositories.flatMap((r) => r.pullRequests);
    expect(prs.filter((p) => p.state === 'OPEN')).toHaveLength(20);
    expect(prs.filter((p) => p.state !== 'OPEN')).toHaveLength(10);
    expect(prs.some((p) => p.state === 'MERGED')).toBe(true);
  });

  it('refuses REST requests past the points-a-minute secondary limit with 403 and retry-after, 304s included, and admits them again a minute later', async () => {
    const clock = { now: NOW };
    const sim = await start({ secondaryLimits: { restPointsPerMinute: 3, graphqlPointsPerMinute: 2000, concurrent: 100 } }, clock);
    const first = await fetch(`${sim.url}${latestPulls}`);
    const etag = first.headers.get('etag')!;
    expect((await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const refused = await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    // GraphQL is counted apart.
    const graphql = await fetch(sim.graphqlUrl, { method: 'POST', body: JSON.stringify({ query: '{ viewer { login } }' }) });
    expect(graphql.status).toBe(200);
    expect(sim.stats()).toMatchObject({ secondaryLimited: 1, secondaryPeak: { rest: 3, graphql: 1 } });

    clock.now = new Date(NOW.getTime() + 60_000);
    expect((await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('refuses GraphQL calls past 2,000 points a minute by default, and counts a mutation as 5', async () => {
    const sim = await start({ secondaryLimits: { restPointsPerMinute: 900, graphqlPointsPerMinute: 6, concurrent: 100 } });
    const call = (query: string) => fetch(sim.graphqlUrl, { method: 'POST', body: JSON.stringify({ query }) });
    expect((await call('mutation { addStar(input: { starrableId: "x" }) { clientMutationId } }')).status).toBe(200);
    expect((await call('{ viewer { login } }')).status).toBe(200);
    const refused = await call('{ viewer { login } }');
    expect(refused.status).toBe(403);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('admits at most the concurrent limit of requests in flight, and frees a place when one is answered', () => {
    const limits = new SecondaryLimits({ restPointsPerMinute: 900, graphqlPointsPerMinute: 2000, concurrent: 2 }, () => NOW);
    const a = limits.admit('rest', 1);
    const b = limits.admit('graphql', 1);
    expect(a.ok && b.ok).toBe(true);
    expect(limits.admit('rest', 1)).toMatchObject({ ok: false, reason: 'concurrent' });
    if (a.ok) a.release();
    expect(limits.admit('rest', 1).ok).toBe(true);
    expect(limits.peak.concurrent).toBe(2);
  });
});
