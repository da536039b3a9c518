// What one person should review next: the team's ranking filtered to the PRs theirs to take, the
// PRs they were requested on re-scored (x2 by name, x1.5 through a team). While the team swarms,
// their line of the swarm plan comes first, so `/flow next`, the gate DM and the plan message name
// the same PR (by priority alone a large PR ranks last for everyone, so following suggestions would
// never review it and keep the light red).

import { byPriority, isCandidate, requestOf, scoredFor, type Ranking, type Suggestion } from './suggest.js';
import { sameLogin } from './reviews.js';
import type { SwarmAssignment } from './swarm.js';

export const PLAN_LINE_PREFIX = 'your line of the swarm plan · ';

export interface NextReviewsOptions {
  /** how many to return (the count is of all of them); all when absent */
  limit?: number;
  /** the swarm plan while the team is red; null or absent otherwise */
  plan?: readonly SwarmAssignment[] | null;
  /** PR keys (pullRequestKey) the person set aside: left out of the list and the count */
  skip?: ReadonlySet<string>;
}

export interface NextReviews {
  /** the person's first `limit` suggestions, best first (their plan line first, marked, while red) */
  top: Suggestion[];
  /** how many suggestions they have in all */
  total: number;
}

/** The person's suggestions from the team's ranking. */
export function nextReviews(ranking: Ranking, login: string, options: NextReviewsOptions = {}): NextReviews {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const skip = options.skip;
  const { settings, githubTeams } = ranking.context;
  const line = options.plan?.find((assignment) => sameLogin(assignment.reviewer, login)) ?? null;
  const lineRepo = line?.suggestion.pr.facts.repo;
  const lineNumber = line?.suggestion.pr.facts.number;
  let mine: Suggestion | null = null;
  const plain: Suggestion[] = [];
  const requested: Suggestion[] = [];
  let total = 0;
  ranking.queue.forEach((ranked, i) => {
    const key = ranking.keys[i]!;
    if ((skip && skip.has(key)) || !isCandidate(login, ranked.pr, ranking.claims, key)) return;
    total += 1;
    const isLine = ranked.pr.facts.number === lineNumber && ranked.pr.facts.repo === lineRepo;
    const request = requestOf(login, ranked.pr, githubTeams);
    if (isLine) mine = scoredFor(ranked, request, settings);
    else if (request.requested) requested.push(scoredFor(ranked, request, settings));
    // The ranking is in order: past the limit, a PR nobody asked them for can no longer make the top.
    else if (plain.length < limit) plain.push(ranked);
  });
  requested.sort(byPriority);
  const top: Suggestion[] = [];
  // Marked even when it ranks first anyway: the person should know it is their line.
  const planLine = mine as Suggestion | null;
  if (planLine && limit > 0) top.push({ ...planLine, explanation: `${PLAN_LINE_PREFIX}${planLine.explanation}` });
  let p = 0;
  let r = 0;
  while (top.length < limit && (p < plain.length || r < requested.length)) {
    const takeRequested = p >= plain.length || (r < requested.length && byPriority(requested[r]!, plain[p]!) < 0);
    top.push(takeRequested ? requested[r++]! : plain[p++]!);
  }
  return { top, total };
}
