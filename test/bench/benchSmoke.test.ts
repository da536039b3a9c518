import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchFlowLatency } from '../../bench/flowLatency.js';
import { benchGithubCost } from '../../bench/githubCost.js';
import { benchPolicy } from '../../bench/policy.js';
import { benchTeamPolicy, FIXED_RULES, IGNORES, OBEYS } from '../../bench/teamPolicy.js';
import { runTeam } from '../../bench/teamPolicySim.js';
import { parseBenchArgs } from '../../bench/run.js';

// Keeps `npm run bench` from rotting: each benchmark runs end to end on a tiny configuration.
// Benchmarks measure; this checks that they run and count correctly, never how fast anything is.

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-bench-smoke-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('npm run bench, in miniature', () => {
  it('polls a small org four times and counts what each poll cost', async () => {
    const result = await benchGithubCost({ scales: [{ repos: 5, prsPerRepo: 10 }], runs: 1, latencyMs: 0, concurrency: 4, changedShare: 0.4, pushShare: 0.4, workDir });
    const phase = (name: string) => result.rows.find((row) => row.phase === name)!.samples[0]!;
    expect(phase('first')).toMatchObject({ changedRepos: 5, failed: [] });
    // the change feed: one search per owner, whatever was pushed; then the changed PRs, read by number
    expect(phase('unchanged')).toMatchObject({ points: 1, requests: 1, changedRepos: 0, failed: [] });
    expect(phase('pushes')).toMatchObject({ points: 1, requests: 1, changedRepos: 0, failed: [] });
    expect(phase('changed')).toMatchObject({ points: 2, requests: 2, changedRepos: 2, failed: [] });
    expect(result.markdown).toContain('| 5 repos x 10 PRs | unchanged |');
  }, 120_000);

  it('assesses a small team, plans a swarm and suggests a review', async () => {
    const result = await benchPolicy({ openPullRequests: 50, closedPullRequests: 5, reviewers: 5, repos: 5, runs: 2, warmupRuns: 0 });
    expect(result.samples).toHaveLength(2);
    expect(result.planSize).toBeGreaterThan(0);
    expect(result.markdown).toContain('swarmPlan (5 reviewers)');
  });

  it('answers every signed /flow request, one at a time and all at once', async () => {
    const result = await benchFlowLatency({
      openPullRequests: 20, closedPullRequests: 3, people: 3, repos: 2,
      warmupPerCommand: 1, sequentialPerCommand: 1, concurrency: 2, concurrentBatches: 1, loadRequests: 4, breakdownRuns: 1, workDir,
    });
    const timings = result.rows.flatMap((row) => row.timings);
    expect(timings).toHaveLength(3 * 3 * 1 + 3 * 2 + 4); // 3 commands x (cold, quiet poll, warm) x 1, then 2 at once per command, then the load
    expect(timings.every((t) => t.httpStatus === 200 && t.replyMs !== null && !t.errorReply)).toBe(true);
    expect(result.markdown).toContain('answered through response_url (none dropped) | 4 of 4');
  }, 120_000);

  it('runs a small team under every policy and tables what each did', () => {
    const result = benchTeamPolicy({ sizes: [3], arrivals: ['low'], seeds: 1 });
    expect(result.rows.map((row) => row.policy)).toEqual(expect.arrayContaining(['obeys the light', 'ignores the light']));
    expect(result.rows).toHaveLength(8);
    expect(result.markdown).toContain('| reviews per PR opened | break-offs per person a day |');
    expect(result.markdown).toContain('### 3 people, low arrivals');
    expect(result.markdown).toContain('(best fixed rule)');
    expect(result.markdown).toContain('### The forecast, backtested on these runs');
  }, 120_000);

  it('only the light asks people to break off their own work, and a break-off is a review done, not extra reviewing', () => {
    const obeying = runTeam({ people: 3, arrival: 'low', seed: 1 }, OBEYS);
    const draining = runTeam({ people: 3, arrival: 'low', seed: 1 }, FIXED_RULES[FIXED_RULES.length - 1]!);
    expect(obeying.breaks).toBeGreaterThan(0);
    expect(draining.breaks).toBe(0);
    expect(obeying.reviewsDone / obeying.opened).toBeLessThan(2);
    expect(draining.reviewsDone).toBeGreaterThan(0);
  }, 120_000);

  it('the same simulated team spends more hours red ignoring the light than obeying it', () => {
    const obeying = runTeam({ people: 3, arrival: 'ai', seed: 2 }, OBEYS);
    const ignoring = runTeam({ people: 3, arrival: 'ai', seed: 2 }, IGNORES);
    expect(obeying.opened).toBeGreaterThan(0);
    expect(ignoring.opened).toBeGreaterThan(0);
    expect(ignoring.hoursRed).toBeGreaterThan(obeying.hoursRed);
  }, 120_000);

  it('refuses an unknown benchmark name with the list of known ones', () => {
    expect(() => parseBenchArgs(['--only', 'speed'])).toThrow(/Unknown benchmark "speed": choose from github-cost, policy, flow-latency, team-policy/);
    expect(parseBenchArgs(['--quick', '--only', 'policy'])).toMatchObject({ quick: true, only: ['policy'] });
  });
});
