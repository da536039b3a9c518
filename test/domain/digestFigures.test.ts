import { describe, expect, it } from 'vitest';
import { clearedSummary } from '../../src/domain/clearedSummary.js';
import { previousWorkingDay, queueTrend, sparkline, timeInLights } from '../../src/domain/digestFigures.js';
import { formatBusinessDuration } from '../../src/domain/format.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import type { Light, QueueTransition, WorkingHours } from '../../src/domain/types.js';
import { pullRequest, review } from './builders.js';

const utc: WorkingHours = { timeZone: 'UTC', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const change = (from: Light, to: Light, iso: string) => ({ from, to, at: new Date(iso), reasons: [] });
const t = (kind: 'entered' | 'left', number: number, iso: string): QueueTransition => ({ repo: 'a/b', number, kind, at: new Date(iso) });

describe('digest figures', () => {
  it('calls Friday "yesterday" on a Monday, in the team\'s zone', () => {
    const friday = previousWorkingDay(new Date('2026-03-02T09:30:00Z'), utc);
    expect(friday).toMatchObject({ date: '2026-02-27', weekday: 'Friday', start: new Date('2026-02-27T00:00:00Z'), end: new Date('2026-02-28T00:00:00Z') });
    const tokyo = previousWorkingDay(new Date('2026-03-03T00:30:00Z'), { ...utc, timeZone: 'Asia/Tokyo' }); // Tuesday 09:30 in Tokyo
    expect(tokyo).toMatchObject({ date: '2026-03-02', weekday: 'Monday', start: new Date('2026-03-01T15:00:00Z') });
  });

  it('splits the working time since the last digest by light', () => {
    const changes = [change('green', 'yellow', '2026-03-02T08:00:00Z'), change('yellow', 'red', '2026-03-02T12:00:00Z'), change('red', 'green', '2026-03-02T15:00:00Z')];
    expect(timeInLights(changes, 'green', new Date('2026-03-02T09:30:00Z'), new Date('2026-03-03T09:30:00Z'), utc)).toEqual([
      { light: 'green', businessHours: 2.5 },
      { light: 'yellow', businessHours: 2.5 },
      { light: 'red', businessHours: 3 },
    ]);
    expect(timeInLights([], 'grey', new Date('2026-03-02T09:00:00Z'), new Date('2026-03-02T10:00:00Z'), utc)).toEqual([{ light: 'grey', businessHours: 1 }]);
  });

  it('samples the queue at the end of each working day, then now', () => {
    const transitions = [t('entered', 1, '2026-02-26T10:00:00Z'), t('entered', 2, '2026-02-27T10:00:00Z'), t('left', 1, '2026-03-02T11:00:00Z'), t('entered', 3, '2026-03-03T09:00:00Z')];
    expect(queueTrend(transitions, new Date('2026-03-03T09:30:00Z'), utc, 4)).toEqual([
      { date: '2026-02-26', queue: 1 },
      { date: '2026-02-27', queue: 2 },
      { date: '2026-03-02', queue: 1 },
      { date: '2026-03-03', queue: 2 },
    ]);
  });

  it('draws a sparkline scaled to the largest value', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  });
});

describe('the cleared summary', () => {
  it('measures the whole yellow/red episode, names its peak, and thanks the reviewers in it', () => {
    const changes = [
      change('yellow', 'green', '2026-03-02T09:00:00Z'),
      change('green', 'yellow', '2026-03-02T10:00:00Z'),
      change('yellow', 'red', '2026-03-02T11:00:00Z'),
    ];
    const prs = [
      pullRequest({ number: 1, reviews: [review('bob', 'APPROVED', '2026-03-02T09:30:00Z'), review('bob', 'APPROVED', '2026-03-02T12:00:00Z')] }),
      pullRequest({ number: 2, reviews: [review('carol', 'COMMENTED', '2026-03-02T13:00:00Z'), review('alice', 'APPROVED', '2026-03-02T13:00:00Z'), review('dan', 'PENDING', '2026-03-02T13:00:00Z')] }),
    ];
    const summary = clearedSummary(changes, { light: 'red', since: new Date('2026-03-02T11:00:00Z') }, prs, DEFAULT_SETTINGS, new Date('2026-03-02T14:00:00Z'));
    expect(summary).toMatchObject({ since: new Date('2026-03-02T10:00:00Z'), peak: 'red', businessHours: 4 });
    expect(summary.reviewers).toEqual([{ login: 'bob', reviews: 1 }, { login: 'carol', reviews: 1 }]); // alice wrote #2; pending reviews do not count
    expect(formatBusinessDuration(summary.businessHours, summary.dayHours)).toBe('4 hours');
  });
});
