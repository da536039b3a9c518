import { describe, expect, it } from 'vitest';
import { createGitHub, readRepositories } from '../../src/github/index.js';
import { silentLogger } from '../../src/logger.js';
import { forkSimulator } from '../../src/sim/index.js';

const NOW = new Date('2026-11-20T12:00:00Z'); // the generated world's "now"

describe('forkSimulator: the simulator in its own process', () => {
  it('serves a generated world, reports stats, takes failures and changes, and closes', async () => {
    const sim = await forkSimulator({ generate: { repos: 3, prsPerRepo: 4, seed: 9 } });
    try {
      expect(sim.pid).not.toBe(process.pid);
      const gh = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retries: 0 });
      const repos = ['bench/repo-1', 'bench/repo-2', 'bench/repo-3'];
      const first = await readRepositories(gh, repos.map((repo) => ({ repo, etag: null, seeded: true })), { concurrency: 3, now: NOW });
      expect([...first.values()].map((r) => r.kind)).toEqual(['changed', 'changed', 'changed']);
      expect(await sim.stats()).toMatchObject({ restRequests: 3, graphqlRequests: 2, rateLimitPoints: 5 }); // 3 probes, 1 batched list call, 1 batched details call

      await sim.resetStats();
      await sim.touch(['bench/repo-2']);
      await sim.inject({ route: 'bench/repo-3', status: 503 });
      const cursors = repos.map((repo) => ({ repo, etag: (first.get(repo) as { etag: string }).etag, seeded: true }));
      const second = await readRepositories(gh, cursors, { concurrency: 3, now: NOW });
      expect([...second.values()].map((r) => r.kind)).toEqual(['unchanged', 'changed', 'failed']);
      expect((await sim.stats()).notModified).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
