// What one person should review next. While the team swarms, their line of the swarm plan comes
// first, so `/flow next`, the gate DM and the plan message name the same PR (by priority alone a
// large PR ranks last for everyone, so following suggestions would never review it and keep the
// light red).

import { sameLogin } from './reviews.js';
import { pullRequestKey, suggestFor, suggestFromRanking, suggestionOf, type SuggestContext, type Suggestion, type TopSuggestions } from './suggest.js';
import type { SwarmAssignment } from './swarm.js';
import type { QueuedPullRequest } from './types.js';

export const PLAN_LINE_PREFIX = 'your line of the swarm plan · ';

/** The person's suggestions, best first; their plan line first when there is a plan (while red). */
export function nextReviewsFor(login: string, queue: QueuedPullRequest[], ctx: SuggestContext, plan: readonly SwarmAssignment[] | null): Suggestion[] {
  // Every PR theirs to take is in the full list: a plan line missing from it was claimed meanwhile.
  return planLineFirst(suggestFor(login, queue, ctx), planLineOf(plan, login), () => null);
}

/**
 * nextReviewsFor's first `limit` suggestions and its length, from the team's rankQueue (see
 * suggestFromRanking): what replies show, without scoring the whole queue for each person.
 */
export function nextReviewsFromRanking(
  login: string, ranked: readonly Suggestion[], ctx: SuggestContext, plan: readonly SwarmAssignment[] | null, limit: number,
): TopSuggestions {
  const { top, total } = suggestFromRanking(login, ranked, ctx, limit);
  const line = planLineOf(plan, login);
  // Beyond the kept top the plan line is scored on its own (null: not theirs to take, claimed meanwhile).
  return { top: planLineFirst(top, line, () => (line ? suggestionOf(login, line.suggestion.pr, ctx) : null)).slice(0, limit), total };
}

function planLineOf(plan: readonly SwarmAssignment[] | null, login: string): SwarmAssignment | null {
  return plan?.find((assignment) => sameLogin(assignment.reviewer, login)) ?? null;
}

/** Moves the plan line's PR to the front, marked as such; `outsideList` scores it when the list does not hold it. */
function planLineFirst(list: Suggestion[], line: SwarmAssignment | null, outsideList: () => Suggestion | null): Suggestion[] {
  if (!line) return list;
  const key = pullRequestKey(line.suggestion.pr.facts.repo, line.suggestion.pr.facts.number);
  const index = list.findIndex((s) => pullRequestKey(s.pr.facts.repo, s.pr.facts.number) === key);
  // Marked even when it ranks first anyway: the person should know it is their line.
  const mine = index >= 0 ? list[index]! : outsideList();
  if (!mine) return list;
  const rest = index >= 0 ? [...list.slice(0, index), ...list.slice(index + 1)] : list;
  return [{ ...mine, explanation: `${PLAN_LINE_PREFIX}${mine.explanation}` }, ...rest];
}
