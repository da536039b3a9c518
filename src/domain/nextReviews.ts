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
  const suggestions = suggestFor(login, queue, ctx);
  const line = plan?.find((assignment) => sameLogin(assignment.reviewer, login));
  if (!line) return suggestions;
  const key = pullRequestKey(line.suggestion.pr.facts.repo, line.suggestion.pr.facts.number);
  const index = suggestions.findIndex((s) => pullRequestKey(s.pr.facts.repo, s.pr.facts.number) === key);
  if (index <= 0) return suggestions; // already first, or not theirs to take (claimed meanwhile)
  const mine = suggestions[index]!;
  return [{ ...mine, explanation: `${PLAN_LINE_PREFIX}${mine.explanation}` }, ...suggestions.slice(0, index), ...suggestions.slice(index + 1)];
}

/**
 * nextReviewsFor's first `limit` suggestions and its length, from the team's rankQueue (see
 * suggestFromRanking): what replies show, without scoring the whole queue for each person.
 */
export function nextReviewsFromRanking(
  login: string, ranked: readonly Suggestion[], ctx: SuggestContext, plan: readonly SwarmAssignment[] | null, limit: number,
): TopSuggestions {
  const { top, total } = suggestFromRanking(login, ranked, ctx, limit);
  const line = plan?.find((assignment) => sameLogin(assignment.reviewer, login));
  if (!line) return { top, total };
  const key = pullRequestKey(line.suggestion.pr.facts.repo, line.suggestion.pr.facts.number);
  const index = top.findIndex((s) => pullRequestKey(s.pr.facts.repo, s.pr.facts.number) === key);
  if (index === 0) return { top, total };
  const mine = index > 0 ? top[index]! : suggestionOf(login, line.suggestion.pr, ctx);
  if (!mine) return { top, total }; // not theirs to take (claimed meanwhile)
  const rest = index > 0 ? [...top.slice(0, index), ...top.slice(index + 1)] : top;
  return { top: [{ ...mine, explanation: `${PLAN_LINE_PREFIX}${mine.explanation}` }, ...rest].slice(0, limit), total };
}
