// Where an open pull request sits in the review queue, and since when it has waited for review.
// The order of the rules is the specification: the first that matches wins, so a PR that fits two
// rules (a draft that is also approved) has exactly one place.

import { standingPendingReviewers, standingRequestEvents } from './reviewRequests.js';
import { countingReviews, firstCommitAfter, hasAnyLabel, readyAt } from './reviews.js';
import type { PullRequestFacts, QueuedPullRequest, QueueState, Review } from './types.js';

export interface Classification {
  queue: QueueState;
  /** when it last entered "awaiting review"; null unless awaiting review */
  awaitingReviewSince: Date | null;
}

/**
 * Classifies a pull request by the rules, in order:
 * 1. draft → draft; 2. a skip label → skipped; 3. approved (reviewDecision, or when that is null,
 * an approval after the last commit and no outstanding change request) → approved; 4. the latest
 * review asked for changes after the last commit and nobody was asked since → awaiting_author (a
 * request older than that review waits on a version about to change); 5. standing review requests
 * (not withdrawn, not answered since) → awaiting_review; 6. a review after the last commit →
 * awaiting_author; 7. otherwise → awaiting_review.
 * Closed and merged PRs are in no queue: callers keep them out of queues (see classifyOpen); for
 * them this returns what the rules say about the final state, with no wait.
 */
export function classify(facts: PullRequestFacts, skipLabels: readonly string[]): Classification {
  const queue = queueStateOf(facts, skipLabels);
  const awaitingReviewSince = queue === 'awaiting_review' && facts.state === 'OPEN' ? waitStart(facts) : null;
  return { queue, awaitingReviewSince };
}

/** Open PRs only, classified: the team's queue at this moment. */
export function classifyOpen(pullRequests: readonly PullRequestFacts[], skipLabels: readonly string[]): QueuedPullRequest[] {
  const queued: QueuedPullRequest[] = [];
  for (const facts of pullRequests) {
    if (facts.state !== 'OPEN') continue;
    const { queue, awaitingReviewSince } = classify(facts, skipLabels);
    // Every field named, in one order: later steps read these objects many times (a spread gave them varying shapes).
    queued.push({ facts, queue, awaitingReviewSince });
  }
  return queued;
}

function queueStateOf(facts: PullRequestFacts, skipLabels: readonly string[]): QueueState {
  if (facts.isDraft) return 'draft';
  if (hasAnyLabel(facts.labels, skipLabels)) return 'skipped';
  const reviews = countingReviews(facts);
  if (isApproved(facts, reviews)) return 'approved';
  const latest = reviews[reviews.length - 1];
  const answeredByAuthor = latest !== undefined && !isAfterLastCommit(latest, facts);
  const askedSince = latest !== undefined && standingRequestEvents(facts).some((request) => request.at.getTime() > latest.submittedAt.getTime());
  if (latest?.state === 'CHANGES_REQUESTED' && !answeredByAuthor && !askedSince) return 'awaiting_author';
  if (standingPendingReviewers(facts).length > 0) return 'awaiting_review';
  if (latest && !answeredByAuthor) return 'awaiting_author';
  return 'awaiting_review';
}

function isApproved(facts: PullRequestFacts, reviews: Review[]): boolean {
  if (facts.reviewDecision === 'APPROVED') return true;
  if (facts.reviewDecision !== null) return false;
  const approvedSinceLastCommit = reviews.some((review) => review.state === 'APPROVED' && isAfterLastCommit(review, facts));
  return approvedSinceLastCommit && !hasOutstandingChangeRequest(reviews);
}

/** A reviewer's change request stands until that reviewer approves (or it is dismissed); comments do not lift it. */
function hasOutstandingChangeRequest(reviews: Review[]): boolean {
  const verdictByReviewer = new Map<string, Review['state']>();
  for (const review of reviews) {
    if (review.state !== 'APPROVED' && review.state !== 'CHANGES_REQUESTED') continue;
    verdictByReviewer.set(review.author?.toLowerCase() ?? `ghost:${review.id}`, review.state);
  }
  return [...verdictByReviewer.values()].includes('CHANGES_REQUESTED');
}

/** With no known commit time, any review counts as later than the last commit. */
function isAfterLastCommit(review: Review, facts: PullRequestFacts): boolean {
  return facts.lastCommitAt === null || review.submittedAt.getTime() > facts.lastCommitAt.getTime();
}

/**
 * The wait starts at the latest of: ready for review; the first commit after the latest counting
 * review; the first standing review re-request after that review. A PR still waiting only on a
 * request made before the latest review waits from that review: the team answered then, and an
 * older request must not date the wait days back (ranking still sees the earlier rounds, see
 * waitRounds).
 */
function waitStart(facts: PullRequestFacts): Date {
  let start = readyAt(facts).getTime();
  const latest = countingReviews(facts).at(-1);
  if (!latest) return new Date(start);
  const reviewedAt = latest.submittedAt.getTime();
  const commit = firstCommitAfter(facts, latest.submittedAt);
  const reRequest = standingRequestEvents(facts).find((request) => request.at.getTime() > reviewedAt);
  if (!commit && !reRequest) return new Date(Math.max(start, reviewedAt));
  if (commit) start = Math.max(start, commit.getTime());
  if (reRequest) start = Math.max(start, reRequest.at.getTime());
  return new Date(start);
}
