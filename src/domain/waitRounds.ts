// A PR bounced between author and reviewers waits in rounds. Its current round alone makes it look
// fresh after every push, so ranking adds the rounds before it: the total time it waited for review.

import { businessHoursBetween } from './businessHours.js';
import { queueHistory } from './queueHistory.js';
import type { QueuedPullRequest, WorkingHours } from './types.js';

// Earlier rounds depend only on the facts (which are never mutated) and the working hours, not on
// `now`: computed once per facts object, however often the queue is ranked.
const memo = new WeakMap<object, { hours: WorkingHours; since: number; value: number }>();

/** Business hours the PR waited for review in the rounds that ended before its current one. */
export function earlierRoundsBusinessHours(pr: QueuedPullRequest, hours: WorkingHours): number {
  const since = pr.awaitingReviewSince;
  if (since === null || !pr.facts.reviews.some((review) => review.submittedAt.getTime() < since.getTime())) return 0; // one round so far
  const known = memo.get(pr.facts);
  if (known && known.hours === hours && known.since === since.getTime()) return known.value;
  const value = sumEarlierRounds(pr, since, hours);
  memo.set(pr.facts, { hours, since: since.getTime(), value });
  return value;
}

function sumEarlierRounds(pr: QueuedPullRequest, since: Date, hours: WorkingHours): number {
  let total = 0;
  let enteredAt: Date | null = null;
  // Skip labels do not matter here: a PR awaiting review carries none.
  for (const transition of queueHistory(pr.facts, [], pr)) {
    if (transition.at.getTime() > since.getTime()) break;
    if (transition.kind === 'entered') enteredAt ??= transition.at;
    else if (enteredAt) {
      const leftAt = transition.at.getTime() < since.getTime() ? transition.at : since;
      total += businessHoursBetween(enteredAt, leftAt, hours);
      enteredAt = null;
    }
  }
  return total;
}
