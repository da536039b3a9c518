import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../../src/github/index.js';
import { pollOnce, type PollDeps } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { findPullRequest, mergePullRequest, openPullRequest, sampleScenario, SAMPLE_REPOSITORIES, startSimulator, submitReview, type Simulator } from '../../src/sim/index.js';
import { getCursors } from '../../src/store/cursors.js';
import type { Db } from '../../src/store/open.js';
import { listOpenNumbers, listPullRequests } from '../../src/store/pullRequests.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { tempStore } from '../helpers/tempStore.js';

const t0 = new Date('2026-11-18T15:00:00Z');
const minutesLater = (m: number) => new Date(t0.getTime() + m * 60_000);

describe('polling GitHub into the store', () => {
  let sim: Simulator;
  let db: Db;
  let cleanup: () => Promise<void>;
  let deps: PollDeps;
  let clock = t0;

  beforeEach(async () => {
    clock = t0;
    sim = await startSimulator(sampleScenario(t0), { now: () => clock });
    ({ db, cleanup } = await tempStore());
    await ensureTeam(db, 'C1', t0);
    for (const repo of SAMPLE_REPOSITORIES) await watchRepo(db, 'C1', repo, null, t0);
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
    deps = { db, github, logger: silentLogger, concurrency: 4 };
  });
  afterEach(async () => {
    await cleanup();
    await sim.close();
  });

  it('stores every open PR on the first poll, with recently closed ones as history', async () => {
    const report = await pollOnce(deps, t0);
    expect(report).toMatchObject({ repos: 2, changed: SAMPLE_REPOSITORIES.slice().sort(), unchanged: 0, failed: [] });
    expect(await listOpenNumbers(db, 'flowlight-demo/api')).toEqual([101, 102, 103, 104, 105, 106]);
    const stored = await listPullRequests(db, [...SAMPLE_REPOSITORIES], new Date(t0.getTime() - 14 * 86_400_000));
    expect(stored.find((pr) => pr.number === 99)?.state).toBe('MERGED');
  });

  it('costs 1 point (one call per owner) to poll unchanged repositories again', async () => {
    await pollOnce(deps, t0);
    sim.resetStats();
    const report = await pollOnce(deps, minutesLater(1));
    expect(report).toMatchObject({ changed: [], unchanged: 2, failed: [] });
    expect(sim.stats()).toMatchObject({ rateLimitPoints: 1, restRequests: 0, graphqlRequests: 1 });
    const cursor = (await getCursors(db, ['flowlight-demo/api'])).get('flowlight-demo/api')!;
    expect(cursor.lastSuccessAt).toEqual(minutesLater(1));
  });

  it('sees a change in one repository and reads only that one', async () => {
    await pollOnce(deps, t0);
    sim.update((s) => {
      openPullRequest(s, 'flowlight-demo/web', { author: 'dan', title: 'Add search', createdAt: minutesLater(2), commits: [{ at: minutesLater(2) }] });
    });
    sim.resetStats();
    const report = await pollOnce(deps, minutesLater(3));
    expect(report.changed).toEqual(['flowlight-demo/web']);
    expect(report.unchanged).toBe(1);
    expect(await listOpenNumbers(db, 'flowlight-demo/web')).toEqual([41, 42, 43, 44]);
    expect(sim.stats().rateLimitPoints).toBeGreaterThanOrEqual(1);
  });

  it('reads a PR that left the open list once more, so its merge and last review are kept', async () => {
    await pollOnce(deps, t0);
    sim.update((s) => {
      const pr = findPullRequest(s, 'flowlight-demo/api', 101);
      submitReview(pr, { author: 'bea', state: 'APPROVED', at: minutesLater(5) });
      mergePullRequest(pr, minutesLater(6));
    });
    await pollOnce(deps, minutesLater(7));
    expect(await listOpenNumbers(db, 'flowlight-demo/api')).not.toContain(101);
    const stored = await listPullRequests(db, ['flowlight-demo/api'], t0);
    const merged = stored.find((pr) => pr.number === 101)!;
    expect(merged.state).toBe('MERGED');
    expect(merged.reviews.map((r) => [r.author, r.state])).toContainEqual(['bea', 'APPROVED']);
  });

  it('forgets closed PRs older than any team\'s history, keeping open PRs and recently closed ones', async () => {
    const daysLater = (d: number) => new Date(t0.getTime() + d * 86_400_000);
    const storedNumbers = async () => (await db.selectFrom('pull_requests').select('number').orderBy('number').execute()).map((row) => row.number);
    await pollOnce(deps, t0);
    expect(await storedNumbers()).toContain(99); // merged before t0: history
    clock = daysLater(50);
    sim.update((s) => mergePullRequest(findPullRequest(s, 'flowlight-demo/api', 101), daysLater(50)));
    await pollOnce(deps, daysLater(50));

    // 12 business days fit in 12 weeks for a team working one day a week: 13 weeks are kept.
    expect((await pollOnce(deps, daysLater(90))).pruned).toBe(0);
    clock = daysLater(92);
    const report = await pollOnce(deps, daysLater(92));
    expect(report.pruned).toBeGreaterThanOrEqual(1);
    const left = await storedNumbers();
    expect(left).not.toContain(99);
    expect(left).toContain(101); // closed on day 50: still history
    expect(await listOpenNumbers(db, 'flowlight-demo/api')).toEqual([102, 103, 104, 105, 106]);
    expect(await listOpenNumbers(db, 'flowlight-demo/web')).toEqual([41, 42, 43]);
  });

  it('keeps the last good data of a repository that fails, while the others are read', async () => {
    await pollOnce(deps, t0);
    sim.update((s) => {
      openPullRequest(s, 'flowlight-demo/api', { author: 'dan', title: 'New', createdAt: minutesLater(1) });
      openPullRequest(s, 'flowlight-demo/web', { author: 'dan', title: 'New', createdAt: minutesLater(1) });
    });
    sim.inject({ route: 'flowlight-demo/api', status: 502 });
    const report = await pollOnce(deps, minutesLater(2));
    expect(report.changed).toEqual(['flowlight-demo/web']);
    expect(report.failed).toEqual([{ repo: 'flowlight-demo/api', error: expect.stringContaining('flowlight-demo/api') }]);
    expect(await listOpenNumbers(db, 'flowlight-demo/api')).toEqual([101, 102, 103, 104, 105, 106]);
    const cursor = (await getCursors(db, ['flowlight-demo/api'])).get('flowlight-demo/api')!;
    expect(cursor).toMatchObject({ lastSuccessAt: t0, consecutiveFailures: 1 });
    sim.clearFailures();
    const recovered = await pollOnce(deps, minutesLater(3));
    expect(recovered.changed).toEqual(['flowlight-demo/api']);
  });

  it('does not call GitHub for a repository before its rate limit resets', async () => {
    await pollOnce(deps, t0);
    const resetAt = Math.floor(minutesLater(30).getTime() / 1000);
    sim.inject({ route: 'flowlight-demo/api', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) }, times: 1 });
    sim.update((s) => {
      openPullRequest(s, 'flowlight-demo/api', { author: 'dan', title: 'New', createdAt: minutesLater(1) });
    });
    const limited = await pollOnce(deps, minutesLater(1));
    expect(limited.failed[0]?.error).toMatch(/rate limit/i);
    sim.resetStats();
    const waiting = await pollOnce(deps, minutesLater(2));
    // One call reads both repositories of the owner, so the rate limit it met holds for both.
    expect(waiting.waiting).toEqual(['flowlight-demo/api', 'flowlight-demo/web']);
    expect(sim.stats().requests).toBe(0);
    const after = await pollOnce(deps, minutesLater(31));
    expect(after.changed).toEqual(['flowlight-demo/api']);
  });
});
