import { describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { forecastQueue, type ForecastInputs } from '../../src/domain/forecast.js';
import { crossingQuantile } from '../../src/domain/firstPassage.js';
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

  it('3 reviews in 10 business days is too little history for Little\'s Law: no expected wait, and it says so', () => {
    expect(metrics.expectedWaitBusinessDays).toBeNull();
    expect(metrics.basis).toEqual({ reviewersFrom: 'recent_reviews', reviewsInWindow: 3, enoughHistory: false, waitRank: 1 });
  });

  it('expected wait is the queue over throughput (Little\'s Law) once 5 PRs were reviewed in the window', () => {
    const more = [8, 9].map((number) => pullRequest({
      number, state: 'MERGED', createdAt: at('2026-11-25T09:00:00Z'), mergedAt: at('2026-11-25T12:00:00Z'), closedAt: at('2026-11-25T12:00:00Z'),
      reviews: [review('carol', 'APPROVED', '2026-11-25T11:00:00Z')],
    }));
    const enough = computeMetrics(queue, [...history, ...more], [], DEFAULT_SETTINGS, now);
    expect(enough.expectedWaitBusinessDays).toBeCloseTo(2 / 0.5, 9);
    expect(enough.basis.enoughHistory).toBe(true);
  });

  it('with nobody linked and nobody reviewing lately, reviewers are unknown and the per-reviewer rules are off', () => {
    const fresh = [pullRequest({ number: 1, createdAt: at('2026-11-30T09:00:00Z') }), pullRequest({ number: 2, createdAt: at('2026-11-30T09:30:00Z') })];
    const m = computeMetrics(classifyOpen(fresh, DEFAULT_SETTINGS.skipLabels), fresh, [], DEFAULT_SETTINGS, now);
    expect(m).toMatchObject({ reviewersKnown: false, basis: { reviewersFrom: 'unknown' } });
  });

  it.each([
    // [linked reviewers, rank the oldest-wait rule reads]
    [1, 1], [3, 1], [6, 1], [7, 2], [12, 2], [20, 4],
  ])('a team of %d reads the oldest wait on its %d-th oldest PR', (size, rank) => {
    const members = Array.from({ length: size }, (_, i) => `dev${i}`);
    expect(computeMetrics(queue, history, members, DEFAULT_SETTINGS, now).waitRank).toBe(rank);
  });

  it('a solo developer\'s own PRs have nobody to swarm them', () => {
    const mine = [pullRequest({ number: 1, author: 'solo', createdAt: at('2026-11-30T09:00:00Z') }), pullRequest({ number: 2, author: 'solo', createdAt: at('2026-11-30T09:30:00Z') })];
    expect(computeMetrics(classifyOpen(mine, DEFAULT_SETTINGS.skipLabels), mine, ['solo'], DEFAULT_SETTINGS, now).anyoneToSwarm).toBe(false);
    expect(computeMetrics(classifyOpen(mine, DEFAULT_SETTINGS.skipLabels), mine, ['solo', 'pair'], DEFAULT_SETTINGS, now).anyoneToSwarm).toBe(true);
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

  it('says when a growing queue crosses the next level, with its 80% range, by the first rule to get there', () => {
    // 20 arrive and 10 leave a day. Yellow at 5 PRs (1 per reviewer) before 10 (expected wait 1
    // day): 3 PRs away. The light rises an hour (1/8 business day) after the queue holds the level.
    const forecast = forecastQueue({ ...base, arrivalsPerDay: 20, throughputPerDay: 10, expectedWaitBusinessDays: 0.2 }, DEFAULT_SETTINGS, now);
    expect(forecast).toMatchObject({ kind: 'growing', netPerDay: 10, nextLight: 'yellow', withheld: null });
    if (forecast.kind !== 'growing') throw new Error('growing');
    const rates = { arrivalsPerDay: 20, reviewsPerDay: 10, windowDays: 10 };
    expect(forecast.earliestBusinessDays).toBeCloseTo(crossingQuantile(0.1, 3, 10, rates)! + 0.125, 9);
    expect(forecast.crossesInBusinessDays).toBeCloseTo(crossingQuantile(0.5, 3, 10, rates)! + 0.125, 9);
    expect(forecast.latestBusinessDays).toBeCloseTo(crossingQuantile(0.9, 3, 10, rates)! + 0.125, 9);
    // Around the 0.3 days at the average rate, with the spread of a random queue: 0.1 to 0.8 days.
    expect(forecast.earliestBusinessDays!).toBeGreaterThan(0.125 + 0.05);
    expect(forecast.earliestBusinessDays!).toBeLessThan(forecast.crossesInBusinessDays!);
    expect(forecast.crossesInBusinessDays!).toBeLessThan(0.3 + 0.125);
    expect(forecast.latestBusinessDays!).toBeGreaterThan(0.3 + 0.125);
    expect(forecast.latestBusinessDays!).toBeLessThan(1);
  });

  it('gives a crossing on a queue barely growing when its own ups and downs reach the level within the window', () => {
    // +1 a day on 4 reviewed: yellow by expected wait at 4 PRs, 2 PRs away.
    const forecast = forecastQueue({ ...base, arrivalsPerDay: 5 }, DEFAULT_SETTINGS, now);
    expect(forecast).toMatchObject({ kind: 'growing', nextLight: 'yellow', withheld: null });
    if (forecast.kind !== 'growing') throw new Error('growing');
    expect(forecast.earliestBusinessDays!).toBeLessThan(0.5);
    expect(forecast.latestBusinessDays!).toBeGreaterThan(2);
    expect(forecast.latestBusinessDays!).toBeLessThanOrEqual(10 + 0.125);
  });

  it.each([
    // [what, inputs, light held, withheld]
    ['too few reviews for rates', { arrivalsPerDay: 20, throughputPerDay: 10, enoughHistory: false }, undefined, 'too_little_history'],
    ['the range would end beyond the 10 days the rates were measured over', { arrivalsPerDay: 5, reviewers: 500, expectedWaitBusinessDays: null }, undefined, 'beyond_history'],
    ['the queue is at the level already and the light holds', { awaitingReview: 5, arrivalsPerDay: 20, throughputPerDay: 10, expectedWaitBusinessDays: 0.5 }, 'green', 'already_over'],
    ['red is held: nothing to turn into', { arrivalsPerDay: 20, throughputPerDay: 10 }, 'red', 'already_red'],
  ] as const)('withholds the crossing when %s', (_what, inputs, light, withheld) => {
    expect(forecastQueue({ ...base, ...inputs }, DEFAULT_SETTINGS, now, light)).toMatchObject({ kind: 'growing', crossesInBusinessDays: null, crossesAt: null, withheld });
  });

  it('keeps the withheld point estimate apart, for backtests, and never as the crossing', () => {
    // +1 a day, 500 reviewers: yellow at 500 PRs, 498 away: 498 days at today's net rate.
    expect(forecastQueue({ ...base, arrivalsPerDay: 5, reviewers: 500, expectedWaitBusinessDays: null }, DEFAULT_SETTINGS, now))
      .toMatchObject({ withheld: 'beyond_history', crossesInBusinessDays: null, unsaidBusinessDays: 498 });
  });

  it('meets a growing queue with the pace the team reviews at while something waits, not its average over idle hours', () => {
    // +1 a day on 4 reviewed: given at the average pace (above). The same 4 a day, reviewed in the quarter of
    // the window anything waited, is 16 a day while something waits: the queue does not get 2 PRs ahead.
    const growing = { ...base, arrivalsPerDay: 5 };
    expect(forecastQueue({ ...growing, busyShare: 1 }, DEFAULT_SETTINGS, now)).toMatchObject({ withheld: null });
    expect(forecastQueue({ ...growing, busyShare: 0.25 }, DEFAULT_SETTINGS, now)).toMatchObject({ withheld: 'beyond_history', crossesInBusinessDays: null });
  });

  it.each([
    // [largest burst of arrivals within an hour, range starts now?]: the level is 3 PRs away
    [0, false],
    [2, false],
    [3, true],
    [7, true],
  ] as const)('with %d PRs arrived within an hour lately, a level 3 PRs away: the range starts now: %s', (largestBurst, startsNow) => {
    const forecast = forecastQueue({ ...base, arrivalsPerDay: 20, throughputPerDay: 10, expectedWaitBusinessDays: 0.2, largestBurst }, DEFAULT_SETTINGS, now);
    if (forecast.kind !== 'growing') throw new Error('growing');
    const rates = { arrivalsPerDay: 20, reviewsPerDay: 10, windowDays: 10 };
    expect(forecast.earliestBusinessDays).toBeCloseTo(startsNow ? 0 : crossingQuantile(0.1, 3, 10, rates)! + 0.125, 9);
    expect(forecast.latestBusinessDays).toBeCloseTo(crossingQuantile(0.9, 3, 10, rates)! + 0.125, 9);
    expect(forecast.burst).toBe(startsNow ? largestBurst : undefined);
  });

  it.each([
    // [what, fewest PRs and lines over the persistence window, light held, PRs to go]. Now: 2 PRs of 50 lines,
    // 5 reviewers: yellow at 5 PRs (1 per reviewer; 2,000 lines is 40 PRs, expected wait 10), red at 10.
    ['no window known: from now', undefined, undefined, 3],
    ['the queue held where it is now', { awaiting: 2, lines: 100 }, undefined, 3],
    ['the queue was at 1 within the hour: yellow needs it held at 5 from there', { awaiting: 1, lines: 50 }, undefined, 4],
    ['the queue was empty within the hour', { awaiting: 0, lines: 0 }, undefined, 5],
    ['a window low above now (cannot be) counts as now', { awaiting: 9, lines: 900 }, undefined, 3],
    ['yellow held: red comes at once, so from now', { awaiting: 0, lines: 0 }, 'yellow', 8],
  ] as const)('towards yellow, counts the PRs to go from the persistence window\'s low: %s', (_what, heldQueue, light, gap) => {
    const forecast = forecastQueue({ ...base, arrivalsPerDay: 20, throughputPerDay: 10, expectedWaitBusinessDays: 0.2, ...(heldQueue ? { heldQueue } : {}) }, DEFAULT_SETTINGS, now, light);
    if (forecast.kind !== 'growing') throw new Error('growing');
    const rates = { arrivalsPerDay: 20, reviewsPerDay: 10, windowDays: 10 };
    expect(forecast.withheld).toBeNull();
    expect(forecast.latestBusinessDays).toBeCloseTo(crossingQuantile(0.9, gap, 10, rates)! + 0.125, 9);
  });

  it('counts lines from the window\'s low too, at today\'s lines per PR', () => {
    // 2 PRs of 900 lines now: 2,000 lines (yellow for 5 reviewers) is 1 PR away; from an hour's low of 900 lines, 2.
    const lines = { ...base, linesAwaitingReview: 1800, arrivalsPerDay: 20, throughputPerDay: 10, expectedWaitBusinessDays: 0.2 };
    const rates = { arrivalsPerDay: 20, reviewsPerDay: 10, windowDays: 10 };
    const fromNow = forecastQueue(lines, DEFAULT_SETTINGS, now);
    const fromLow = forecastQueue({ ...lines, heldQueue: { awaiting: 1, lines: 900 } }, DEFAULT_SETTINGS, now);
    if (fromNow.kind !== 'growing' || fromLow.kind !== 'growing') throw new Error('growing');
    expect(fromNow.latestBusinessDays).toBeCloseTo(crossingQuantile(0.9, 1, 10, rates)! + 0.125, 9);
    expect(fromLow.latestBusinessDays).toBeCloseTo(crossingQuantile(0.9, 2, 10, rates)! + 0.125, 9);
  });

  it('starts from the light as held: a yellow held by hysteresis forecasts red, not yellow', () => {
    const forecast = forecastQueue({ ...base, arrivalsPerDay: 20, throughputPerDay: 10, expectedWaitBusinessDays: 0.2 }, DEFAULT_SETTINGS, now, 'yellow');
    expect(forecast).toMatchObject({ nextLight: 'red', withheld: null });
  });
});
