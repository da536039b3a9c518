import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../../src/github/index.js';
import { pollOnce, type PollDeps } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { findPullRequest, fullNameOf, generateScenario, mergePullRequest, pushToBranch, renameRepository, startSimulator, submitReview, type Simulator } from '../../src/sim/index.js';
import type { Db } from '../../src/store/open.js';
import { listOpenNumbers, listPullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam } from '../../src/store/teams.js';
import { listAllWatchedRepos, watchRepo } from '../../src/store/watchedRepos.js';
import { tempStore } from '../helpers/tempStore.js';

// The change feed against the simulator, where a push to any branch changes the pulls list as on
// GitHub: pushes cost nothing, a changed PR is read alone, and reconciliation finds what search cannot.

const T0 = new Date('2026-11-20T12:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('the change feed', () => {
  let sim: Simulator;
  let db: Db;
  let cleanup: () => Promise<void>;
  let deps: PollDeps;
  let clock = T0;

  beforeEach(async () => {
    clock = T0;
    sim = await startSimulator(generateScenario({ repos: 30, prsPerRepo: 4, seed: 5, now: T0 }), { now: () => clock });
    ({ db, cleanup } = await tempStore());
    await ensureTeam(db, 'C1', T0);
    for (const repo of sim.scenario.repositories) await watchRepo(db, 'C1', fullNameOf(repo), null, T0);
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
    deps = { db, github, logger: silentLogger, concurrency: 4, reconcileEveryMs: 15 * 60_000, reconcileEveryPollUpTo: 0 };
    await pollOnce(deps, T0);
  });
  afterEach(async () => {
    await cleanup();
    await sim.close();
  });

  const pollAt = async (minutes: number) => {
    clock = at(minutes);
    sim.resetStats();
    return pollOnce(deps, at(minutes));
  };

  it('reads nothing after branch pushes in 30% of the repositories when no PR changed: one search, 1 point', async () => {
    clock = at(1);
    sim.update((s) => s.repositories.slice(0, 9).forEach((repo) => pushToBranch(s, fullNameOf(repo), at(1))));
    const report = await pollAt(2);
    expect(report).toMatchObject({ changed: [], unchanged: 30, failed: [] });
    expect(sim.stats()).toMatchObject({ requests: 1, restRequests: 0, rateLimitPoints: 1 });
  });

  it('reads one changed PR alone: a search and one read, 2 points', async () => {
    const repo = fullNameOf(sim.scenario.repositories[7]!);
    const number = sim.scenario.repositories[7]!.pullRequests.find((p) => p.state === 'OPEN')!.number;
    clock = at(1);
    sim.update((s) => submitReview(findPullRequest(s, repo, number), { author: 'dev-99', state: 'APPROVED', at: at(1) }));
    const report = await pollAt(2);
    expect(report.changed).toEqual([repo]);
    expect(sim.stats()).toMatchObject({ requests: 2, rateLimitPoints: 2 });
    const stored = (await listPullRequests(db, [repo], at(-14 * 24 * 60))).find((pr) => pr.number === number)!;
    expect(stored.reviews.map((r) => [r.author, r.state])).toContainEqual(['dev-99', 'APPROVED']);
  });

  it('reads merged PRs with the rest of the changes, across repositories, at most 1 point per changed PR', async () => {
    clock = at(1);
    const merged: Array<[string, number]> = [];
    sim.update((s) => s.repositories.slice(0, 10).forEach((repo) => {
      const pr = repo.pullRequests.find((p) => p.state === 'OPEN')!;
      mergePullRequest(pr, at(1));
      merged.push([fullNameOf(repo), pr.number]);
    }));
    const report = await pollAt(2);
    expect(report.changed).toHaveLength(10);
    expect(sim.stats().rateLimitPoints).toBeLessThanOrEqual(10);
    for (const [repo, number] of merged) expect(await listOpenNumbers(db, repo)).not.toContain(number);
  });

  it('does not read a closed PR again when it changes after closing (history has it)', async () => {
    const repo = sim.scenario.repositories.find((r) => r.pullRequests.some((p) => p.state === 'MERGED'))!;
    const pr = repo.pullRequests.find((p) => p.state === 'MERGED')!;
    clock = at(1);
    sim.update(() => void (pr.title = `${pr.title} (edited after merging)`));
    const report = await pollAt(2);
    expect(report.changed).toEqual([]);
    expect(sim.stats()).toMatchObject({ requests: 1 });
  });

  it('reconciles every repository on its interval: a deleted PR, which no search shows, leaves the store', async () => {
    const repo = sim.scenario.repositories[3]!;
    const gone = repo.pullRequests.find((p) => p.state === 'OPEN')!.number;
    repo.pullRequests = repo.pullRequests.filter((p) => p.number !== gone); // deleted: GitHub's search forgets it
    expect((await pollAt(5)).changed).toEqual([]);
    expect(await listOpenNumbers(db, fullNameOf(repo))).toContain(gone);
    const reconciled = await pollAt(16);
    expect(reconciled.changed).toEqual([fullNameOf(repo)]);
    expect(await listOpenNumbers(db, fullNameOf(repo))).not.toContain(gone);
    // 30 repositories' open heads in one call, and the one read: 2 points
    expect(sim.stats()).toMatchObject({ rateLimitPoints: 2, requests: 2 });
  });

  it('follows a repository renamed on GitHub when it reconciles, keeping its PRs under the new name', async () => {
    const from = fullNameOf(sim.scenario.repositories[0]!);
    sim.update((s) => renameRepository(s, from, 'bench/renamed'));
    const report = await pollAt(16);
    expect(report.renamed).toEqual([{ from, to: 'bench/renamed' }]);
    expect(await listAllWatchedRepos(db)).toContain('bench/renamed');
  });

  it('reconciles a small owner at every poll instead of searching: the same 1 point, and a deletion is seen at once', async () => {
    deps = { ...deps, reconcileEveryPollUpTo: 149 };
    const repo = sim.scenario.repositories[3]!;
    const gone = repo.pullRequests.find((p) => p.state === 'OPEN')!.number;
    repo.pullRequests = repo.pullRequests.filter((p) => p.number !== gone);
    clock = at(1);
    sim.update((s) => s.repositories.slice(10, 19).forEach((r) => pushToBranch(s, fullNameOf(r), at(1))));
    const report = await pollAt(2);
    expect(report.changed).toEqual([fullNameOf(repo)]);
    expect(await listOpenNumbers(db, fullNameOf(repo))).not.toContain(gone);
    expect(sim.stats()).toMatchObject({ requests: 2, rateLimitPoints: 2 }); // open heads of 30 repositories, then the one PR
  });

  it('falls back to reconciling an owner whose search fails', async () => {
    sim.inject({ route: 'graphql', status: 502, times: 3 }); // the search and its retries
    const report = await pollAt(2);
    expect(report.failed).toEqual([]);
    expect(sim.stats().byRoute['POST /graphql']).toBeGreaterThanOrEqual(4);
  });
});
