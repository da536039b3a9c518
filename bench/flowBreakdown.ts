import { assessTeam } from '../src/domain/assess.js';
import { silentLogger } from '../src/logger.js';
import { flowNext } from '../src/slack/listeners/commands/flowNext.js';
import { flowQueue } from '../src/slack/listeners/commands/flowQueue.js';
import { flowStatus } from '../src/slack/listeners/commands/flowStatus.js';
import type { FlowHandler, FlowRequest } from '../src/slack/listeners/commands/flowRequest.js';
import type { ListenerDeps } from '../src/slack/listeners/deps.js';
import { rankingOf, nextSuggestionOf, type TeamView } from '../src/app/teamView.js';
import { createTeamViewCache } from '../src/app/teamViewCache.js';
import { decodeFacts } from '../src/store/factsCodec.js';
import type { Db } from '../src/store/open.js';
import { listPullRequestsCached } from '../src/store/pullRequestCache.js';
import { loadTeamSnapshot } from '../src/store/snapshot.js';
import { BENCH_CHANNEL, slackUserOf } from './flowSeed.js';
import { fullGc, heapUsed } from './heap.js';
import { markdownTable, num } from './markdown.js';
import { summarize } from './stats.js';

// Where a /flow answer's time goes: the same handlers the app runs, called in process without HTTP,
// and /flow status taken apart step by step. Profiling, not a second benchmark.

export interface BreakdownRow {
  step: string;
  samples: number[];
}

export interface ViewHeap {
  /** live heap of one assessed team view (snapshot + assessment + ranked queue) */
  viewBytes: number;
  /** live heap the view's per-person suggestion lists add once each member has asked */
  suggestionsBytes: number;
  people: number;
}

/** What the shared view keeps in memory: measured with full collections around each step. */
export function viewHeap(db: Db, now: Date, members: string[]): Promise<ViewHeap> {
  return (async () => {
    fullGc();
    const before = heapUsed();
    const snapshot = await loadTeamSnapshot(db, BENCH_CHANNEL, 60_000, now);
    const view: TeamView = { teamId: BENCH_CHANNEL, now, snapshot, assessment: assessTeam(snapshot, now), memo: { byLogin: new Map() } };
    rankingOf(view).queue;
    fullGc();
    const withView = heapUsed();
    for (const login of members) nextSuggestionOf(view, login);
    fullGc();
    const withSuggestions = heapUsed();
    if (view.memo.byLogin.size !== members.length) throw new Error('the view did not keep one suggestion list per person');
    return { viewBytes: withView - before, suggestionsBytes: withSuggestions - withView, people: members.length };
  })();
}

/** `dataChanged` writes to the store as a poll does, so each handler call assesses afresh (cold). */
export async function flowBreakdown(db: Db, now: Date, runs: number, login: string, dataChanged: () => Promise<void>): Promise<BreakdownRow[]> {
  const teamViews = createTeamViewCache();
  const deps: ListenerDeps = { db, logger: silentLogger, clock: () => now, pollIntervalMs: 60_000, teamViews };
  const request: FlowRequest = { teamId: BENCH_CHANNEL, userId: slackUserOf(0), args: [], rest: '' };
  const rows = new Map<string, number[]>();
  const time = async <T>(step: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await work();
    const list = rows.get(step) ?? [];
    list.push(performance.now() - started);
    rows.set(step, list);
    return result;
  };
  const handlers: Array<[string, FlowHandler]> = [['status', flowStatus], ['next', flowNext], ['queue', flowQueue]];
  for (let run = 0; run < runs + 1; run += 1) {
    const keep = run > 0; // the first run warms up
    const record = keep ? time : async <T>(_: string, work: () => Promise<T> | T) => work();
    const rawRows = await record('1. SQL: select the PR rows (facts JSON)', () => selectFactRows(db));
    await record('2. JSON.parse + dates: rows → PullRequestFacts', () => rawRows.map((row) => decodeFacts(row.facts)));
    const snapshot = await record('3. loadTeamSnapshot (1 + 2, settings, people, claims, repos, light)', () => loadTeamSnapshot(db, BENCH_CHANNEL, 60_000, now));
    await dataChanged();
    await record('3b. the same with decoded facts kept, after a poll changed a PR (what /flow does)', () => loadTeamSnapshot(db, BENCH_CHANNEL, 60_000, now, (store, repos, since) => listPullRequestsCached(store, teamViews.pullRequests, repos, since)));
    const assessment = await record('4. assessTeam (classify, metrics, light)', () => assessTeam(snapshot, now));
    const view: TeamView = { teamId: BENCH_CHANNEL, now, snapshot, assessment, memo: { byLogin: new Map() } };
    await record('5. rankQueue (the queue in priority order)', () => rankingOf(view).queue);
    await record('6. the asker\'s suggestions from the ranking (the first and the count)', () => nextSuggestionOf(view, login));
    for (const [name, handler] of handlers) {
      await dataChanged();
      await record(`handler: /flow ${name}, data just changed (cold)`, () => handler(request, deps));
      await record(`handler: /flow ${name} again, nothing changed (shared view)`, () => handler(request, deps));
    }
  }
  return [...rows].map(([step, samples]) => ({ step, samples }));
}

/** The query listPullRequests runs, without decoding, to split SQL time from JSON time. */
async function selectFactRows(db: Db): Promise<Array<{ facts: string }>> {
  const repos = (await db.selectFrom('watched_repos').select('repo').where('team_id', '=', BENCH_CHANNEL).execute()).map((r) => r.repo);
  return db.selectFrom('pull_requests').select('facts').where('repo', 'in', repos).execute();
}

export function renderBreakdown(rows: BreakdownRow[]): string {
  return markdownTable(
    ['step (in process, no HTTP)', 'median', 'min–max'],
    rows.map((row) => {
      const s = summarize(row.samples);
      return [row.step, `${num(s.median)} ms`, `${num(s.min)}–${num(s.max)} ms`];
    }),
  );
}
