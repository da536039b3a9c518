import { describe, expect, it } from 'vitest';
import { recentQueueRange } from '../../src/domain/recentQueue.js';
import { DEFAULT_SKIP_LABELS } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

const now = at('2026-11-24T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('the queue over the last hour', () => {
  it.each([
    // [what, PRs, current count, fewest, most]
    ['nothing waited', [], 0, 0, 0],
    ['one PR waiting all hour', [pullRequest({ number: 1, createdAt: minutesAgo(90), additions: 10, deletions: 0 })], 1, 1, 1],
    ['one PR arrived 20 minutes ago', [pullRequest({ number: 1, createdAt: minutesAgo(20), additions: 10, deletions: 0 })], 1, 0, 1],
    ['one PR reviewed 20 minutes ago', [pullRequest({ number: 1, createdAt: minutesAgo(90), additions: 10, deletions: 0, reviews: [review('bob', 'APPROVED', minutesAgo(20).toISOString())] })], 0, 0, 1],
    ['one PR arrived and was reviewed within the hour', [pullRequest({ number: 1, createdAt: minutesAgo(50), additions: 10, deletions: 0, reviews: [review('bob', 'APPROVED', minutesAgo(30).toISOString())] })], 0, 0, 1],
    ['one PR reviewed two hours ago', [pullRequest({ number: 1, createdAt: minutesAgo(300), additions: 10, deletions: 0, reviews: [review('bob', 'APPROVED', minutesAgo(120).toISOString())] })], 0, 0, 0],
  ] as const)('%s', (_what, prs, current, fewest, most) => {
    const range = recentQueueRange(prs, DEFAULT_SKIP_LABELS, now, 60, { awaiting: current, lines: current * 10 });
    expect(range).toEqual({ fewestAwaiting: fewest, mostAwaiting: most, fewestLines: fewest * 10, mostLines: most * 10 });
  });

  it('always includes the queue as classified now, whatever the history says', () => {
    expect(recentQueueRange([], DEFAULT_SKIP_LABELS, now, 60, { awaiting: 2, lines: 30 })).toEqual({ fewestAwaiting: 0, mostAwaiting: 2, fewestLines: 0, mostLines: 30 });
  });
});
