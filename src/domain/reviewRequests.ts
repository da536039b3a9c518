// Which review requests still stand. GitHub's list of pending reviewers is the truth at the moment
// it was read, but the timeline keeps every request ever made: a request later withdrawn, or one
// the reviewer has since answered, must not keep a PR in the queue or date its wait.

import { countingReviews, sameLogin } from './reviews.js';
import type { PendingReviewer, PullRequestFacts, ReviewRequestEvent } from './types.js';

const nameOf = (pending: PendingReviewer) => (pending.kind === 'user' ? pending.login : pending.slug);

/** True when the request was withdrawn: the reviewer's next request event after it is a removal. */
export function isWithdrawn(request: ReviewRequestEvent, facts: PullRequestFacts): boolean {
  const removals = facts.reviewRequestRemovals ?? [];
  if (request.reviewer === null || removals.length === 0) return false;
  const at = request.at.getTime();
  const removedAt = removals
    .filter((removal) => sameLogin(removal.reviewer, request.reviewer) && removal.at.getTime() >= at)
    .map((removal) => removal.at.getTime());
  if (removedAt.length === 0) return false;
  const firstRemoval = Math.min(...removedAt);
  return !facts.reviewRequests.some((other) => other !== request && sameLogin(other.reviewer, request.reviewer) && other.at.getTime() > at && other.at.getTime() <= firstRemoval);
}

/** Review requests on the timeline that were not withdrawn, oldest first. */
export function standingRequestEvents(facts: PullRequestFacts): ReviewRequestEvent[] {
  if ((facts.reviewRequestRemovals ?? []).length === 0) return facts.reviewRequests;
  return facts.reviewRequests.filter((request) => !isWithdrawn(request, facts));
}

/**
 * The pending reviewers a PR still waits for: GitHub's list, less a user who reviewed after their
 * latest request (answered; GitHub drops them, a list read a moment earlier may not have) and less
 * one whose latest request was withdrawn.
 */
export function standingPendingReviewers(facts: PullRequestFacts): PendingReviewer[] {
  if (facts.pendingReviewers.length === 0) return facts.pendingReviewers;
  return facts.pendingReviewers.filter((pending) => {
    const name = nameOf(pending);
    const requests = facts.reviewRequests.filter((request) => sameLogin(request.reviewer, name));
    const latest = requests.at(-1);
    if (!latest) return true; // requested before the timeline we read: GitHub says it is pending
    if (isWithdrawn(latest, facts)) return false;
    if (pending.kind === 'team') return true;
    return !countingReviews(facts).some((review) => sameLogin(review.author, pending.login) && review.submittedAt.getTime() >= latest.at.getTime());
  });
}

/** The teams (`org/slug`, lower case) pending review requests name on these open PRs. */
export function requestedTeamSlugs(pullRequests: Iterable<PullRequestFacts>): Set<string> {
  const slugs = new Set<string>();
  for (const pr of pullRequests) {
    if (pr.state !== 'OPEN') continue;
    for (const reviewer of pr.pendingReviewers) if (reviewer.kind === 'team') slugs.add(reviewer.slug.toLowerCase());
  }
  return slugs;
}
