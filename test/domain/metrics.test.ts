import { describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { forecastQueue, type ForecastInputs } from '../../src/domain/forecast.js';
import { computeMetrics } from '../../src/domain/metrics.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import type { PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

// Monday 2026-11-30 12:00 UTC: the trailing 10 business days start on Monday 2026-11-16 at 12:00.
const now = at('2026-11-30T12:00:00Z');
const lines = (total: number) => ({ additions: total, deletions: 0 });

const history: PullRequestFacts[] = [
  pullRequest({ number: 1, createdAt: at('2026-11-30T09:00:00Z'), ...lines(100) }),
  pullRequest({ number: 2, createdAt: at('2026-11-27T15:00:00Z'), ...lines(300) }),
  pullRequest({ number: 3, createdAt: at('2026-11-24T10:00:00Z'), lastCommitAt: at('2026-11-24T09:50:00Z'), reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-25T10:00:00Z')] }),
  pullRequest({
    number: 4, state: 'MERGED', createdAt: at('2026-11-20T09:00:00Z'), mergedAt: at('2026-11-20T12:00:00Z'), closedAt: at('2026-11-20T12:00:00Z'),
    reviews: [review('carol', 'APPROVED', '2026-11-20T11:00:00Z'), review('renovate[bot]', 'COMMENTED', '2026-11-20T11:30:00Z')],
  }),
  pullRequest({
    number: 5, state: 'MERGED', createdAt: at('2026-11-10T09:00:00Z'), mergedAt: at('2026-11-13T12:00:00Z'), closedAt: at('2026-11-13T12:00:00Z'),
    lastCommitAt: at('2026-11-10T08:00:00Z'), reviews: [review('zed', 'APPROVED', '2026-11-12T11:00:00Z')],
  }),
  pullRequest({ number: 6, reviewDecision: 'APPROVED', createdAt: at('2026-11-26T09:00:00Z'), reviews: [review('bob', 'APPROVED', '2026-11-26T10:00:00Z')] }),
  pullRequest({ number: 7, isDraft: true, createdAt: at('2026-11-26T09:00:00Z') }),
];
const queue = classifyOpen(history, DEFAULT_SETTINGS.skipLabels);

describe('team metrics', () => {
  const metrics = computeMetrics(queue, history, [], DEFAULT_SETTINGS, now);

  it('counts the queues and the lines awaiting review', () => {
    expect(metrics).toMatchObject({ awaitingReview: 2, awaitingAuthor: 1, approved: 1, linesAwaitingReview: 400 });
  });

  it('measures waits in business hours: Friday 15:00 to Monday noon is 5 hours', () => {
    expect(metrics.oldestWaitBusinessHours).toBeCloseTo(5, 9);
    expect(metrics.medianWaitBusinessHours).toBeCloseTo(4, 9);
  });

  it('rates count the trailing 10 business days only', () => {
    // entered: #1, #2, #3, #4, #6 (in the window); left: #3 (review), #4 (review), #6 (approval). #5 is older.
    expect(metrics.arrivalsPerDay).toBeCloseTo(0.5, 9);
    expect(metrics.throughputPerDay).toBeCloseTo(0.3, 9);
  });

  it('expected wait is the queue over throughput (Little\'s Law)', () => {
    expect(metrics.expectedWaitBusinessDays).toBeCloseTo(2 / 0.3, 9);
  });

  it('without members, reviewers are the distinct people who reviewed lately, bots and old reviewers excluded', () => {
    expect(metrics.reviewers).toBe(2); // bob and carol; not renovate[bot], not zed (before the window)
  });

  it('members, when named, are the reviewers (case-insensitive), and --reviewers wins over both', () => {
    expect(computeMetrics(queue, history, ['Bob', 'bob', 'carol', 'dave'], DEFAULT_SETTINGS, now).reviewers).toBe(3);
    expect(computeMetrics(queue, history, ['bob'], DEFAULT_SETTINGS, now, { reviewersOverride: 7 }).reviewers).toBe(7);
  });

  it('at least one reviewer, even when nobody reviewed', () => {
    expect(computeMetrics([], [], [], DEFAULT_SETTINGS, now)).toMatchObject({ reviewers: 1, awaitingReview: 0, oldestWaitBusinessHours: 0, medianWaitBusinessHours: 0, expectedWaitBusinessDays: null, forecast: { kind: 'steady' } });
  });

  it('ignores what happens after now (evaluating as of a past time)', () => {
    const earlier = computeMetrics(queue, history, [], DEFAULT_SETTINGS, at('2026-11-20T10:30:00Z'));
    // Only #5 left the queue by then (#4's approval at 11:00 has not happened yet); #4 and #5 arrived.
    expect(earlier.throughputPerDay).toBeCloseTo(0.1, 9);
    expect(earlier.arrivalsPerDay).toBeCloseTo(0.2, 9);
  });
});

describe('the forecast', () => {
  const base: ForecastInputs = { awaitingReview: 2, linesAwaitingReview: 100, oldestWaitBusinessHours: 1, expectedWaitBusinessDays: 0.5, throughputPerDay: 4, arrivalsPerDay: 4, reviewers: 5 };

  it('is steady when as many PRs arrive as leave', () => {
    expect(forecastQueue(base, DEFAULT_SETTINGS, now)).toEqual({ kind: 'steady' });
  });

  it('says when a shrinking queue clears', () => {
    expect(forecastQueue({ ...base, awaitingReview: 4, arrivalsPerDay: 1, throughputPerDay: 3, expectedWaitBusinessDays: 4 / 3 }, DEFAULT_SETTINGS, now))
      .toEqual({ kind: 'shrinking', netPerDay: -2, clearsInBusinessDays: 2 });
  });

  it('says when a growing queue crosses the next level, by the first rule to get there', () => {
    // +1 PR a day: yellow by expected wait at 4 PRs (2 days), by PRs per reviewer at 5 (3 days), by lines at 40 (38 days).
    expect(forecastQueue({ ...base, arrivalsPerDay: 5 }, DEFAULT_SETTINGS, now)).toEqual({
      kind: 'growing', netPerDay: 1, nextLight: 'yellow', crossesInBusinessDays: 2, crossesAt: at('2026-12-02T12:00:00Z'),
    });
  });

  it('from yellow, forecasts red', () => {
    // 5 PRs: expected wait 1.25 (yellow); red at 8 PRs by expected wait, at 10 by PRs per reviewer: 3 PRs at +1.5 a day.
    const forecast = forecastQueue({ ...base, awaitingReview: 5, expectedWaitBusinessDays: 1.25, arrivalsPerDay: 5.5 }, DEFAULT_SETTINGS, now);
    expect(forecast).toMatchObject({ kind: 'growing', nextLight: 'red', crossesInBusinessDays: 2 });
  });

  it('a crossing more than a working year away is not in sight', () => {
    expect(forecastQueue({ ...base, expectedWaitBusinessDays: null, throughputPerDay: 0, arrivalsPerDay: 0.01, reviewers: 50, awaitingReview: 1, linesAwaitingReview: 1 }, DEFAULT_SETTINGS, now))
      .toMatchObject({ kind: 'growing', nextLight: 'yellow', crossesInBusinessDays: null, crossesAt: null });
  });

  it('has no next light once red', () => {
    expect(forecastQueue({ ...base, awaitingReview: 12, expectedWaitBusinessDays: 3, arrivalsPerDay: 6 }, DEFAULT_SETTINGS, now))
      .toEqual({ kind: 'growing', netPerDay: 2, nextLight: null, crossesInBusinessDays: null, crossesAt: null });
  });
});
