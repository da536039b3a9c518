import { afterEach, describe, expect, it } from 'vitest';
import type { SecondaryAllowance } from '../../src/domain/githubBudget.js';
import { createBudgetTracker, type BudgetTracker } from '../../src/github/budgetTracker.js';
import { createGitHub } from '../../src/github/index.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { fullNameOf, generateScenario, startSimulator, type Simulator } from '../../src/sim/index.js';
import type { Db } from '../../src/store/open.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { tempStore } from '../helpers/tempStore.js';

// The budget tracker between Octokit and the simulator with its secondary limits on. The limits are
// scaled down (a few GraphQL points a minute instead of 2,000) so a 100-repository org overruns them
// the way a 10,000-repository one would on GitHub. Waiting moves the fixed clock the simulator and the
// tracker share: no test sleeps on real time.

const T0 = new Date('2026-11-20T12:00:00Z');
/** enough repositories for a first read of several minutes' allowance: a few GraphQL requests each minute */
const LARGE_ORG = 100;
const ALLOWANCE: SecondaryAllowance = { restPointsPerMinute: 900, graphqlPointsPerMinute: 4, concurrent: 100 };
const SIM_LIMITS = { restPointsPerMinute: ALLOWANCE.restPointsPerMinute, graphqlPointsPerMinute: ALLOWANCE.graphqlPointsPerMinute, concurrent: ALLOWANCE.concurrent };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Setup {
  sim: Simulator;
  db: Db;
  budget: BudgetTracker | null;
  clock: () => Date;
  poll: () => ReturnType<typeof pollOnce>;
}

async function setup(options: { paced: boolean; repos?: number }): Promise<Setup> {
  let now = T0;
  const clock = () => now;
  // Concurrent waiters ask for the same moment; the clock moves to the latest asked, never back.
  const sleep = async (ms: number) => {
    const until = clock().getTime() + ms;
    await Promise.resolve();
    now = new Date(Math.max(now.getTime(), until));
  };
  const sim = await startSimulator(generateScenario({ repos: options.repos ?? LARGE_ORG, prsPerRepo: 3, seed: 14, now: T0 }), { now: clock, secondaryLimits: SIM_LIMITS });
  const { db, cleanup } = await tempStore();
  cleanups.push(async () => {
    await cleanup();
    await sim.close();
  });
  await ensureTeam(db, 'C1', T0);
  for (const repo of sim.scenario.repositories) await watchRepo(db, 'C1', fullNameOf(repo), null, T0);
  const budget = options.paced ? createBudgetTracker({ clock, allowance: ALLOWANCE, sleep }) : null;
  // rateLimitWaitMsPerSecond 0: the client's own wait for retry-after is instant; the tracker's wait moves the clock.
  const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1, rateLimitWaitMsPerSecond: 0, ...(budget ? { pace: budget.pacedFetch } : {}) });
  return { sim, db, budget, clock, poll: () => pollOnce({ db, github, logger: silentLogger, concurrency: 4 }, T0) };
}

describe('the GitHub budget against the simulator with secondary limits on', () => {
  it('without pacing, a large first read bursts past the minute and GitHub refuses it', async () => {
    const { sim, poll } = await setup({ paced: false });
    const report = await poll();
    expect(sim.stats().secondaryLimited).toBeGreaterThan(0);
    expect(report.failed.length).toBeGreaterThan(0);
  });

  it('with pacing, the same read is spread over the following minutes, never refused, and every repository is read', async () => {
    const { sim, poll, budget, clock } = await setup({ paced: true });
    const report = await poll();
    const stats = sim.stats();
    expect(stats.secondaryLimited).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.changed).toHaveLength(LARGE_ORG);
    expect(stats.secondaryPeak.graphql).toBeLessThanOrEqual(ALLOWANCE.graphqlPointsPerMinute);
    // More calls than a minute allows: the rest went in the next minutes.
    const minutesNeeded = Math.ceil(stats.graphqlRequests / ALLOWANCE.graphqlPointsPerMinute) - 1;
    expect(minutesNeeded).toBeGreaterThan(1);
    expect(clock().getTime() - T0.getTime()).toBeGreaterThanOrEqual(minutesNeeded * 60_000);
    // The tracker's figures are the simulator's.
    const snapshot = budget!.snapshot();
    expect(snapshot.total).toEqual({ rest: stats.restRequests, graphql: stats.graphqlRequests });
    expect(snapshot.primary.graphql).toEqual({ limit: 5000, remaining: 5000 - stats.graphqlPoints, resetAt: expect.any(Date) });
    expect(snapshot.refusals).toBe(0);
    expect(snapshot.waitedMs).toBeGreaterThan(0);
  });

  it('when another client already spent the minute, the refused request waits for retry-after and the poll completes', async () => {
    const { sim, poll, budget } = await setup({ paced: true, repos: 20 });
    // Someone else (another tool on the same token) spends this minute's GraphQL points.
    for (let i = 0; i < ALLOWANCE.graphqlPointsPerMinute; i += 1) {
      await fetch(sim.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { login } }' }) });
    }
    const report = await poll();
    expect(sim.stats().secondaryLimited).toBe(1);
    expect(budget!.snapshot().refusals).toBe(1);
    expect(report.failed).toEqual([]);
    expect(report.changed).toHaveLength(20);
  });

  it('counts what a REST read spends on the core resource', async () => {
    const { sim, budget } = await setup({ paced: true, repos: 2 });
    const paced = budget!.pacedFetch(globalThis.fetch);
    const answer = await paced(`${sim.url}/repos/${fullNameOf(sim.scenario.repositories[0]!)}/pulls`);
    expect(answer.status).toBe(200);
    const snapshot = budget!.snapshot();
    expect(snapshot.thisMinute).toEqual({ rest: 1, graphql: 0 });
    expect(snapshot.primary.core).toMatchObject({ limit: 5000, remaining: 4999 });
  });

  it('takes hostile answers without hanging: a retry-after of years is not waited, unreadable limits are ignored', async () => {
    const sim = await startSimulator(generateScenario({ repos: 1, prsPerRepo: 1, seed: 1, now: T0 }), { now: () => T0 });
    cleanups.push(() => sim.close());
    const waits: number[] = [];
    const budget = createBudgetTracker({ clock: () => T0, sleep: async (ms) => void waits.push(ms) });
    const paced = budget.pacedFetch(globalThis.fetch);
    const query = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { login } }' }) };
    sim.inject({ route: 'graphql', status: 403, times: 1, headers: { 'retry-after': '99999999', 'x-ratelimit-remaining': 'lots' }, body: JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }) });
    expect((await paced(sim.graphqlUrl, query)).status).toBe(403);
    expect(budget.snapshot()).toMatchObject({ refusals: 1 });
    expect(budget.snapshot().primary).toEqual({});
    sim.inject({ route: 'graphql', status: 200, times: 1, headers: { 'x-ratelimit-resource': 'no-such-resource' }, body: JSON.stringify({ data: {} }) });
    expect((await paced(sim.graphqlUrl, query)).status).toBe(200);
    expect(waits).toEqual([]);
    expect(budget.snapshot().primary).toEqual({});
    expect(budget.snapshot().thisMinute).toEqual({ rest: 0, graphql: 2 });
  });
});
