import { afterEach, describe, expect, it } from 'vitest';
import { describeHistory } from '../../src/domain/historyProgress.js';
import { createGitHub } from '../../src/github/index.js';
import { readHistory, type BackfillDeps } from '../../src/jobs/backfill.js';
import { silentLogger } from '../../src/logger.js';
import { addClosedHistory, generateScenario, startSimulator, type Simulator } from '../../src/sim/index.js';
import { getBackfills, listBackfillsDue, requestBackfill } from '../../src/store/historyBackfills.js';
import type { Db } from '../../src/store/open.js';
import { tempStore } from '../helpers/tempStore.js';

const now = new Date('2026-11-20T12:00:00Z');
const WEEK = 7 * 86_400_000;
/** The README states it: a 12-week history of a 20-repository org, 15 closed PRs a week each. */
const POINTS_FOR_TWENTY_REPOSITORIES = 100;

async function setUp(options: { repos: number; perWeek: number; weeks?: number }) {
  const scenario = generateScenario({ repos: options.repos, prsPerRepo: 5, seed: 7, now, org: 'acme' });
  // Two weeks more than the backfill asks for, so it has to know where to stop.
  addClosedHistory(scenario, { weeks: (options.weeks ?? 12) + 2, perWeek: options.perWeek, seed: 11, now });
  const sim = await startSimulator(scenario, { now: () => now });
  const store = await tempStore();
  const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
  const repos = scenario.repositories.map((r) => `${r.owner}/${r.name}`);
  for (const repo of repos) await requestBackfill(store.db, repo, options.weeks ?? 12, now);
  return { sim, store, github, repos, scenario };
}

/** Runs the backfill as the poll would, run after run, until nothing is left to read. */
async function runUntilDone(deps: BackfillDeps, at: Date, maxRuns = 100): Promise<number> {
  let runs = 0;
  while ((await listBackfillsDue(deps.db, at)).length > 0 && runs < maxRuns) {
    await readHistory(deps, at);
    runs += 1;
  }
  return runs;
}

async function closedInStore(db: Db): Promise<Array<{ repo: string; number: number }>> {
  return db.selectFrom('pull_requests').select(['repo', 'number']).where('state', '!=', 'OPEN').orderBy('repo').orderBy('number').execute();
}

const inOrder = (prs: Array<{ repo: string; number: number }>) =>
  [...prs].sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : a.number - b.number));

