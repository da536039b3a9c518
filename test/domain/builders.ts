// Builders for domain tests: a plain open PR with sensible defaults, overridden per test.
import type { PullRequestFacts, Review, ReviewState } from '../../src/domain/types.js';

export const at = (iso: string) => new Date(iso);

let reviewIds = 0;
export function review(author: string | null, state: ReviewState, submittedAt: string): Review {
  reviewIds += 1;
  return { id: `R${reviewIds}`, author, state, submittedAt: at(submittedAt) };
}

export function pullRequest(overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  const number = overrides.number ?? 1;
  return {
    repo: 'acme/api',
    number,
    title: `Change ${number}`,
    url: `https://github.com/acme/api/pull/${number}`,
    author: 'alice',
    state: 'OPEN',
    isDraft: false,
    createdAt: at('2026-11-23T09:00:00Z'),
    readyForReviewAt: null,
    closedAt: null,
    mergedAt: null,
    labels: [],
    additions: 80,
    deletions: 20,
    headRef: `feature-${number}`,
    baseRef: 'main',
    reviewDecision: null,
    lastCommitAt: at('2026-11-23T08:30:00Z'),
    reviews: [],
    pendingReviewers: [],
    reviewRequests: [],
    ...overrides,
  };
}
