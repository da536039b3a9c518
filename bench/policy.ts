import { assessTeam } from '../src/domain/assess.js';
import { resolveSettings } from '../src/domain/settings.js';
import { nextReviews } from '../src/domain/nextReviews.js';
import { rankQueue, type SuggestContext } from '../src/domain/suggest.js';
import { swarmPlan } from '../src/domain/swarm.js';
import type { Claim, TeamSnapshot } from '../src/domain/types.js';
import { seededRandom } from '../src/sim/random.js';
import { fullGc, heapUsed } from './heap.js';
import { markdownTable, mb, medianWithRange, num } from './markdown.js';
import { summarize } from './stats.js';
import { teamFixture, type TeamFixture } from './teamFixture.js';

// The policy engine alone, pure and in process: assessTeam (classify, metrics, staleness, the light),
// rankQueue + swarmPlan for the whole team, and nextReviews for one person from that ranking, over a large team's queue.

export interface PolicyOptions {
  openPullRequests: number;
  closedPullRequests: number;
  reviewers: number;
  repos: number;
  runs: number;
  warmupRuns: number;
  log?: (line: string) => void;
}

export interface PolicySample {
  assessMs: number;
  swarmMs: number;
  suggestMs: number;
  totalMs: number;
  /** heap in use right after the run, before any collection: inputs, results and the run's garbage */
  heapAfterBytes: number;
}

export interface PolicyResult {
  samples: PolicySample[];
  /** the very first run in this process, before the JIT compiler warmed up (a bot's first /flow after start) */
  firstRun: PolicySample;
  /** live heap of the inputs (the PR facts and the snapshot), after a full collection */
  inputHeapBytes: number;
  light: string;
  queueLength: number;
  planSize: number;
  markdown: string;
}

export const BENCH_NOW = new Date('2026-11-25T15:00:00Z'); // a Wednesday afternoon, inside working hours

export function policySnapshot(fixture: TeamFixture): TeamSnapshot {
  const random = seededRandom(7);
  const awaiting = fixture.pullRequests.filter((pr) => pr.state === 'OPEN' && !pr.isDraft);
  // A few reviews claimed in the last hour: the swarm plan and suggestions must work around them.
  const claims: Claim[] = Array.from({ length: 25 }, () => {
    const pr = random.pick(awaiting);
    return { repo: pr.repo, number: pr.number, login: random.pick(fixture.members), claimedAt: new Date(fixture.now.getTime() - 3_600_000) };
  });
  return {
    settings: resolveSettings({}),
    members: fixture.members,
    slackIdByLogin: new Map(),
    pullRequests: fixture.pullRequests,
    claims,
    repos: fixture.repos.map((repo) => ({ repo, lastSuccessAt: new Date(fixture.now.getTime() - 30_000), lastError: null })),
    previous: { light: 'red', since: new Date(fixture.now.getTime() - 2 * 3_600_000) },
    pollIntervalMs: 60_000,
  };
}

export async function benchPolicy(options: PolicyOptions): Promise<PolicyResult> {
  fullGc();
  const before = heapUsed();
  const fixture = teamFixture({ openPullRequests: options.openPullRequests, closedPullRequests: options.closedPullRequests, people: options.reviewers, repos: options.repos, seed: 42, now: BENCH_NOW });
  const snapshot = policySnapshot(fixture);
  fullGc();
  const inputHeapBytes = heapUsed() - before;
  const person = fixture.members[0]!;

  const samples: PolicySample[] = [];
  fullGc();
  const first = runOnce(snapshot, person);
  let last = first;
  for (let i = 0; i < options.warmupRuns + options.runs; i += 1) {
    fullGc();
    last = runOnce(snapshot, person);
    if (i >= options.warmupRuns) samples.push(last.sample);
  }
  options.log?.(`policy: ${samples.length} runs, median ${num(summarize(samples.map((s) => s.totalMs)).median)} ms`);
  const result = {
    samples,
    firstRun: first.sample,
    inputHeapBytes,
    light: last.light,
    queueLength: last.queueLength,
    planSize: last.planSize,
  };
  return { ...result, markdown: renderPolicy(result, options) };
}

function runOnce(snapshot: TeamSnapshot, person: string) {
  const t0 = performance.now();
  const assessment = assessTeam(snapshot, BENCH_NOW);
  const t1 = performance.now();
  const ctx: SuggestContext = {
    claims: snapshot.claims,
    openPullRequests: snapshot.pullRequests.filter((pr) => pr.state === 'OPEN'),
    settings: snapshot.settings,
    now: BENCH_NOW,
  };
  const ranking = rankQueue(assessment.queue, ctx);
  const plan = swarmPlan(snapshot.members, ranking);
  const t2 = performance.now();
  const suggestions = nextReviews(ranking, person).top;
  const t3 = performance.now();
  const heapAfterBytes = heapUsed();
  if (suggestions.length === 0) throw new Error('policy bench: the fixture gave the person nothing to review; the bench would measure nothing');
  return {
    sample: { assessMs: t1 - t0, swarmMs: t2 - t1, suggestMs: t3 - t2, totalMs: t3 - t0, heapAfterBytes },
    light: assessment.decision.light,
    queueLength: assessment.metrics.awaitingReview,
    planSize: plan.length,
  };
}

function renderPolicy(result: Omit<PolicyResult, 'markdown'>, options: PolicyOptions): string {
  const row = (label: string, pick: (s: PolicySample) => number) => {
    const s = summarize(result.samples.map(pick));
    return [label, `${num(s.median)} ms`, `${num(s.p95)} ms`, `${num(s.min)}–${num(s.max)} ms`, `${num(pick(result.firstRun))} ms`];
  };
  const times = markdownTable(['step', 'median', 'p95', 'min–max', 'first run in a fresh process (cold JIT)'], [
    row('assessTeam (classify, metrics, forecast, staleness, light)', (s) => s.assessMs),
    row(`rankQueue + swarmPlan (${options.reviewers} reviewers)`, (s) => s.swarmMs),
    row('nextReviews (one person, from the ranking)', (s) => s.suggestMs),
    row('all three', (s) => s.totalMs),
  ]);
  const heap = summarize(result.samples.map((s) => s.heapAfterBytes));
  return [
    times,
    '',
    markdownTable(['heap', 'value'], [
      [`inputs: ${options.openPullRequests.toLocaleString('en-US')} open + ${options.closedPullRequests.toLocaleString('en-US')} merged PRs as PullRequestFacts (live, after GC)`, mb(result.inputHeapBytes)],
      ['heap in use right after a run (inputs + results + uncollected garbage)', `${mb(heap.median)} (${mb(heap.min)}–${mb(heap.max)})`],
    ]),
    '',
    `${result.samples.length} runs after the first run (shown apart) and ${options.warmupRuns} warm-up runs, a full GC before each; ${options.repos} repositories, ${options.reviewers} reviewers, ` +
      `${result.queueLength.toLocaleString('en-US')} PRs awaiting review (light: ${result.light}; swarm plan: ${result.planSize} assignments). Times are ${medianWithRange(summarize(result.samples.map((s) => s.totalMs)), ' ms')} for all three steps (median, min–max).`,
  ].join('\n');
}
