// What GitHub would have told the bot about a pull request at an earlier moment, rebuilt from the
// facts read now: only the events up to `at` count. Replay feeds these to the same policy code the
// bot runs, so the light it computes is the light the bot would have shown.
//
// What the facts cannot rebuild, and how it is read instead:
// - Labels and line counts have no history here: today's are used throughout.
// - A PR marked ready for review after `at` was a draft at `at`; one that is a draft today was a draft
//   all along (when it went back to draft is not kept).
// - GitHub's pending reviewers at `at`: the standing requests made by then, less a user who reviewed
//   since their latest request (GitHub drops them then) and less withdrawn ones.
// - GitHub's reviewDecision at `at` (only when it computes one today, i.e. the repository requires
//   reviews): the latest verdict of each reviewer by then, as branch protection decides it.

import { isWithdrawn } from './reviewRequests.js';
import { countingReviews, sameLogin } from './reviews.js';
import type { PendingReviewer, PullRequestFacts, ReviewDecision, ReviewRequestEvent } from './types.js';

/** The PR as of `at`; null when it did not exist yet. */
export function factsAsOf(facts: PullRequestFacts, at: Date): PullRequestFacts | null {
  const t = at.getTime();
  if (facts.createdAt.getTime() > t) return null;
  const upTo = (when: Date | null | undefined) => when != null && when.getTime() <= t;

  const endedAt = facts.state === 'OPEN' ? null : facts.mergedAt ?? facts.closedAt;
  const ended = endedAt != null && upTo(endedAt);
  const becameReadyLater = facts.readyForReviewAt !== null && !upTo(facts.readyForReviewAt);
  const commitTimes = facts.commitTimes?.filter(upTo);
  const lastCommitAt = commitTimes !== undefined ? commitTimes.at(-1) ?? null : upTo(facts.lastCommitAt) ? facts.lastCommitAt : null;

  const past: PullRequestFacts = {
    ...facts,
    state: ended ? facts.state : 'OPEN',
    closedAt: ended ? facts.closedAt : null,
    mergedAt: ended ? facts.mergedAt : null,
    isDraft: becameReadyLater || (facts.isDraft && facts.state === 'OPEN'),
    readyForReviewAt: becameReadyLater ? null : facts.readyForReviewAt,
    lastCommitAt,
    ...(commitTimes !== undefined ? { commitTimes } : {}),
    reviews: facts.reviews.filter((review) => upTo(review.submittedAt)),
    reviewRequests: facts.reviewRequests.filter((request) => upTo(request.at)),
    ...(facts.reviewRequestRemovals !== undefined ? { reviewRequestRemovals: facts.reviewRequestRemovals.filter((removal) => upTo(removal.at)) } : {}),
  };
  return { ...past, pendingReviewers: pendingAsOf(past, facts), reviewDecision: facts.reviewDecision === null ? null : decisionAsOf(past) };
}

/** PRs that existed at `at`, each as of then. */
export function pullRequestsAsOf(pullRequests: readonly PullRequestFacts[], at: Date): PullRequestFacts[] {
  const existing: PullRequestFacts[] = [];
  for (const facts of pullRequests) {
    const past = factsAsOf(facts, at);
    if (past) existing.push(past);
  }
  return existing;
}

function pendingAsOf(past: PullRequestFacts, today: PullRequestFacts): PendingReviewer[] {
  if (past.state !== 'OPEN') return [];
  const latestByReviewer = new Map<string, ReviewRequestEvent>();
  for (const request of past.reviewRequests) {
    if (request.reviewer !== null) latestByReviewer.set(request.reviewer.toLowerCase(), request);
  }
  const reviews = countingReviews(past);
  const pending: PendingReviewer[] = [];
  for (const request of latestByReviewer.values()) {
    if (isWithdrawn(request, past)) continue;
    const name = request.reviewer!;
    // Requests to teams are written `org/slug`; today's pending list says which kind a name was.
    const isTeam = name.includes('/') || today.pendingReviewers.some((p) => p.kind === 'team' && sameLogin(p.slug, name));
    if (isTeam) {
      pending.push({ kind: 'team', slug: name });
      continue;
    }
    const answered = reviews.some((review) => sameLogin(review.author, name) && review.submittedAt.getTime() >= request.at.getTime());
    if (!answered) pending.push({ kind: 'user', login: name });
  }
  return pending;
}

function decisionAsOf(past: PullRequestFacts): ReviewDecision {
  const verdicts = new Map<string, string>();
  for (const review of [...past.reviews].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())) {
    if (review.author === null || sameLogin(review.author, past.author)) continue;
    if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED' || review.state === 'DISMISSED') verdicts.set(review.author.toLowerCase(), review.state);
  }
  const states = [...verdicts.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  if (states.includes('APPROVED')) return 'APPROVED';
  return 'REVIEW_REQUIRED';
}
