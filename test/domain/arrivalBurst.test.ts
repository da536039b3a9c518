import { describe, expect, it } from 'vitest';
import { largestArrivalBurst } from '../../src/domain/arrivalBurst.js';
import type { QueueTransition } from '../../src/domain/types.js';

const windowStart = new Date('2026-11-02T09:00:00Z');
const now = new Date('2026-11-03T17:00:00Z');
const move = (number: number, kind: QueueTransition['kind'], at: string): QueueTransition => ({ repo: 'acme/api', number, kind, at: new Date(at) });

describe('the largest burst of arrivals', () => {
  it.each([
    ['no arrivals', [], 0],
    ['PRs two hours apart', [move(1, 'entered', '2026-11-02T10:00:00Z'), move(2, 'entered', '2026-11-02T12:00:00Z')], 1],
    ['three within an hour, one outside it', [
      move(1, 'entered', '2026-11-02T10:00:00Z'), move(2, 'entered', '2026-11-02T10:20:00Z'),
      move(3, 'entered', '2026-11-02T11:00:00Z'), move(4, 'entered', '2026-11-02T11:30:00Z'),
    ], 3],
    ['leaving the queue is no arrival', [move(1, 'left', '2026-11-02T10:00:00Z'), move(2, 'left', '2026-11-02T10:01:00Z')], 0],
    ['arrivals before the window do not count', [move(1, 'entered', '2026-10-30T10:00:00Z'), move(2, 'entered', '2026-10-30T10:01:00Z'), move(3, 'entered', '2026-11-02T10:00:00Z')], 1],
  ] as const)('%s', (_what, transitions, largest) => {
    expect(largestArrivalBurst(transitions, windowStart, now)).toBe(largest);
  });
});
