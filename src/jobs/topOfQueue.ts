import type { Assessment } from '../domain/assess.js';
import { rankQueue, suggestContextOf } from '../domain/suggest.js';
import type { PullRequestFacts, TeamSnapshot } from '../domain/types.js';

/** The first PRs of the queue in priority order (person-neutral), with why each is there. */
export function topOfQueue(snapshot: TeamSnapshot, assessment: Assessment, now: Date, count = 5): Array<{ pr: PullRequestFacts; why: string }> {
  return rankQueue(assessment.queue, suggestContextOf(snapshot, now)).queue
    .slice(0, count)
    .map((suggestion) => ({ pr: suggestion.pr.facts, why: suggestion.explanation }));
}
