import { describe, expect, it } from 'vitest';
import { checkRepositoryAccess, readRepositories } from '../../src/github/index.js';
import { generateScenario, type SimRepository } from '../../src/sim/index.js';
import { NOW, startWorld } from './world.js';

describe('readRepositories', () => {
  it('never has more than `concurrency` repositories in flight, and reads them all', async () => {
    let inFlight = 0;
    let most = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const scenario = generateScenario({ repos: 12, prsPerRepo: 3, seed: 7 });
    const { gh } = await startWorld(scenario, { sim: { latencyMs: 5 }, github: { fetch: countingFetch } });
    const cursors = scenario.repositories.map((r) => ({ repo: `${r.owner}/${r.name}`, etag: null, seeded: true }));
    const reads = await readRepositories(gh, cursors, { concurrency: 3, now: NOW });
    expect([...reads.values()].every((r) => r.kind === 'changed')).toBe(true);
    expect(reads.size).toBe(12);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });

  it('costs nothing on a second poll of unchanged repositories', async () => {
    const scenario = generateScenario({ repos: 20, prsPerRepo: 10, seed: 1 });
    const { gh, sim } = await startWorld(scenario);
    const cursors = scenario.repositories.map((r) => ({ repo: `${r.owner}/${r.name}`, etag: null as string | null, seeded: true }));
    const first = await readRepositories(gh, cursors, { concurrency: 8, now: NOW });
    // 20 probes (1 point each) + 1 list call for all 20 + 200 PRs' details in calls of 49 (5): 1 point per call
    expect(sim.stats()).toMatchObject({ restRequests: 20, graphqlRequests: 6, rateLimitPoints: 26 });
    sim.resetStats();
    const again = cursors.map((c) => ({ ...c, etag: (first.get(c.repo) as { etag: string }).etag }));
    const second = await readRepositories(gh, again, { concurrency: 8, now: NOW });
    expect([...second.values()].every((r) => r.kind === 'unchanged')).toBe(true);
    expect(sim.stats()).toMatchObject({ requests: 20, notModified: 20, rateLimitPoints: 0 });
  });
});

describe('checkRepositoryAccess', () => {
  it('answers with GitHub\'s spelling of a repository the token can see', async () => {
    const { gh } = await startWorld(generateScenario({ repos: 1, prsPerRepo: 0, seed: 1, org: 'Acme' }));
    expect(await checkRepositoryAccess(gh, 'acme/REPO-1', NOW)).toEqual({ ok: true, fullName: 'Acme/repo-1', isPrivate: true });
  });

  it('says whether GitHub calls it private (internal repositories are private to outsiders too)', async () => {
    const scenario = generateScenario({ repos: 3, prsPerRepo: 0, seed: 1, org: 'acme' });
    const [open, internal, closed] = scenario.repositories as [SimRepository, SimRepository, SimRepository];
    open.visibility = 'public';
    internal.visibility = 'internal';
    closed.visibility = 'private';
    const { gh } = await startWorld(scenario);
    expect(await checkRepositoryAccess(gh, `acme/${open.name}`, NOW)).toMatchObject({ ok: true, isPrivate: false });
    expect(await checkRepositoryAccess(gh, `acme/${internal.name}`, NOW)).toMatchObject({ ok: true, isPrivate: true });
    expect(await checkRepositoryAccess(gh, `acme/${closed.name}`, NOW)).toMatchObject({ ok: true, isPrivate: true });
  });

  it('refuses one the token cannot see, saying which access to grant', async () => {
    const { gh } = await startWorld(generateScenario({ repos: 1, prsPerRepo: 0, seed: 1 }));
    const check = await checkRepositoryAccess(gh, 'acme/secret', NOW);
    expect(check).toMatchObject({ ok: false, error: { code: 'github_not_found' } });
    expect(!check.ok && check.error.message).toContain('Pull requests: read, Metadata: read');
  });

  it('refuses a name that is not OWNER/REPO without asking GitHub', async () => {
    const { gh, sim } = await startWorld(generateScenario({ repos: 1, prsPerRepo: 0, seed: 1 }));
    expect(await checkRepositoryAccess(gh, 'https://github.com/acme/api', NOW)).toMatchObject({ ok: false, error: { code: 'input_invalid' } });
    expect(sim.stats().requests).toBe(0);
  });
});
