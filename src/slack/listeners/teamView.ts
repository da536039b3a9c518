import { assessTeam, type Assessment, type TeamSnapshot } from '../../domain/assess.js';
import { nextReviewsFor } from '../../domain/nextReviews.js';
import { activeClaims, pullRequestKey, rankQueue, suggestContextOf, type Claim, type Suggestion, type SuggestContext } from '../../domain/suggest.js';
import { swarmPlan, type SwarmAssignment } from '../../domain/swarm.js';
import type { Db } from '../../store/open.js';
import { loadTeamSnapshot } from '../../store/snapshot.js';
import { DEFAULT_SETTINGS } from '../../domain/settings.js';
import { teamDataVersion } from '../../store/teamVersion.js';
import type { ListenerDeps } from './deps.js';

// What /flow status, next, queue and the buttons answer from: the store's snapshot of the team,
// assessed by the domain at `now`. Never GitHub: commands answer within Slack's 3 seconds.
//
// Assessing 10,000 PRs takes a while, and a team tends to ask at once (after an alert, at standup),
// so a view is shared while nothing the team's assessment reads changed (teamDataVersion: quiet
// polls that only touch cursors do not count) and it is under 30 seconds old (waits and staleness
// move with the clock); requests arriving together share one computation.

export interface TeamView {
  teamId: string;
  now: Date;
  snapshot: TeamSnapshot;
  assessment: Assessment;
  /** computed once per view */
  memo: { context?: SuggestContext; ranked?: Suggestion[]; plan?: SwarmAssignment[]; byLogin: Map<string, Suggestion[]> };
}

const MAX_VIEW_AGE_MS = 30_000;

interface CachedView {
  version: string;
  at: number;
  staleAfterPolls?: number;
  view: Promise<TeamView>;
}

const caches = new WeakMap<Db, Map<string, CachedView>>();

export async function loadTeamView(teamId: string, deps: ListenerDeps): Promise<TeamView> {
  const now = deps.clock();
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
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

async function assess(teamId: string, deps: ListenerDeps, now: Date): Promise<TeamView> {
  const snapshot = await loadTeamSnapshot(deps.db, teamId, deps.pollIntervalMs, now);
  return { teamId, now, snapshot, assessment: assessTeam(snapshot, now), memo: { byLogin: new Map() } };
}

function suggestContext(view: TeamView): SuggestContext {
  view.memo.context ??= suggestContextOf(view.snapshot, view.now);
  return view.memo.context;
}

/** The asker's suggestions, best first, leaving out the PR keys they skipped. */
export function suggestionsFor(view: TeamView, login: string, skipped: ReadonlySet<string> = new Set()): Suggestion[] {
  let all = view.memo.byLogin.get(login);
  if (!all) {
    // While red the team swarms by the plan: the asker's line of it comes first.
    const plan = view.assessment.decision.light === 'red' ? planOf(view) : null;
    all = nextReviewsFor(login, view.assessment.queue, suggestContext(view), plan);
    view.memo.byLogin.set(login, all);
  }
  return skipped.size === 0 ? all : all.filter((s) => !skipped.has(pullRequestKey(s.pr.facts.repo, s.pr.facts.number)));
}

/** The whole queue in priority order, for nobody in particular (claimed PRs included). */
export function queueInPriorityOrder(view: TeamView): Suggestion[] {
  view.memo.ranked ??= rankQueue(view.assessment.queue, suggestContext(view));
  return view.memo.ranked;
}

/** Claims still in force (within the claim window), by PR key. */
export function activeClaimsOf(view: TeamView): Map<string, Claim> {
  return activeClaims(suggestContext(view));
}

function planOf(view: TeamView): SwarmAssignment[] {
  view.memo.plan ??= swarmPlan(view.snapshot.members, view.assessment.queue, suggestContext(view));
  return view.memo.plan;
}
