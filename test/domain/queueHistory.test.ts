import { describe, expect, it } from 'vitest';
import { queueHistory } from '../../src/domain/queueHistory.js';
import type { PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

const history = (overrides: Partial<PullRequestFacts>) => queueHistory(pullRequest(overrides)).map((t) => `${t.kind} ${t.at.toISOString().slice(0, 16)}`);

describe('a PR\'s time in "awaiting review", rebuilt from its facts', () => {
  it('an open PR nobody reviewed entered at creation and is still in', () => {
    expect(history({})).toEqual(['entered 2026-11-23T09:00']);
  });

  it('review, push, approval, merge: in, out, in, out', () => {
    expect(history({
      state: 'MERGED', mergedAt: at('2026-11-25T12:00:00Z'), closedAt: at('2026-11-25T12:00:00Z'),
      reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T14:00:00Z'), review('bob', 'APPROVED', '2026-11-25T10:00:00Z')],
      lastCommitAt: at('2026-11-24T10:00:00Z'),
    })).toEqual(['entered 2026-11-23T09:00', 'left 2026-11-23T14:00', 'entered 2026-11-24T10:00', 'left 2026-11-25T10:00']);
  });

  it('closed without a review: it leaves at the close', () => {
    expect(history({ state: 'CLOSED', closedAt: at('2026-11-24T09:30:00Z') })).toEqual(['entered 2026-11-23T09:00', 'left 2026-11-24T09:30']);
  });

  it('a re-request after a comment puts it back', () => {
    expect(history({
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')],
      reviewRequests: [{ at: at('2026-11-23T09:01:00Z'), reviewer: 'bob' }, { at: at('2026-11-23T11:00:00Z'), reviewer: 'bob' }],
      pendingReviewers: [{ kind: 'user', login: 'bob' }],
    })).toEqual(['entered 2026-11-23T09:00', 'left 2026-11-23T10:00', 'entered 2026-11-23T11:00']);
  });

  it('a former draft entered when it was marked ready; reviews of the draft do not count', () => {
    expect(history({
      readyForReviewAt: at('2026-11-24T09:00:00Z'),
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z'), review('carol', 'APPROVED', '2026-11-24T11:00:00Z')],
    })).toEqual(['entered 2026-11-24T09:00', 'left 2026-11-24T11:00']);
  });

  it('the author\'s own comments do not take it out', () => {
    expect(history({ reviews: [review('alice', 'COMMENTED', '2026-11-23T10:00:00Z')] })).toEqual(['entered 2026-11-23T09:00']);
  });

  it('still approved after a later push: it does not count as back in the queue', () => {
    expect(history({
      reviewDecision: 'APPROVED',
      reviews: [review('bob', 'APPROVED', '2026-11-23T10:00:00Z')],
      lastCommitAt: at('2026-11-23T12:00:00Z'),
    })).toEqual(['entered 2026-11-23T09:00', 'left 2026-11-23T10:00']);
  });

  it('a comment while another reviewer is still requested: out and straight back, as the rules say it waits', () => {
    expect(history({
      reviews: [review('bob', 'COMMENTED', '2026-11-23T10:00:00Z')],
      pendingReviewers: [{ kind: 'user', login: 'carol' }],
    })).toEqual(['entered 2026-11-23T09:00', 'left 2026-11-23T10:00', 'entered 2026-11-23T10:00']);
  });

  it('open drafts and skipped PRs have no history', () => {
    expect(history({ isDraft: true, readyForReviewAt: at('2026-11-23T10:00:00Z') })).toEqual([]);
    expect(history({ labels: ['WIP'] })).toEqual([]);
  });
});
