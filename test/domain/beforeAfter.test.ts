import { describe, expect, it } from 'vitest';
import { compareBeforeAfter, comparedPeriods, MIN_PRS_PER_SIDE, quantile, type BeforeAfterInput } from '../../src/domain/beforeAfter.js';
import { DEFAULT_SKIP_LABELS, DEFAULT_WORKING_HOURS, type PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

// A scripted history on Mon–Fri 09:00–17:00 UTC. Installed Monday 2 November; now Monday 30 November:
// four weeks after, compared with the four weeks from Monday 5 October.
const installedAt = at('2026-11-02T09:00:00Z');
const now = at('2026-11-30T09:00:00Z');
const DAY = 86_400_000;

/** The working days (Mon–Fri) from a Monday, `count` of them, one after another. */
function workingDays(firstMonday: string, count: number): Date[] {
  const days: Date[] = [];
  for (let d = at(firstMonday); days.length < count; d = new Date(d.getTime() + DAY)) if (d.getUTCDay() >= 1 && d.getUTCDay() <= 5) days.push(d);
  return days;
}

let numbers = 0;
/** Ready at 10:00 that day, first reviewed `waitHours` later, merged `leadHours` after ready (same day). */
function merged(day: Date, waitHours: number, leadHours: number, extra: Partial<PullRequestFacts> = {}): PullRequestFacts {
  numbers += 1;
  const ready = new Date(day.getTime() + 10 * 3_600_000);
  const reviewedAt = new Date(ready.getTime() + waitHours * 3_600_000).toISOString();
  const mergedAt = new Date(ready.getTime() + leadHours * 3_600_000);
  return pullRequest({ number: numbers, createdAt: ready, state: 'MERGED', mergedAt, closedAt: mergedAt, reviews: [review('bob', 'APPROVED', reviewedAt)], ...extra });
}

const before = (count: number, wait: number, lead: number) => workingDays('2026-10-05T00:00:00Z', count).map((d) => merged(d, wait, lead));
const after = (count: number, wait: number, lead: number) => workingDays('2026-11-02T00:00:00Z', count).map((d) => merged(d, wait, lead));
const input = (pullRequests: PullRequestFacts[], overrides: Partial<BeforeAfterInput> = {}): BeforeAfterInput =>
  ({ pullRequests, installedAt, now, hours: DEFAULT_WORKING_HOURS, skipLabels: DEFAULT_SKIP_LABELS, ...overrides });

describe('before and after installation', () => {
  it('compares the same length of time on each side: since installation, and as long just before', () => {
    expect(comparedPeriods(installedAt, now)).toEqual({ before: { from: at('2026-10-05T09:00:00Z'), to: installedAt }, after: { from: installedAt, to: now } });
    // Installed half a year ago: the latest 12 weeks against the 12 weeks before installation.
    const later = at('2027-05-03T09:00:00Z');
    const periods = comparedPeriods(installedAt, later)!;
    expect(periods.before).toEqual({ from: new Date(installedAt.getTime() - 84 * DAY), to: installedAt });
    expect(periods.after).toEqual({ from: new Date(later.getTime() - 84 * DAY), to: later });
  });

  it.each([
    {
      name: 'waits and lead times fell, throughput held',
      prs: () => [...before(12, 4, 6), ...after(12, 1, 2)],
      want: { enough: true, throughput: 'held', before: { waits: 12, medianWaitHours: 4, p90WaitHours: 4, merged: 12, medianLeadTimeHours: 6, mergedPerWeek: 3 }, after: { waits: 12, medianWaitHours: 1, merged: 12, medianLeadTimeHours: 2, mergedPerWeek: 3 } },
    },
    {
      name: 'faster reviews but fewer merges: the guardrail says throughput fell',
      prs: () => [...before(20, 4, 6), ...after(12, 1, 2)],
      want: { enough: true, throughput: 'fell', before: { merged: 20, mergedPerWeek: 5 }, after: { merged: 12, mergedPerWeek: 3 } },
    },
    {
      name: 'a tenth fewer merges is within the tolerance',
      prs: () => [...before(20, 2, 3), ...after(18, 2, 3)],
      want: { enough: true, throughput: 'held' },
    },
    {
      name: `fewer than ${MIN_PRS_PER_SIDE} PRs on a side: too few to compare`,
      prs: () => [...before(MIN_PRS_PER_SIDE - 1, 4, 6), ...after(15, 1, 2)],
      want: { enough: false, throughput: 'unknown', before: { waits: MIN_PRS_PER_SIDE - 1 } },
    },
  ])('$name', ({ prs, want }) => {
    expect(compareBeforeAfter(input(prs()))).toMatchObject({ kind: 'compared', installedAt, ...want });
  });

  it('counts waits in business hours: ready Friday 16:00, reviewed Monday 10:00 waited 2 hours', () => {
    const friday = merged(at('2026-11-06T00:00:00Z'), 0, 0, { createdAt: at('2026-11-06T16:00:00Z'), reviews: [review('bob', 'APPROVED', '2026-11-09T10:00:00Z')], mergedAt: at('2026-11-09T11:00:00Z'), closedAt: at('2026-11-09T11:00:00Z') });
    const result = compareBeforeAfter(input([friday]));
    expect(result).toMatchObject({ kind: 'compared', after: { waits: 1, medianWaitHours: 2, medianLeadTimeHours: 3 } });
  });

  it('counts a PR still waiting with its wait so far, and leaves out one closed without a review, a skipped one and the author\'s own review', () => {
    const waiting = pullRequest({ number: 900, createdAt: at('2026-11-27T09:00:00Z') }); // Friday 09:00 → Monday 09:00: 8 hours
    const abandoned = pullRequest({ number: 901, createdAt: at('2026-11-10T10:00:00Z'), state: 'CLOSED', closedAt: at('2026-11-10T12:00:00Z') });
    const skipped = merged(at('2026-11-11T00:00:00Z'), 30, 31, { labels: ['wip'] });
    const selfReviewed = merged(at('2026-11-12T00:00:00Z'), 2, 4);
    selfReviewed.reviews.unshift(review('alice', 'COMMENTED', '2026-11-12T10:30:00Z'));
    const result = compareBeforeAfter(input([waiting, abandoned, skipped, selfReviewed]));
    expect(result).toMatchObject({ kind: 'compared', after: { waits: 2, merged: 1, medianWaitHours: 2, p90WaitHours: 8 } });
  });

  it('carries the hours in each light the replay found for each side', () => {
    const hoursInLights = { before: { green: 100, yellow: 40, red: 20, grey: 0 }, after: { green: 150, yellow: 10, red: 0, grey: 0 } };
    expect(compareBeforeAfter(input(after(3, 1, 2), { hoursInLights }))).toMatchObject({ before: { hoursInLights: hoursInLights.before }, after: { hoursInLights: hoursInLights.after } });
  });

  it('has nothing to compare before the first watch, or within a day of it', () => {
    expect(compareBeforeAfter(input([], { installedAt: null }))).toEqual({ kind: 'not_installed' });
    expect(compareBeforeAfter(input([], { now: new Date(installedAt.getTime() + 3_600_000) }))).toEqual({ kind: 'too_soon', installedAt });
  });

  it('takes nearest-rank quantiles, values some PR really had', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.5)).toBe(5);
    expect(quantile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.9)).toBe(9);
  });
});

describe('the weekly wait trend', () => {
  it('gives each whole week back from each side\'s end its median wait; the first week takes the remainder', async () => {
    const { weeklyWaits } = await import('../../src/domain/waitTrend.js');
    const periods = comparedPeriods(installedAt, new Date(now.getTime() + 3_600_000))!;
    const weeks = weeklyWaits([...before(20, 4, 6), ...after(20, 1, 2)], periods, now, DEFAULT_WORKING_HOURS, DEFAULT_SKIP_LABELS);
    expect(weeks.map((w) => [w.side, w.medianWaitHours, w.prs])).toEqual([
      ['before', 4, 5], ['before', 4, 5], ['before', 4, 5], ['before', 4, 5],
      ['after', 1, 5], ['after', 1, 5], ['after', 1, 5], ['after', 1, 5],
    ]);
    expect(weeks[0]!.from).toEqual(periods.before.from);
    expect(weeks[5]!.from).toEqual(new Date(periods.after.to.getTime() - 3 * 7 * DAY));
  });
});
