import { assessTeam, type Assessment } from '../domain/assess.js';
import { nextReviews, type NextReviews } from '../domain/nextReviews.js';
import { rankQueue, suggestContextOf, type Ranking, type Suggestion } from '../domain/suggest.js';
import type { Claim, TeamSnapshot } from '../domain/types.js';
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
    ranking?: Ranking;
    plan?: SwarmAssignment[];
    /** each person's first suggestion and their count, nothing skipped */
    byLogin: Map<string, NextReviews>;
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

/** The team's ranking (the queue in priority order, claims in force), computed once per view. */
export function rankingOf(view: TeamView): Ranking {
  view.memo.ranking ??= rankQueue(view.assessment.queue, suggestContextOf(view.snapshot, view.now));
  return view.memo.ranking;
}

export interface NextSuggestions {
  /** the asker's best suggestion after leaving out what they skipped */
  first: Suggestion | null;
  /** how many suggestions they have once the skipped ones are left out (first included) */
  count: number;
}

/** The asker's next suggestion, leaving out the PR keys they skipped, and how many they have. */
export function nextSuggestionOf(view: TeamView, login: string, skipped: ReadonlySet<string> = new Set()): NextSuggestions {
  const plan = planWhileRed(view);
  if (skipped.size > 0) {
    // Skips are few and per request: one pass over the ranking (a millisecond or two) rather than a kept list per skip set.
    const { top, total } = nextReviews(rankingOf(view), login, { limit: 1, plan, skip: skipped });
    return { first: top[0] ?? null, count: total };
  }
  // Replies show the first suggestion and how many more there are: that is all a view keeps per person.
  let kept = view.memo.byLogin.get(login);
  if (!kept) {
    kept = nextReviews(rankingOf(view), login, { limit: 1, plan });
    view.memo.byLogin.set(login, kept);
  }
  return { first: kept.top[0] ?? null, count: kept.total };
}

/** While red the team swarms by the plan: the asker's line of it comes first. */
function planWhileRed(view: TeamView): SwarmAssignment[] | null {
  return view.assessment.decision.light === 'red' ? planOf(view) : null;
}

/** Claims still in force (within the claim window), by PR key. */
export function activeClaimsOf(view: TeamView): ReadonlyMap<string, Claim> {
  return rankingOf(view).claims;
}

function planOf(view: TeamView): SwarmAssignment[] {
  view.memo.plan ??= swarmPlan(view.snapshot.members, rankingOf(view));
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
