// Which reviews count: submitted by someone other than the PR's author. PENDING reviews are
// unsubmitted drafts and DISMISSED ones were withdrawn, so neither moves the ball.

import type { PullRequestFacts, Review } from './types.js';

export const sameLogin = (a: string | null | undefined, b: string | null | undefined): boolean =>
  a != null && b != null && a.toLowerCase() === b.toLowerCase();

/** True when the review tells the author something: submitted, not dismissed, not by the author. */
export function isCountingReview(review: Review, prAuthor: string | null): boolean {
  if (review.state === 'PENDING' || review.state === 'DISMISSED') return false;
  return !sameLogin(review.author, prAuthor);
}

/** Counting reviews, oldest first. */
export function countingReviews(facts: PullRequestFacts): Review[] {
  return facts.reviews
    .filter((review) => isCountingReview(review, facts.author))
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}

/** When the PR became reviewable: the last "ready for review", or creation if it never was a draft. */
export function readyAt(facts: PullRequestFacts): Date {
  return facts.readyForReviewAt ?? facts.createdAt;
}

/** Changed lines, the measure of review effort. */
export function changedLines(facts: PullRequestFacts): number {
  return facts.additions + facts.deletions;
}

// Label lists come from settings and are reused for every PR: normalize each list once.
const normalizedLabelSets = new WeakMap<readonly string[], { seen: string[]; labels: Set<string> }>();

/** True when the label list holds any of the given labels, ignoring case and surrounding spaces. */
export function hasAnyLabel(labels: readonly string[], wanted: readonly string[]): boolean {
  if (labels.length === 0 || wanted.length === 0) return false;
  let normalized = normalizedLabelSets.get(wanted);
  if (!normalized || normalized.seen.length !== wanted.length || normalized.seen.some((label, i) => label !== wanted[i])) {
    normalized = { seen: [...wanted], labels: new Set(wanted.map((label) => label.trim().toLowerCase())) };
    normalizedLabelSets.set(wanted, normalized);
  }
  const set = normalized.labels;
  return labels.some((label) => set.has(label.trim().toLowerCase()));
}

/** When commits reached the PR, oldest first (the last commit alone for facts read before every time was kept). */
export function commitTimesOf(facts: PullRequestFacts): Date[] {
  const times = facts.commitTimes ?? [];
  const last = facts.lastCommitAt;
  if (last && !times.some((t) => t.getTime() === last.getTime())) return [...times, last].sort((a, b) => a.getTime() - b.getTime());
  return times;
}

/** The first commit after `after`: when the author answered a review. Null when none came since. */
export function firstCommitAfter(facts: PullRequestFacts, after: Date): Date | null {
  return commitTimesOf(facts).find((t) => t.getTime() > after.getTime()) ?? null;
}
