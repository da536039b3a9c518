import { describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { DEFAULT_SKIP_LABELS } from '../../src/domain/types.js';
import { createGitHub, readRepository } from '../../src/github/index.js';
import { silentLogger } from '../../src/logger.js';
import { generateScenario, sampleScenario, SAMPLE_REPOSITORIES, startSimulator } from '../../src/sim/index.js';

const NOW = new Date('2026-11-20T15:00:00Z');

describe('generateScenario', () => {
  it('builds the same world from the same seed, and another from another seed', () => {
    const one = generateScenario({ repos: 5, prsPerRepo: 10, seed: 42, closedPerRepo: 2 });
    expect(generateScenario({ repos: 5, prsPerRepo: 10, seed: 42, closedPerRepo: 2 })).toEqual(one);
    expect(generateScenario({ repos: 5, prsPerRepo: 10, seed: 43, closedPerRepo: 2 })).not.toEqual(one);
  });

  it('has the size asked for, with names that sort', () => {
    const world = generateScenario({ repos: 12, prsPerRepo: 7, seed: 1, closedPerRepo: 3, org: 'bench' });
    expect(world.repositories).toHaveLength(12);
    expect(world.repositories[0]!).toMatchObject({ owner: 'bench', name: 'repo-01' });
    for (const repo of world.repositories) {
      expect(repo.pullRequests.filter((p) => p.state === 'OPEN')).toHaveLength(7);
      expect(repo.pullRequests.filter((p) => p.state !== 'OPEN')).toHaveLength(3);
    }
  });

  it('mixes PR shapes: drafts, skip labels, reviews, pending requests', () => {
    const prs = generateScenario({ repos: 10, prsPerRepo: 20, seed: 3 }).repositories.flatMap((r) => r.pullRequests);
    expect(prs.some((p) => p.isDraft)).toBe(true);
    expect(prs.some((p) => p.labels.includes('wip') || p.labels.includes('on hold') || p.labels.includes('do not review'))).toBe(true);
    expect(prs.some((p) => p.reviews.some((r) => r.state === 'APPROVED'))).toBe(true);
    expect(prs.some((p) => p.reviews.some((r) => r.state === 'CHANGES_REQUESTED'))).toBe(true);
    expect(prs.some((p) => p.reviewRequests.some((r) => r.pending))).toBe(true);
  });
});

describe('the bundled sample scenario', () => {
  it('served by the simulator, puts a PR in every queue state, with recent history', async () => {
    const sim = await startSimulator(sampleScenario(NOW), { now: () => NOW });
    try {
      const gh = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger });
      const facts = [];
      for (const repo of SAMPLE_REPOSITORIES) {
        const read = await readRepository(gh, repo, { etag: null, seeded: false }, NOW);
        if (read.kind !== 'changed') throw new Error(JSON.stringify(read));
        facts.push(...read.pullRequests);
      }
      const states = new Set(classifyOpen(facts, DEFAULT_SKIP_LABELS).map((q) => q.queue));
      expect([...states].sort()).toEqual(['approved', 'awaiting_author', 'awaiting_review', 'draft', 'skipped']);
      expect(facts.filter((f) => f.state !== 'OPEN').map((f) => f.state).sort()).toEqual(['CLOSED', 'MERGED']);
    } finally {
      await sim.close();
    }
  });
});
