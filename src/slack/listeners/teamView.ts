import { assessTeam, type Assessment, type TeamSnapshot } from '../../domain/assess.js';
import { isActiveClaim, rankQueue, suggestFor, type Suggestion, type SuggestContext } from '../../domain/suggest.js';
import { loadTeamSnapshot } from '../../store/snapshot.js';
import { pullRequestKey } from '../blocks/actionIds.js';
import type { ListenerDeps } from './deps.js';

// What /flow status, next, queue and the buttons answer from: the store's snapshot of the team,
// assessed by the domain at `now`. Never GitHub: commands answer within Slack's 3 seconds.

export interface TeamView {
  teamId: string;
  now: Date;
  snapshot: TeamSnapshot;
  assessment: Assessment;
}

export async function loadTeamView(teamId: string, deps: ListenerDeps): Promise<TeamView> {
  const now = deps.clock();
  const snapshot = await loadTeamSnapshot(deps.db, teamId, deps.pollIntervalMs, now);
  return { teamId, now, snapshot, assessment: assessTeam(snapshot, now) };
}

function suggestContext(view: TeamView): SuggestContext {
  return {
    claims: view.snapshot.claims,
    openPullRequests: view.snapshot.pullRequests.filter((pr) => pr.state === 'OPEN'),
    settings: view.snapshot.settings,
    now: view.now,
  };
}

/** The asker's suggestions, best first, leaving out the PR keys they skipped. */
export function suggestionsFor(view: TeamView, login: string, skipped: ReadonlySet<string> = new Set()): Suggestion[] {
  return suggestFor(login, view.assessment.queue, suggestContext(view)).filter(
    (s) => !skipped.has(pullRequestKey(s.pr.facts.repo, s.pr.facts.number)),
  );
}

/** The whole queue in priority order, for nobody in particular (claimed PRs included). */
export function queueInPriorityOrder(view: TeamView): Suggestion[] {
  return rankQueue(view.assessment.queue, suggestContext(view));
}

/** Claims still in force (within the claim window), by PR key. */
export function activeClaims(view: TeamView): Map<string, { login: string; claimedAt: Date }> {
  const ctx = suggestContext(view);
  const active = new Map<string, { login: string; claimedAt: Date }>();
  for (const claim of view.snapshot.claims) {
    if (isActiveClaim(claim, ctx)) active.set(pullRequestKey(claim.repo, claim.number), { login: claim.login, claimedAt: claim.claimedAt });
  }
  return active;
}
