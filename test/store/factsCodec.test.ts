// Facts are stored as JSON: rows written before a field existed must still decode, with a default.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';
import { DEFAULT_SKIP_LABELS } from '../../src/domain/types.js';
import { decodeFacts, encodeFacts } from '../../src/store/factsCodec.js';
import { at, pullRequest, review } from '../domain/builders.js';

describe('stored facts', () => {
  it('round-trip commit times and withdrawn requests as dates', () => {
    const facts = pullRequest({
      commitTimes: [at('2026-11-23T08:30:00Z'), at('2026-11-23T11:00:00Z')],
      reviewRequestRemovals: [{ at: at('2026-11-23T12:00:00Z'), reviewer: 'carol' }],
    });
    expect(decodeFacts(encodeFacts(facts))).toEqual(facts);
  });

  it('a row stored before commit times were kept decodes with its last commit, and one without removals with none', () => {
    const { commitTimes: _c, reviewRequestRemovals: _r, ...old } = pullRequest({ lastCommitAt: at('2026-11-23T11:00:00Z') });
    const decoded = decodeFacts(JSON.stringify(old));
    expect(decoded.commitTimes).toEqual([at('2026-11-23T11:00:00Z')]);
    expect(decoded.reviewRequestRemovals).toEqual([]);
    const never = decodeFacts(JSON.stringify({ ...old, lastCommitAt: null }));
    expect(never.commitTimes).toEqual([]);
  });

  it('an old row classifies as it did: the wait starts at its last commit after the review', () => {
    const { commitTimes: _c, ...old } = pullRequest({ lastCommitAt: at('2026-11-23T11:00:00Z'), reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T10:00:00Z')] });
    expect(classify(decodeFacts(JSON.stringify(old)), DEFAULT_SKIP_LABELS).awaitingReviewSince).toEqual(at('2026-11-23T11:00:00Z'));
  });
});