describe('the history backfill', () => {
  let sim: Simulator | null = null;
  let cleanup: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await cleanup?.();
    await sim?.close();
    sim = null;
    cleanup = null;
  });

  it(`reads a 20-repository org's 12 weeks of closed PRs within ${POINTS_FOR_TWENTY_REPOSITORIES} points, 10 pages a run`, async () => {
    const world = await setUp({ repos: 20, perWeek: 15 });
    ({ sim } = world);
    cleanup = world.store.cleanup;
    const runs = await runUntilDone({ db: world.store.db, github: world.github, logger: silentLogger, pagesPerRun: 10 }, now);

    const points = world.sim.stats().rateLimitPoints;
    expect(points).toBeLessThanOrEqual(POINTS_FOR_TWENTY_REPOSITORIES);
    expect(runs).toBeLessThanOrEqual(Math.ceil(points / 10) + 1);
    // Exactly the PRs closed in the 12 weeks, no more, no fewer.
    const since = new Date(now.getTime() - 12 * WEEK);
    const wanted = world.scenario.repositories.flatMap((r) => r.pullRequests.filter((pr) => pr.closedAt && pr.closedAt >= since).map((pr) => ({ repo: `${r.owner}/${r.name}`, number: pr.number })));
    const stored = await closedInStore(world.store.db);
    expect(stored.length).toBe(wanted.length);
    // Both in one order, compared whole: arrayContaining would compare every pair of 3,600 PRs.
    expect(inOrder(stored)).toEqual(inOrder(wanted));
    const backfills = await getBackfills(world.store.db, world.repos);
    expect([...backfills.values()].every((b) => b.status === 'complete')).toBe(true);
    expect(describeHistory(backfills.get('acme/repo-01'), 'acme/repo-01', now)).toMatch(/^history complete \(12 weeks, \d+ closed PRs\)$/);
    console.info(`backfill: 20 repositories x 12 weeks x 15 closed PRs a week = ${wanted.length} PRs in ${points} points, ${runs} runs`);
  }, 180_000);

  it('resumes after a restart where it stopped, reading no page twice', async () => {
    const world = await setUp({ repos: 2, perWeek: 15 });
    ({ sim } = world);
    cleanup = world.store.cleanup;
    // First process: 3 pages, then it is gone.
    await readHistory({ db: world.store.db, github: world.github, logger: silentLogger, pagesPerRun: 3 }, now);
    const midway = await getBackfills(world.store.db, world.repos);
    const progress = describeHistory(midway.get('acme/repo-1'), 'acme/repo-1', now);
    expect(progress).toMatch(/^history: \d+ of 12 weeks read$/);
    const afterFirst = world.sim.stats().graphqlRequests;
    expect(afterFirst).toBe(3);

    // A new process on the same store, with a new client.
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: world.sim.url, graphqlUrl: world.sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
    await runUntilDone({ db: world.store.db, github, logger: silentLogger, pagesPerRun: 3 }, now);
    const pages = [...(await getBackfills(world.store.db, world.repos)).values()].reduce((sum, b) => sum + b.pages, 0);
    expect(world.sim.stats().graphqlRequests).toBe(pages);
    expect(pages).toBe(2 * 4); // 180 PRs in the 12 weeks: four pages of 49 each
    const since = new Date(now.getTime() - 12 * WEEK);
    const wanted = world.scenario.repositories.flatMap((r) => r.pullRequests.filter((pr) => pr.closedAt && pr.closedAt >= since));
    expect((await closedInStore(world.store.db)).length).toBe(wanted.length);
  });

  it('waits out a rate limit, and after repeated failures stops saying why and what to do', async () => {
    const world = await setUp({ repos: 1, perWeek: 5 });
    ({ sim } = world);
    cleanup = world.store.cleanup;
    const deps: BackfillDeps = { db: world.store.db, github: world.github, logger: silentLogger };
    world.sim.inject({ route: 'graphql', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(now.getTime() / 1000) + 600) }, body: JSON.stringify({ message: 'API rate limit exceeded' }), times: 1 });
    await readHistory(deps, now);
    let backfill = (await getBackfills(world.store.db, world.repos)).get('acme/repo-1')!;
    expect(backfill).toMatchObject({ status: 'reading', pages: 0 });
    expect(backfill.retryAfter!.getTime()).toBeGreaterThan(now.getTime());
    expect(describeHistory(backfill, 'acme/repo-1', now)).toMatch(/^history: 0 of 12 weeks read, waiting for GitHub/);
    // Nothing is asked of GitHub before the wait is over.
    const asked = world.sim.stats().graphqlRequests;
    await readHistory(deps, new Date(now.getTime() + 60_000));
    expect(world.sim.stats().graphqlRequests).toBe(asked);

    world.sim.inject({ route: 'graphql', status: 404, body: JSON.stringify({ message: 'Not Found' }) });
    let at = new Date(now.getTime() + 3_600_000);
    for (let i = 0; i < 10; i += 1) {
      await readHistory(deps, at);
      at = new Date(at.getTime() + 3_600_000);
    }
    backfill = (await getBackfills(world.store.db, world.repos)).get('acme/repo-1')!;
    expect(backfill.status).toBe('failed');
    const said = describeHistory(backfill, 'acme/repo-1', at);
    expect(said).toMatch(/^history failed: .+/);
    expect(said).toContain('`/flow watch acme/repo-1` again');
    expect(said).not.toMatch(/at .*\.ts:\d+/);

    // Watching again starts it over, and it completes.
    world.sim.clearFailures();
    await requestBackfill(world.store.db, 'acme/repo-1', 12, at);
    await runUntilDone(deps, at);
    expect((await getBackfills(world.store.db, world.repos)).get('acme/repo-1')!.status).toBe('complete');
  });
});
