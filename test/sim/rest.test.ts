import { afterEach, describe, expect, it } from 'vitest';
import { makePullRequest, makeScenario, startSimulator, submitReview, findPullRequest, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function start(options: SimulatorOptions = {}) {
  const sim = await startSimulator(
    makeScenario({
      'acme/api': [
        makePullRequest({ number: 1, createdAt: new Date('2026-11-10T09:00:00Z') }),
        makePullRequest({ number: 2, createdAt: new Date('2026-11-11T09:00:00Z'), labels: ['wip'] }),
        makePullRequest({ number: 3, createdAt: new Date('2026-11-01T09:00:00Z'), state: 'MERGED', mergedAt: new Date('2026-11-12T09:00:00Z'), closedAt: new Date('2026-11-12T09:00:00Z') }),
      ],
    }),
    { now: () => NOW, ...options },
  );
  sims.push(sim);
  return sim;
}

const latestPulls = '/repos/acme/api/pulls?state=all&sort=updated&direction=desc&per_page=1';

describe('the simulator over REST', () => {
  it('serves a repository, and 404 with GitHub\'s message for one that does not exist', async () => {
    const sim = await start();
    const found = await fetch(`${sim.url}/repos/acme/api`);
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ full_name: 'acme/api', owner: { login: 'acme' } });
    const missing = await fetch(`${sim.url}/repos/acme/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ message: 'Not Found' });
  });

  it('lists pull requests by state, sort, direction and page size', async () => {
    const sim = await start();
    const open = (await (await fetch(`${sim.url}/repos/acme/api/pulls`)).json()) as Array<{ number: number }>;
    expect(open.map((p) => p.number)).toEqual([2, 1]); // open, newest first
    const all = (await (await fetch(`${sim.url}/repos/acme/api/pulls?state=all&sort=created&direction=asc`)).json()) as Array<{ number: number }>;
    expect(all.map((p) => p.number)).toEqual([3, 1, 2]);
    const top = (await (await fetch(`${sim.url}${latestPulls}`)).json()) as Array<{ number: number; state: string; labels: Array<{ name: string }> }>;
    expect(top).toHaveLength(1);
    expect(top[0]).toMatchObject({ number: 3, state: 'closed' });
  });

  it('answers a repeated conditional request with 304, costing no points', async () => {
    const sim = await start();
    const first = await fetch(`${sim.url}${latestPulls}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    const second = await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    expect(second.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(sim.stats()).toMatchObject({ requests: 2, restRequests: 2, notModified: 1, rateLimitPoints: 1 });
  });

  it('changes the ETag when any pull request changes through update, by bumping its updated_at', async () => {
    const sim = await start();
    const etag = (await fetch(`${sim.url}${latestPulls}`)).headers.get('etag')!;
    sim.update((s) => submitReview(findPullRequest(s, 'acme/api', 1), { author: 'bea', state: 'APPROVED', at: new Date('2026-11-10T10:00:00Z') }));
    const after = await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const [top] = (await after.json()) as Array<{ number: number; updated_at: string }>;
    expect(top!.number).toBe(1);
    expect(new Date(top!.updated_at).getTime()).toBeGreaterThanOrEqual(NOW.getTime());
  });

  it('leaves the ETag alone when an update changes nothing', async () => {
    const sim = await start();
    const etag = (await fetch(`${sim.url}${latestPulls}`)).headers.get('etag')!;
    sim.update(() => {});
    expect((await fetch(`${sim.url}${latestPulls}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('demands the configured token, as "token X" or "Bearer X"', async () => {
    const sim = await start({ token: 'ghp_right' });
    expect((await fetch(`${sim.url}/repos/acme/api`)).status).toBe(401);
    expect((await fetch(`${sim.url}/repos/acme/api`, { headers: { authorization: 'token ghp_wrong' } })).status).toBe(401);
    expect((await fetch(`${sim.url}/repos/acme/api`, { headers: { authorization: 'token ghp_right' } })).status).toBe(200);
    expect((await fetch(`${sim.url}/repos/acme/api`, { headers: { authorization: 'Bearer ghp_right' } })).status).toBe(200);
  });

  it('serves the same API under GitHub Enterprise Server paths', async () => {
    const sim = await start();
    expect(sim.ghes.url).toBe(`${sim.url}/api/v3`);
    expect((await fetch(`${sim.ghes.url}/repos/acme/api`)).status).toBe(200);
    const graphql = await fetch(sim.ghes.graphqlUrl, { method: 'POST', body: JSON.stringify({ query: '{ viewer { login } }' }) });
    expect(await graphql.json()).toEqual({ data: { viewer: { login: 'flowlight-sim' } } });
  });

  it('refuses REST calls with 403 and remaining 0 once the hourly budget is spent', async () => {
    const sim = await start({ rateLimit: 2 });
    await fetch(`${sim.url}/repos/acme/api`);
    await fetch(`${sim.url}/repos/acme/api`);
    const refused = await fetch(`${sim.url}/repos/acme/api`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('x-ratelimit-reset'))).toBe(NOW.getTime() / 1000 + 3600);
    sim.resetStats();
    expect((await fetch(`${sim.url}/repos/acme/api`)).status).toBe(200);
  });

  it('counts requests by route', async () => {
    const sim = await start();
    await fetch(`${sim.url}/repos/acme/api`);
    await fetch(`${sim.url}/repos/acme/api/pulls`);
    await fetch(`${sim.url}/repos/acme/api/pulls`);
    await fetch(`${sim.url}/nothing/here`);
    expect(sim.stats().byRoute).toEqual({
      'GET /repos/{owner}/{repo}': 1,
      'GET /repos/{owner}/{repo}/pulls': 2,
      'GET (unknown route)': 1,
    });
    sim.resetStats();
    expect(sim.stats()).toEqual({ requests: 0, notModified: 0, graphqlRequests: 0, restRequests: 0, rateLimitPoints: 0, graphqlPoints: 0, byRoute: {}, secondaryLimited: 0, secondaryPeak: { rest: 0, graphql: 0, concurrent: 0 } });
  });
});
