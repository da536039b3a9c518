import fs from 'node:fs';
import path from 'node:path';
import { fullNameOf, generateScenario, mergePullRequest, pushToBranch, startSimulator, submitReview, type Scenario, type SimStats } from '../src/sim/index.js';
import { openStore } from '../src/store/open.js';
import { ensureTeam } from '../src/store/teams.js';
import { watchRepo } from '../src/store/watchedRepos.js';
import { startChild } from './child.js';
import { renderGithubCost } from './githubCostReport.js';
import { num } from './markdown.js';
import type { PollChildInput, PollChildResult } from './pollChildTypes.js';

// GitHub cost per poll: the real pollOnce (in a child process) against a real SQLite file and the
// simulator (in this process) answering every request after `latencyMs`. Per run, a fresh org:
//   1. the first poll (nothing known: every repository read in full, with recent history);
//   2. an unchanged poll a minute later (nothing changed on GitHub);
//   3. a poll after branch pushes in `pushShare` of the repositories, no PR changed (GitHub's pulls
//      list embeds the repository's pushed_at, so its ETag changes: what a probe-per-repository pays for);
//   4. a poll after `changedShare` of the repositories changed (half got a review, half a merge).

export interface GithubCostOptions {
  scales: Array<{ repos: number; prsPerRepo: number }>;
  runs: number;
  latencyMs: number;
  /** repositories read at once: POLL_CONCURRENCY's default is 8 */
  concurrency: number;
  changedShare: number;
  /** share of repositories with a branch push (no PR change) before the "pushes" poll */
  pushShare: number;
  workDir: string;
  log?: (line: string) => void;
}

export type PollPhase = 'first' | 'unchanged' | 'pushes' | 'changed';
const PHASES: PollPhase[] = ['first', 'unchanged', 'pushes', 'changed'];

export interface PollSample {
  requests: number;
  /** REST requests, 304s included (each counts against the secondary limit) */
  restRequests: number;
  notModified: number;
  points: number;
  restPoints: number;
  graphqlPoints: number;
  wallMs: number;
  cpuMs: number;
  /** the simulator's CPU time over the same poll (it executes every GraphQL query against GitHub's schema) */
  simulatorCpuMs: number;
  peakRssBytes: number;
  baselineRssBytes: number;
  peakHeapUsedBytes: number;
  changedRepos: number;
  failed: string[];
  /** requests GitHub's secondary limit refused (403 + retry-after), and the most points spent in a minute per lane */
  secondaryLimited: number;
  secondaryPeakRest: number;
  secondaryPeakGraphql: number;
}

export interface PollRow {
  repos: number;
  prsPerRepo: number;
  phase: PollPhase;
  samples: PollSample[];
}

export interface GithubCostResult {
  rows: PollRow[];
  markdown: string;
}

const T0 = new Date('2026-11-20T12:00:00Z');
const MINUTE = 60_000;

export async function benchGithubCost(options: GithubCostOptions): Promise<GithubCostResult> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const rows: PollRow[] = [];
  for (const scale of options.scales) {
    const byPhase = new Map<PollPhase, PollSample[]>(PHASES.map((p) => [p, []]));
    for (let run = 0; run < options.runs; run += 1) {
      const samples = await oneRun(scale, run, options);
      for (const phase of PHASES) byPhase.get(phase)!.push(samples[phase]);
      options.log?.(`github cost: ${scale.repos} repos x ${scale.prsPerRepo} PRs, run ${run + 1}/${options.runs}: ${PHASES.map((p) => `${p} ${num(samples[p].wallMs)} ms, ${samples[p].points} points, ${samples[p].requests} requests`).join('; ')}`);
    }
    for (const phase of PHASES) rows.push({ ...scale, phase, samples: byPhase.get(phase)! });
  }
  return { rows, markdown: renderGithubCost(rows, options) };
}

