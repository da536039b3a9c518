import { assessTeam, type Assessment } from '../domain/assess.js';
import { nextReviewsFor, nextReviewsFromRanking } from '../domain/nextReviews.js';
import { activeClaims, isCandidate, pullRequestKey, rankQueue, suggestContextOf, type Suggestion, type SuggestContext, type TopSuggestions } from '../domain/suggest.js';
import type { Claim, QueuedPullRequest, TeamSnapshot } from '../domain/types.js';
import { swarmPlan, type SwarmAssignment } from '../domain/swarm.js';
import type { Db } from '../store/open.js';
import { forgetUnwatchedRepositories, listPullRequestsCached } from '../store/pullRequestCache.js';
import { loadTeamSnapshot } from '../store/snapshot.js';
import { DEFAULT_SETTINGS } from '../domain/settings.js';
import { teamDataVersion } from '../store/teamVersion.js';
import { listAllWatchedRepos } from '../store/watchedRepos.js';
import type { Logger } from '../logger.js';
import type { CachedView, TeamViewCache } from './teamViewCache.js';

// What /flow status, next, queue and the buttons answer from: the store's snapshot of the team,
// assessed by the domain at `now`. Never GitHub: commands answer within Slack's 3 seconds.
//
// Assessing 10,000 PRs takes a while, and a team tends to ask at once (after an alert, at standup),
// so a view is shared while nothing the team's assessment reads changed (teamDataVersion: quiet
// polls that only touch cursors do not count) and it is under 30 seconds old (waits and staleness
// move with the clock); requests arriving together share one computation.

/** What the team views read: the store, the clock, how often the poll runs (for staleness), and the cache they share. */
export interface TeamViewDeps {
  db: Db;
  clock: () => Date;
  pollIntervalMs: number;
  /** built once per database by whoever builds the app (main.ts, the demo, the bench) */
  teamViews: TeamViewCache;
}

export interface TeamView {
  teamId: string;
  now: Date;
  snapshot: TeamSnapshot;
  assessment: Assessment;
  /** computed once per view */
  memo: {
    context?: SuggestContext;
    ranked?: Suggestion[];
    plan?: SwarmAssignment[];
    claims?: Map<string, Claim>;
    awaitingByKey?: Map<string, QueuedPullRequest>;
    byLogin: Map<string, TopSuggestions>;
  };
}

const MAX_VIEW_AGE_MS = 30_000;

export async function loadTeamView(teamId: string, deps: TeamViewDeps): Promise<TeamView> {
  const now = deps.clock();
  const cache = deps.teamViews.views;
  const cached = cache.get(teamId);
  // Settings are part of the version, so the cached view's staleAfterPolls is right whenever it is reused.
  const staleAfterPolls = cached?.staleAfterPolls ?? DEFAULT_SETTINGS.staleAfterPolls;
  const version = await teamDataVersion(deps.db, teamId, new Date(now.getTime() - staleAfterPolls * Math.max(1, deps.pollIntervalMs)));
  const age = cached ? now.getTime() - cached.at : Infinity;
  if (cached && cached.version === version && age >= 0 && age < MAX_VIEW_AGE_MS) return cached.view;

  const entry: CachedView = { version, at: now.getTime(), view: assess(teamId, deps, now) };
  cache.set(teamId, entry);
  entry.view.then((view) => { entry.staleAfterPolls = view.snapshot.settings.staleAfterPolls; }, () => {
    if (cache.get(teamId) === entry) cache.delete(teamId);
  });
  return entry.view;
}

async function assess(teamId: string, deps: Pick<TeamViewDeps, 'db' | 'pollIntervalMs' | 'teamViews'>, now: Date): Promise<TeamView> {
  // Decoded PR facts are kept between views: a rebuild after a poll decodes only the PRs it changed,
  // and one after the view aged (only the clock moved) decodes none.
  const decoded = deps.teamViews.pullRequests;
  const snapshot = await loadTeamSnapshot(deps.db, teamId, deps.pollIntervalMs, now, (store, repos, since) => listPullRequestsCached(store, decoded, repos, since));
  return { teamId, now, snapshot, assessment: assessTeam(snapshot, now), memo: { byLogin: new Map() } };
}

function suggestContext(view: TeamView): SuggestContext {
  view.memo.context ??= suggestContextOf(view.snapshot, view.now);
  return view.memo.context;
}

