import { describe, expect, it } from 'vitest';
import { factsAsOf } from '../../src/domain/factsAsOf.js';
import { pullRequest, review } from './builders.js';

// A PR rebuilt as GitHub showed it earlier: only what had happened by then.

const at = (iso: string) => new Date(iso);
const pr = pullRequest({
  number: 7,
  author: 'bob',
  createdAt: at('2026-11-02T09:00:00Z'),
  readyForReviewAt: at('2026-11-02T11:00:00Z'),
  additions: 130,
  deletions: 20,
  lastCommitAt: at('2026-11-03T15:00:00Z'),
  commitTimes: [at('2026-11-02T09:00:00Z'), at('2026-11-03T15:00:00Z')],
  commitLines: [{ at: at('2026-11-02T09:00:00Z'), additions: 100, deletions: 10 }, { at: at('2026-11-03T15:00:00Z'), additions: 30, deletions: 10 }],
  reviews: [review('ana', 'CHANGES_REQUESTED', '2026-11-03T10:00:00Z'), review('ana', 'APPROVED', '2026-11-04T10:00:00Z')],
  reviewRequests: [{ at: at('2026-11-02T11:00:00Z'), reviewer: 'ana' }, { at: at('2026-11-02T11:00:00Z'), reviewer: 'acme/core' }],
  reviewRequestRemovals: [{ at: at('2026-11-02T12:00:00Z'), reviewer: 'acme/core' }],
  pendingReviewers: [],
  reviewDecision: 'APPROVED',
  state: 'MERGED',
  mergedAt: at('2026-11-04T12:00:00Z'),
  closedAt: at('2026-11-04T12:00:00Z'),
});

describe('a pull request as of an earlier time', () => {
  it('did not exist before it was created', () => {
    expect(factsAsOf(pr, at('2026-11-02T08:59:00Z'))).toBeNull();
  });

  it('was an open draft before it was marked ready', () => {
    expect(factsAsOf(pr, at('2026-11-02T10:00:00Z'))).toMatchObject({ state: 'OPEN', isDraft: true, readyForReviewAt: null, mergedAt: null, closedAt: null });
  });

  it('waited on the standing request (the withdrawn team request no longer counts), with the lines of the commits so far', () => {
    const past = factsAsOf(pr, at('2026-11-02T13:00:00Z'))!;
    expect(past).toMatchObject({ state: 'OPEN', isDraft: false, additions: 100, deletions: 10, reviews: [], reviewDecision: 'REVIEW_REQUIRED' });
    expect(past.pendingReviewers).toEqual([{ kind: 'user', login: 'ana' }]);
    expect(past.commitTimes).toEqual([at('2026-11-02T09:00:00Z')]);
    expect(past.lastCommitAt).toEqual(at('2026-11-02T09:00:00Z'));
  });

  it('after the change request: the reviewer answered (no longer pending), the decision says so', () => {
    const past = factsAsOf(pr, at('2026-11-03T11:00:00Z'))!;
    expect(past.pendingReviewers).toEqual([]);
    expect(past).toMatchObject({ reviewDecision: 'CHANGES_REQUESTED', reviews: [expect.objectContaining({ state: 'CHANGES_REQUESTED' })] });
  });

  it('once merged it is as read today', () => {
    expect(factsAsOf(pr, at('2026-11-05T09:00:00Z'))).toMatchObject({ state: 'MERGED', additions: 130, deletions: 20, reviewDecision: 'APPROVED' });
  });

  it('a repository without a computed review decision has none earlier either', () => {
    expect(factsAsOf({ ...pr, reviewDecision: null }, at('2026-11-03T11:00:00Z'))!.reviewDecision).toBeNull();
  });
});