async function oneRun(scale: { repos: number; prsPerRepo: number }, run: number, options: GithubCostOptions): Promise<Record<PollPhase, PollSample>> {
  let simNow = T0;
  const scenario = generateScenario({ repos: scale.repos, prsPerRepo: scale.prsPerRepo, seed: 1000 + run, now: T0 });
  const sim = await startSimulator(scenario, { latencyMs: options.latencyMs, now: () => simNow });
  const databaseFile = path.join(options.workDir, `github-cost-${scale.repos}x${scale.prsPerRepo}-run${run}.db`);
  try {
    await watchEverything(databaseFile, scenario);
    const poll = async (at: Date): Promise<PollSample> => {
      simNow = at;
      sim.resetStats();
      const input: PollChildInput = { databaseFile, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, now: at.toISOString(), concurrency: options.concurrency };
      const child = startChild('pollChild', input);
      const simCpuBefore = process.cpuUsage();
      const result = await child.receive<PollChildResult>();
      const simCpu = process.cpuUsage(simCpuBefore); // this process only runs the simulator meanwhile
      await child.exited;
      return sampleOf(result, sim.stats(), (simCpu.user + simCpu.system) / 1000);
    };
    const first = await poll(T0);
    const unchanged = await poll(new Date(T0.getTime() + MINUTE));
    simNow = new Date(T0.getTime() + 2 * MINUTE);
    sim.update((s) => pushToSomeRepositories(s, options.pushShare, simNow));
    const pushes = await poll(new Date(T0.getTime() + 2 * MINUTE + 1_000));
    simNow = new Date(T0.getTime() + 3 * MINUTE);
    sim.update((s) => changeSomeRepositories(s, options.changedShare, simNow));
    const changed = await poll(new Date(T0.getTime() + 3 * MINUTE + 1_000));
    return { first, unchanged, pushes, changed };
  } finally {
    await sim.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
  }
}

async function watchEverything(databaseFile: string, scenario: Scenario): Promise<void> {
  const db = await openStore(databaseFile);
  try {
    await db.transaction().execute(async (trx) => {
      await ensureTeam(trx, 'CBENCH', T0);
      for (const repo of scenario.repositories) await watchRepo(trx, 'CBENCH', `${repo.owner}/${repo.name}`, null, T0);
    });
  } finally {
    await db.destroy();
  }
}

/** Evenly spread `share` of the repositories get a push to a branch without a PR: no PR changes. */
export function pushToSomeRepositories(scenario: Scenario, share: number, at: Date): number {
  const count = Math.max(1, Math.round(scenario.repositories.length * share));
  const step = scenario.repositories.length / count;
  for (let i = 0; i < count; i += 1) pushToBranch(scenario, fullNameOf(scenario.repositories[Math.floor(i * step)]!), at);
  return count;
}

/**
 * Evenly spread `share` of the repositories change: in every other one a reviewer approves a PR,
 * in the rest a PR is approved and merged (which the poller reads once more after it leaves the list).
 */
export function changeSomeRepositories(scenario: Scenario, share: number, at: Date): number {
  const count = Math.max(1, Math.round(scenario.repositories.length * share));
  const step = scenario.repositories.length / count;
  for (let i = 0; i < count; i += 1) {
    const repo = scenario.repositories[Math.floor(i * step)]!;
    const pr = repo.pullRequests.find((p) => p.state === 'OPEN' && !p.isDraft);
    if (!pr) continue;
    const reviewer = pr.author === 'dev-01' ? 'dev-02' : 'dev-01';
    submitReview(pr, { author: reviewer, state: 'APPROVED', at });
    if (i % 2 === 1) mergePullRequest(pr, at);
  }
  return count;
}

function sampleOf(result: PollChildResult, stats: SimStats, simulatorCpuMs: number): PollSample {
  const restPoints = stats.rateLimitPoints - stats.graphqlPoints;
  return {
    requests: stats.requests,
    restRequests: stats.restRequests,
    notModified: stats.notModified,
    points: stats.rateLimitPoints,
    restPoints,
    graphqlPoints: stats.rateLimitPoints - restPoints,
    wallMs: result.wallMs,
    cpuMs: result.cpuMs,
    simulatorCpuMs,
    peakRssBytes: result.peakRssBytes,
    baselineRssBytes: result.baselineRssBytes,
    peakHeapUsedBytes: result.peakHeapUsedBytes,
    changedRepos: result.changed,
    failed: result.failed,
    secondaryLimited: stats.secondaryLimited,
    secondaryPeakRest: stats.secondaryPeak.rest,
    secondaryPeakGraphql: stats.secondaryPeak.graphql,
  };
}
