// Where an open pull request sits in the review queue, and since when it has waited for review.
// The order of the rules is the specification (issue 2); the first that matches wins.

import { countingReviews, hasAnyLabel, readyAt } from './reviews.js';
import type { PullRequestFacts, QueuedPullRequest, QueueState, Review } from './types.js';

export interface Classification {
  queue: QueueState;
  /** when it last entered "awaiting review"; null unless awaiting review */
  awaitingReviewSince: Date | null;
}

/**
 * Classifies a pull request by the rules, in order:
 * 1. draft → draft; 2. a skip label → skipped; 3. approved (reviewDecision, or when that is null,
 * an approval after the last commit and no outstanding change request) → approved; 4. pending
 * review requests → awaiting_review; 5. a review after the last commit → awaiting_author;
 * 6. otherwise → awaiting_review.
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
    queued.push({ facts, ...classify(facts, skipLabels) });
  }
  return queued;
}

function queueStateOf(facts: PullRequestFacts, skipLabels: readonly string[]): QueueState {
  if (facts.isDraft) return 'draft';
  if (hasAnyLabel(facts.labels, skipLabels)) return 'skipped';
  const reviews = countingReviews(facts);
  if (isApproved(facts, reviews)) return 'approved';
  if (facts.pendingReviewers.length > 0) return 'awaiting_review';
  const latest = reviews[reviews.length - 1];
  if (latest && isAfterLastCommit(latest, facts)) return 'awaiting_author';
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
 * review; the first review re-request after that review. We only know the last commit's time, so
 * "first commit after the review" is approximated by the last commit when it is after the review
 * (a PR pushed to twice after a review looks younger than it is, never older).
 *
 * One case the rule alone gets wrong: every one of those starts precedes the latest review, yet the
 * PR still awaits review because a request is pending (say bob was re-requested, then carol
 * approved). The pending request has kept the PR in the queue since it was made, so the wait starts
 * there, or earlier if the PR was already waiting when the request came.
 */
function waitStart(facts: PullRequestFacts): Date {
  const start = waitStartByRule(facts);
  const latest = countingReviews(facts).at(-1);
  const requestedAt = pendingRequestSince(facts);
  if (!latest || requestedAt === null || start.getTime() >= latest.submittedAt.getTime()) return start;
  const before = asOf(facts, requestedAt);
  const alreadyWaiting = queueStateOf({ ...before, pendingReviewers: [] }, []) === 'awaiting_review';
  return alreadyWaiting ? waitStartByRule(before) : new Date(Math.max(requestedAt.getTime(), readyAt(facts).getTime()));
}

function waitStartByRule(facts: PullRequestFacts): Date {
  let start = readyAt(facts).getTime();
  const reviews = countingReviews(facts);
  const latest = reviews[reviews.length - 1];
  if (latest) {
    const reviewedAt = latest.submittedAt.getTime();
    if (facts.lastCommitAt && facts.lastCommitAt.getTime() > reviewedAt) start = Math.max(start, facts.lastCommitAt.getTime());
    const reRequests = facts.reviewRequests.map((request) => request.at.getTime()).filter((at) => at > reviewedAt);
    if (reRequests.length > 0) start = Math.max(start, Math.min(...reRequests));
  }
  return new Date(start);
}

/** The earliest of the latest requests of the reviewers still pending; null when none is known. */
function pendingRequestSince(facts: PullRequestFacts): Date | null {
  let earliest: number | null = null;
  for (const pending of facts.pendingReviewers) {
    const name = (pending.kind === 'user' ? pending.login : pending.slug).toLowerCase();
    const requests = facts.reviewRequests.filter((request) => request.reviewer?.toLowerCase() === name);
    if (requests.length === 0) continue;
    const latestRequest = Math.max(...requests.map((request) => request.at.getTime()));
    earliest = earliest === null ? latestRequest : Math.min(earliest, latestRequest);
  }
  return earliest === null ? null : new Date(earliest);
}

/** The facts as they stood just before `at`, as far as they can be told (the last commit only if it was before). */
function asOf(facts: PullRequestFacts, at: Date): PullRequestFacts {
  const before = (time: Date) => time.getTime() < at.getTime();
  return {
    ...facts,
    reviewDecision: null,
    reviews: facts.reviews.filter((review) => before(review.submittedAt)),
    reviewRequests: facts.reviewRequests.filter((request) => before(request.at)),
    lastCommitAt: facts.lastCommitAt && before(facts.lastCommitAt) ? facts.lastCommitAt : null,
  };
}
