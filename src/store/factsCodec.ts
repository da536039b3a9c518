import type { PullRequestFacts } from '../domain/types.js';

// PullRequestFacts ↔ JSON. Dates travel as ISO strings and come back as Dates.

export function encodeFacts(facts: PullRequestFacts): string {
  return JSON.stringify(facts);
}

export function decodeFacts(json: string): PullRequestFacts {
  const raw = JSON.parse(json) as Record<string, any>;
  const date = (value: unknown) => (value == null ? null : new Date(value as string));
  return {
    ...(raw as PullRequestFacts),
    createdAt: new Date(raw.createdAt),
    readyForReviewAt: date(raw.readyForReviewAt),
    closedAt: date(raw.closedAt),
    mergedAt: date(raw.mergedAt),
    lastCommitAt: date(raw.lastCommitAt),
    // Rows written before commit times were kept know only the last commit.
    commitTimes: Array.isArray(raw.commitTimes) ? raw.commitTimes.map((t: string) => new Date(t)) : raw.lastCommitAt ? [new Date(raw.lastCommitAt)] : [],
    reviews: (raw.reviews ?? []).map((r: any) => ({ ...r, submittedAt: new Date(r.submittedAt) })),
    reviewRequests: (raw.reviewRequests ?? []).map((r: any) => ({ ...r, at: new Date(r.at) })),
    reviewRequestRemovals: (raw.reviewRequestRemovals ?? []).map((r: any) => ({ ...r, at: new Date(r.at) })),
    ...(raw.updatedAt ? { updatedAt: new Date(raw.updatedAt) } : {}),
  };
}
