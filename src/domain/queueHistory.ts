// When a pull request entered and left "awaiting review", rebuilt from its facts alone, so
// throughput and arrivals need no separate history table.
//
// Approximations (GitHub's facts do not keep the full timeline):
// - It enters at the last "ready for review" (or creation); earlier ready/draft periods are lost.
// - Every counting review (not by the author, not pending or dismissed) takes it out of the queue,
//   even a comment while another reviewer is still requested.
// - After a review it re-enters at the first standing re-request (not withdrawn) or commit before
//   the next review (commit dates: GitHub no longer gives push dates).
// - A PR carrying a skip label, or an open draft, has no history (when the label was added, or
//   when it went back to draft, is unknown).
// - For an open PR the end of the history agrees with its classification now: a PR the rules
//   call awaiting review is in the queue, and one they do not is out of it.

import { classify, type Classification } from './classify.js';
import { standingRequestEvents } from './reviewRequests.js';
import { commitTimesOf, countingReviews, hasAnyLabel, readyAt } from './reviews.js';
import { DEFAULT_SKIP_LABELS, type PullRequestFacts, type QueueState, type QueueTransition } from './types.js';

// A PR's history depends only on its facts (never mutated), the skip labels and its classification
// (itself a function of the two), not on `now`: each team view reads it for every stored PR, and the
// facts objects are kept between views, so it is computed once per facts object. Callers only read it.
const memo = new WeakMap<object, { skipLabels: readonly string[]; queue: QueueState | null; since: number | null; value: QueueTransition[] }>();

/** `current`: the PR's classification now, when the caller already has it (saves classifying twice). */
export function queueHistory(facts: PullRequestFacts, skipLabels: readonly string[] = DEFAULT_SKIP_LABELS, current?: Classification): readonly QueueTransition[] {
  const queue = current?.queue ?? null;
  const since = current?.awaitingReviewSince?.getTime() ?? null;
  const known = memo.get(facts);
  if (known && known.queue === queue && known.since === since && sameLabels(known.skipLabels, skipLabels)) return known.value;
  const value = historyOf(facts, skipLabels, current);
  memo.set(facts, { skipLabels: [...skipLabels], queue, since, value });
  return value;
}

const sameLabels = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((label, i) => label === b[i]);

function historyOf(facts: PullRequestFacts, skipLabels: readonly string[], current: Classification | undefined): QueueTransition[] {
  if (hasAnyLabel(facts.labels, skipLabels)) return [];
  if (facts.isDraft && (facts.state === 'OPEN' || facts.readyForReviewAt === null)) return [];

  const ready = readyAt(facts).getTime();
  const closedAt = facts.state === 'OPEN' ? null : (facts.mergedAt ?? facts.closedAt)?.getTime() ?? null;
  const end = closedAt ?? Number.POSITIVE_INFINITY;
  const transitions: QueueTransition[] = [];
  const record = (kind: QueueTransition['kind'], at: number) => transitions.push({ repo: facts.repo, number: facts.number, kind, at: new Date(at) });
  if (ready > end) return [];

  let inQueue = true;
  record('entered', ready);
  const reviewTimes = countingReviews(facts).map((review) => review.submittedAt.getTime()).filter((at) => at > ready && at <= end);
  const returnTimes = [...standingRequestEvents(facts).map((request) => request.at.getTime()), ...commitTimesOf(facts).map((t) => t.getTime())]
    .filter((at) => at > ready && at < end)
    .sort((a, b) => a - b);

  reviewTimes.forEach((reviewedAt, i) => {
    if (inQueue) {
      record('left', reviewedAt);
      inQueue = false;
    }
    const nextReview = reviewTimes[i + 1] ?? end;
    const back = returnTimes.find((at) => at > reviewedAt && at < nextReview);
    if (back !== undefined) {
      record('entered', back);
      inQueue = true;
    }
  });

  if (closedAt !== null) {
    if (inQueue) record('left', closedAt);
    return transitions;
  }
  return agreeWithClassification(transitions, facts, current ?? classify(facts, skipLabels), inQueue);
}

/** All transitions of many PRs, oldest first. */
export function queueHistories(pullRequests: readonly PullRequestFacts[], skipLabels: readonly string[] = DEFAULT_SKIP_LABELS): QueueTransition[] {
  return pullRequests.flatMap((facts) => queueHistory(facts, skipLabels)).sort((a, b) => a.at.getTime() - b.at.getTime());
}

function agreeWithClassification(transitions: QueueTransition[], facts: PullRequestFacts, now: Classification, inQueue: boolean): QueueTransition[] {
  const last = transitions[transitions.length - 1];
  if (now.queue === 'awaiting_review' && !inQueue && now.awaitingReviewSince) {
    const at = Math.max(now.awaitingReviewSince.getTime(), last?.at.getTime() ?? 0);
    transitions.push({ repo: facts.repo, number: facts.number, kind: 'entered', at: new Date(at) });
  } else if (now.queue !== 'awaiting_review' && inQueue && last?.kind === 'entered') {
    transitions.pop(); // e.g. still approved after a later push: it never really went back
  }
  return transitions;
}