/**
 * Replies show the first suggestion and how many more there are, so a view keeps only each person's
 * first few (from the shared ranking, not a scoring of the whole queue per person) and their count.
 */
const KEPT_SUGGESTIONS = 20;

export interface NextSuggestions {
  /** the asker's best suggestion after leaving out what they skipped */
  first: Suggestion | null;
  /** how many suggestions they have once the skipped ones are left out (first included) */
  count: number;
}

/** The asker's next suggestion, leaving out the PR keys they skipped, and how many they have. */
export function suggestionsFor(view: TeamView, login: string, skipped: ReadonlySet<string> = new Set()): NextSuggestions {
  let kept = view.memo.byLogin.get(login);
  if (!kept) {
    kept = nextReviewsFromRanking(login, queueInPriorityOrder(view), suggestContext(view), planWhileRed(view), KEPT_SUGGESTIONS);
    view.memo.byLogin.set(login, kept);
  }
  if (skipped.size === 0) return { first: kept.top[0] ?? null, count: kept.total };
  const keptKeys = new Set(kept.top.map((s) => pullRequestKey(s.pr.facts.repo, s.pr.facts.number)));
  let skippedOfTheirs = 0;
  for (const key of skipped) if (keptKeys.has(key) || isTheirs(view, login, key)) skippedOfTheirs += 1;
  const count = kept.total - skippedOfTheirs;
  let first = kept.top.find((s) => !skipped.has(pullRequestKey(s.pr.facts.repo, s.pr.facts.number))) ?? null;
  if (!first && count > 0) {
    // They skipped more than was kept: the rest of their list in full, once.
    const all = nextReviewsFor(login, view.assessment.queue, suggestContext(view), planWhileRed(view));
    first = all.find((s) => !skipped.has(pullRequestKey(s.pr.facts.repo, s.pr.facts.number))) ?? null;
  }
  return { first, count };
}

/** Whether this PR key is among the person's suggestions (beyond the kept ones). */
function isTheirs(view: TeamView, login: string, key: string): boolean {
  view.memo.awaitingByKey ??= new Map(
    view.assessment.queue.filter((pr) => pr.queue === 'awaiting_review').map((pr) => [pullRequestKey(pr.facts.repo, pr.facts.number), pr]),
  );
  const pr = view.memo.awaitingByKey.get(key);
  return pr !== undefined && isCandidate(login, pr, activeClaimsOf(view));
}

/** While red the team swarms by the plan: the asker's line of it comes first. */
function planWhileRed(view: TeamView): SwarmAssignment[] | null {
  return view.assessment.decision.light === 'red' ? planOf(view) : null;
}

/** The whole queue in priority order, for nobody in particular (claimed PRs included). */
export function queueInPriorityOrder(view: TeamView): Suggestion[] {
  view.memo.ranked ??= rankQueue(view.assessment.queue, suggestContext(view));
  return view.memo.ranked;
}

/** Claims still in force (within the claim window), by PR key. */
export function activeClaimsOf(view: TeamView): Map<string, Claim> {
  view.memo.claims ??= activeClaims(suggestContext(view));
  return view.memo.claims;
}

function planOf(view: TeamView): SwarmAssignment[] {
  view.memo.plan ??= swarmPlan(view.snapshot.members, view.assessment.queue, suggestContext(view), queueInPriorityOrder(view));
  return view.memo.plan;
}

/**
 * Builds (or confirms) every team's shared view right after a poll and its evaluation, in the
 * process that answers /flow, so the first request after a poll that changed something finds it
 * ready instead of paying for the assessment. Never fails the poll: a team that cannot be assessed
 * now is assessed again by the request, which reports the problem.
 */
export async function primeTeamViews(teamIds: readonly string[], deps: TeamViewDeps & { logger: Logger }): Promise<void> {
  // What no team needs any more is let go here, once a poll, so the caches stay as large as the teams.
  const views = deps.teamViews.views;
  for (const teamId of views.keys()) if (!teamIds.includes(teamId)) views.delete(teamId);
  forgetUnwatchedRepositories(deps.teamViews.pullRequests, await listAllWatchedRepos(deps.db));
  for (const teamId of teamIds) {
    try {
      await loadTeamView(teamId, deps);
    } catch (error) {
      deps.logger.debug({ err: error, team: teamId }, 'Could not prepare the /flow view after the poll');
    }
  }
}
