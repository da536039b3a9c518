import { describe, expect, it } from 'vitest';
import { classify, classifyOpen } from '../../src/domain/classify.js';
import { DEFAULT_SKIP_LABELS, type PullRequestFacts, type QueueState } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

const skip = DEFAULT_SKIP_LABELS;
const queueOf = (facts: PullRequestFacts) => classify(facts, skip).queue;

describe('classifying an open pull request, rule by rule in order', () => {
  const cases: Array<[string, Partial<PullRequestFacts>, QueueState]> = [
    ['1. a draft is draft, even when approved and labelled', { isDraft: true, labels: ['wip'], reviewDecision: 'APPROVED' }, 'draft'],
    ['2. a skip label makes it skipped, ignoring case', { labels: ['Do Not Review'] }, 'skipped'],
    ['2. a skip label wins over an approval', { labels: ['on hold'], reviewDecision: 'APPROVED' }, 'skipped'],
    ['3. reviewDecision APPROVED is approved', { reviewDecision: 'APPROVED', pendingReviewers: [{ kind: 'user', login: 'bob' }] }, 'approved'],
    ['3. with no reviewDecision, an approval after the last commit is approved', { reviews: [review('bob', 'APPROVED', '2026-11-23T10:00:00Z')] }, 'approved'],
    ['3. an approval before the last commit is not approved', { reviews: [review('bob', 'APPROVED', '2026-11-23T08:00:00Z')] }, 'awaiting_review'],
    ['3. an outstanding change request blocks the approval', {
      reviews: [review('carol', 'CHANGES_REQUESTED', '2026-11-23T09:30:00Z'), review('bob', 'APPROVED', '2026-11-23T10:00:00Z'), review('carol', 'COMMENTED', '2026-11-23T10:30:00Z')],
    }, 'awaiting_author'],
    ['3. a change request later approved by the same reviewer no longer blocks', {
      reviews: [review('carol', 'CHANGES_REQUESTED', '2026-11-23T09:30:00Z'), review('Carol', 'APPROVED', '2026-11-23T10:00:00Z')],
    }, 'approved'],
    ['3. the author approving their own PR does not count', { reviews: [review('Alice', 'APPROVED', '2026-11-23T10:00:00Z')] }, 'awaiting_review'],
    ['3. a pending (unsubmitted) approval does not count', { reviews: [review('bob', 'PENDING', '2026-11-23T10:00:00Z')] }, 'awaiting_review'],
    ['3. reviewDecision CHANGES_REQUESTED ignores a later approval', { reviewDecision: 'CHANGES_REQUESTED', reviews: [review('bob', 'APPROVED', '2026-11-23T10:00:00Z')] }, 'awaiting_author'],
    ['4. a change request after the last commit goes to the author, even with an older request pending', {
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')], pendingReviewers: [{ kind: 'team', slug: 'acme/backend' }],
      reviewRequests: [{ at: at('2026-11-23T09:00:00Z'), reviewer: 'acme/backend' }],
    }, 'awaiting_author'],
    ['4. a request made after the change request puts it back in the reviewers\' court', {
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')], pendingReviewers: [{ kind: 'team', slug: 'acme/backend' }],
      reviewRequests: [{ at: at('2026-11-23T11:00:00Z'), reviewer: 'acme/backend' }],
    }, 'awaiting_review'],
    ['5. pending review requests make it awaiting review after a comment', {
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')], pendingReviewers: [{ kind: 'team', slug: 'acme/backend' }],
    }, 'awaiting_review'],
    ['5. a pending request the reviewer has answered since no longer holds it (a list read a moment too early)', {
      reviews: [review('carol', 'COMMENTED', '2026-11-23T10:00:00Z')], pendingReviewers: [{ kind: 'user', login: 'carol' }],
      reviewRequests: [{ at: at('2026-11-23T09:00:00Z'), reviewer: 'carol' }],
    }, 'awaiting_author'],
    ['5. a withdrawn request no longer holds it', {
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')], pendingReviewers: [{ kind: 'user', login: 'carol' }],
      reviewRequests: [{ at: at('2026-11-23T10:30:00Z'), reviewer: 'carol' }], reviewRequestRemovals: [{ at: at('2026-11-23T10:40:00Z'), reviewer: 'carol' }],
    }, 'awaiting_author'],
    ['5. a change request after the last commit is awaiting author', { reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')] }, 'awaiting_author'],
    ['5. a comment review after the last commit is awaiting author', { reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')] }, 'awaiting_author'],
    ['5. a dismissed review does not count', { reviews: [review('bob', 'DISMISSED', '2026-11-23T10:00:00Z')] }, 'awaiting_review'],
    ['5. the author commenting on their own PR does not count', { reviews: [review('alice', 'COMMENTED', '2026-11-23T10:00:00Z')] }, 'awaiting_review'],
    ['5. a review by a deleted account still counts', { reviews: [review(null, 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')] }, 'awaiting_author'],
    ['6. no review at all is awaiting review', {}, 'awaiting_review'],
    ['6. a push after the latest review puts it back to awaiting review', {
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')], lastCommitAt: at('2026-11-23T11:00:00Z'),
    }, 'awaiting_review'],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(queueOf(pullRequest(overrides))).toBe(expected);
  });

  it('honours the team skip labels rather than the defaults', () => {
    const facts = pullRequest({ labels: ['parked'] });
    expect(classify(facts, ['Parked']).queue).toBe('skipped');
    expect(classify(facts, skip).queue).toBe('awaiting_review');
  });
});

describe('when the wait for review starts', () => {
  const since = (overrides: Partial<PullRequestFacts>) => classify(pullRequest(overrides), skip).awaitingReviewSince?.toISOString() ?? null;

  it('starts at creation when the PR was never a draft', () => {
    expect(since({ createdAt: at('2026-11-23T09:00:00Z') })).toBe('2026-11-23T09:00:00.000Z');
  });

  it('starts when a former draft was marked ready for review', () => {
    expect(since({ readyForReviewAt: at('2026-11-24T13:00:00Z') })).toBe('2026-11-24T13:00:00.000Z');
  });

  it('restarts at the first commit after the latest review', () => {
    expect(since({ reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')], lastCommitAt: at('2026-11-23T15:00:00Z') }))
      .toBe('2026-11-23T15:00:00.000Z');
  });

  it('restarts at a review re-request after the latest review', () => {
    expect(since({
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')],
      pendingReviewers: [{ kind: 'user', login: 'bob' }],
      reviewRequests: [{ at: at('2026-11-23T09:05:00Z'), reviewer: 'bob' }, { at: at('2026-11-23T12:00:00Z'), reviewer: 'bob' }, { at: at('2026-11-23T14:00:00Z'), reviewer: 'carol' }],
    })).toBe('2026-11-23T12:00:00.000Z');
  });

  it('takes the latest of a push and a re-request after the review', () => {
    expect(since({
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')],
      lastCommitAt: at('2026-11-23T11:00:00Z'),
      reviewRequests: [{ at: at('2026-11-23T11:30:00Z'), reviewer: 'bob' }],
      pendingReviewers: [{ kind: 'user', login: 'bob' }],
    })).toBe('2026-11-23T11:30:00.000Z');
  });

  // A request older than the latest review does not date this round back: the round starts at the
  // review (the earlier rounds still count for ranking, see waitRounds).
  it('a request made before the latest review, still pending: this round starts at that review', () => {
    expect(since({
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')],
      pendingReviewers: [{ kind: 'user', login: 'carol' }],
      reviewRequests: [{ at: at('2026-11-23T09:01:00Z'), reviewer: 'carol' }],
    })).toBe('2026-11-23T10:00:00.000Z');
  });

  it('a pending re-request, then a review by someone else that does not approve it: this round starts at that review', () => {
    expect(since({
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z'), review('carol', 'APPROVED', '2026-11-23T15:00:00Z')],
      pendingReviewers: [{ kind: 'user', login: 'bob' }],
      reviewRequests: [{ at: at('2026-11-23T09:00:00Z'), reviewer: 'bob' }, { at: at('2026-11-23T12:00:00Z'), reviewer: 'bob' }],
    })).toBe('2026-11-23T15:00:00.000Z');
  });

  it('a pending team request made before a comment: this round starts at the comment, not days back at the opening', () => {
    expect(since({
      createdAt: at('2026-11-18T09:00:00Z'),
      lastCommitAt: at('2026-11-18T08:30:00Z'),
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')],
      pendingReviewers: [{ kind: 'team', slug: 'acme/backend' }],
      reviewRequests: [{ at: at('2026-11-18T09:30:00Z'), reviewer: 'acme/backend' }],
    })).toBe('2026-11-23T10:00:00.000Z');
  });

  it('pushed twice after a review: the wait starts at the first push, not the last', () => {
    expect(since({
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')],
      lastCommitAt: at('2026-11-24T15:00:00Z'),
      commitTimes: [at('2026-11-23T08:30:00Z'), at('2026-11-23T11:00:00Z'), at('2026-11-24T15:00:00Z')],
    })).toBe('2026-11-23T11:00:00.000Z');
  });

  it('a re-request withdrawn right away does not restart the wait', () => {
    expect(since({
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')],
      commitTimes: [at('2026-11-23T08:30:00Z'), at('2026-11-23T11:00:00Z')],
      lastCommitAt: at('2026-11-23T11:00:00Z'),
      reviewRequests: [{ at: at('2026-11-23T13:00:00Z'), reviewer: 'carol' }],
      reviewRequestRemovals: [{ at: at('2026-11-23T13:01:00Z'), reviewer: 'carol' }],
    })).toBe('2026-11-23T11:00:00.000Z');
  });

  it('ignores the author\'s own reviews when finding the latest review', () => {
    expect(since({
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z'), review('alice', 'COMMENTED', '2026-11-23T16:00:00Z')],
      lastCommitAt: at('2026-11-23T12:00:00Z'),
    })).toBe('2026-11-23T12:00:00.000Z');
  });

  it('a review on the draft, then ready for review: the wait starts when it became ready', () => {
    expect(since({
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')],
      lastCommitAt: at('2026-11-23T11:00:00Z'),
      readyForReviewAt: at('2026-11-24T09:00:00Z'),
    })).toBe('2026-11-24T09:00:00.000Z');
  });

  it('is null for PRs not awaiting review', () => {
    expect(since({ isDraft: true })).toBeNull();
    expect(since({ reviewDecision: 'APPROVED' })).toBeNull();
    expect(since({ reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')] })).toBeNull();
  });
});

describe('a PR re-entering the queue after changes were requested and pushed', () => {
  const opened = pullRequest({ createdAt: at('2026-11-23T09:00:00Z'), lastCommitAt: at('2026-11-23T08:50:00Z'), pendingReviewers: [{ kind: 'user', login: 'bob' }] });
  const changesRequested: PullRequestFacts = { ...opened, pendingReviewers: [], reviewDecision: 'CHANGES_REQUESTED', reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T14:00:00Z')] };
  const pushed: PullRequestFacts = { ...changesRequested, lastCommitAt: at('2026-11-24T10:00:00Z') };
  const reRequested: PullRequestFacts = { ...pushed, pendingReviewers: [{ kind: 'user', login: 'bob' }], reviewRequests: [{ at: at('2026-11-24T10:05:00Z'), reviewer: 'bob' }] };
  const approved: PullRequestFacts = { ...reRequested, pendingReviewers: [], reviewDecision: 'APPROVED', reviews: [...reRequested.reviews, review('bob', 'APPROVED', '2026-11-24T15:00:00Z')] };

  it.each([
    ['opened with bob requested', opened, 'awaiting_review', '2026-11-23T09:00:00.000Z'],
    ['bob requests changes', changesRequested, 'awaiting_author', null],
    ['the author pushes a fix: back in the queue, waiting from the push', pushed, 'awaiting_review', '2026-11-24T10:00:00.000Z'],
    ['the author also re-requests bob: the wait starts at the later re-request', reRequested, 'awaiting_review', '2026-11-24T10:05:00.000Z'],
    ['bob approves', approved, 'approved', null],
  ] as const)('%s', (_step, facts, queue, since) => {
    const result = classify(facts, skip);
    expect(result.queue).toBe(queue);
    expect(result.awaitingReviewSince?.toISOString() ?? null).toBe(since);
  });

  it('without branch protection (no reviewDecision) the push puts it back the same way', () => {
    const result = classify({ ...pushed, reviewDecision: null }, skip);
    expect(result).toEqual({ queue: 'awaiting_review', awaitingReviewSince: at('2026-11-24T10:00:00Z') });
  });

  it('a later push after the approval keeps it approved while GitHub still says APPROVED', () => {
    expect(classify({ ...approved, lastCommitAt: at('2026-11-24T16:00:00Z') }, skip).queue).toBe('approved');
  });
});

describe('closed and merged pull requests', () => {
  it('are left out of the queue and never wait', () => {
    const merged = pullRequest({ number: 2, state: 'MERGED', mergedAt: at('2026-11-24T09:00:00Z'), closedAt: at('2026-11-24T09:00:00Z') });
    const open = pullRequest({ number: 3 });
    expect(classify(merged, skip).awaitingReviewSince).toBeNull();
    expect(classifyOpen([merged, open], skip).map((q) => q.facts.number)).toEqual([3]);
  });
});
