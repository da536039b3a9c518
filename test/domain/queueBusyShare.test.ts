import { describe, expect, it } from 'vitest';
import { queueBusyShare } from '../../src/domain/queueBusyShare.js';
import { DEFAULT_WORKING_HOURS, type QueueTransition } from '../../src/domain/types.js';

// Mon 2 Nov 2026 09:00 UTC to Tue 3 Nov 17:00: two business days of 8 hours (default hours, UTC).
const windowStart = new Date('2026-11-02T09:00:00Z');
const now = new Date('2026-11-03T17:00:00Z');
const move = (number: number, kind: QueueTransition['kind'], at: string): QueueTransition => ({ repo: 'acme/api', number, kind, at: new Date(at) });

describe('the share of the window with something awaiting review', () => {
  it.each([
    ['nothing ever waited', [], 0],
    ['one PR waited 4 of the 16 business hours', [move(1, 'entered', '2026-11-02T10:00:00Z'), move(1, 'left', '2026-11-02T14:00:00Z')], 0.25],
    ['two overlapping waits count their union: 10:00–15:00, 5 hours', [
      move(1, 'entered', '2026-11-02T10:00:00Z'), move(2, 'entered', '2026-11-02T11:00:00Z'),
      move(1, 'left', '2026-11-02T13:00:00Z'), move(2, 'left', '2026-11-02T15:00:00Z'),
    ], 5 / 16],
    ['a PR waiting since before the window, until Tuesday 09:00 (overnight is not business time)', [move(1, 'entered', '2026-10-30T10:00:00Z'), move(1, 'left', '2026-11-03T09:00:00Z')], 0.5],
    ['still waiting now, since Tuesday 13:00', [move(1, 'entered', '2026-11-03T13:00:00Z')], 0.25],
    ['a transition after now is not seen yet', [move(1, 'entered', '2026-11-04T10:00:00Z')], 0],
  ] as const)('%s', (_what, transitions, share) => {
    expect(queueBusyShare(transitions, windowStart, now, DEFAULT_WORKING_HOURS)).toBeCloseTo(share, 9);
  });
});
