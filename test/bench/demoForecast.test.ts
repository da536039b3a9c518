import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestDemoStore, checkReplayedForecasts } from '../../bench/demoForecast.js';
import type { Forecast } from '../../src/domain/forecast.js';
import type { ReplayPoll } from '../../src/domain/replay.js';
import type { RuleInputs } from '../../src/domain/rules.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import type { Light } from '../../src/domain/types.js';
import { copyDemoDatabase, sharedDemoRun } from '../helpers/demoRun.js';

// Business hours Mon–Fri 09:00–17:00 UTC (the defaults): Mon 30 Nov 2026 09:00 is the first poll.
const HOURS = DEFAULT_SETTINGS.workingHours;
const MONDAY = Date.parse('2026-11-30T09:00:00Z');
const at = (hour: number) => new Date(MONDAY + hour * 3_600_000);
const INPUTS: RuleInputs = { awaitingReview: 3, linesAwaitingReview: 300, oldestWaitBusinessHours: 2, expectedWaitBusinessDays: 0.5, throughputPerDay: 6, reviewers: 6 };

function said(next: 'yellow' | 'red', earliestDays: number, latestDays: number): Forecast {
  return { kind: 'growing', netPerDay: 1, nextLight: next, crossesInBusinessDays: (earliestDays + latestDays) / 2, crossesAt: null, earliestBusinessDays: earliestDays, latestBusinessDays: latestDays, withheld: null };
}
const withheld: Forecast = { kind: 'growing', netPerDay: 1, nextLight: 'red', crossesInBusinessDays: null, crossesAt: null, earliestBusinessDays: null, latestBusinessDays: null, withheld: 'beyond_history' };

function poll(hour: number, light: Light, forecast?: Forecast): ReplayPoll {
  return { at: at(hour), light, inputs: INPUTS, ...(forecast ? { forecast } : {}) };
}

describe('checking the forecasts a replay gave', () => {
  it.each([
    {
      name: 'yellow said for 0.25–0.5 days (2–4 h), reached 3 h later: inside',
      polls: [poll(0, 'green', said('yellow', 0.25, 0.5)), poll(1, 'green'), poll(3, 'yellow')],
      checks: [{ earliest: 2, latest: 4, actual: 3, remaining: 3 }],
    },
    {
      name: 'red said while yellow: a later yellow is no crossing, the red 5 h later is',
      polls: [poll(0, 'yellow', said('red', 0.125, 0.25)), poll(2, 'yellow'), poll(5, 'red')],
      checks: [{ earliest: 1, latest: 2, actual: 5, remaining: 5 }],
    },
    {
      name: 'yellow said, red came first: red is at least yellow, so it counts as the crossing',
      polls: [poll(0, 'green', said('yellow', 0.5, 1)), poll(1, 'red')],
      checks: [{ earliest: 4, latest: 8, actual: 1, remaining: 1 }],
    },
    {
      name: 'the night does not count: said at Monday 16:00, crossing Tuesday 10:00 is 2 business hours',
      polls: [poll(7, 'green', said('yellow', 0.125, 0.5)), poll(25, 'yellow')],
      checks: [{ earliest: 1, latest: 4, actual: 2, remaining: 2 }],
    },
    {
      name: 'no crossing before the replay ended: actual null, with the time that was left to see it',
      polls: [poll(0, 'green', said('yellow', 0.25, 0.5)), poll(6, 'green')],
      checks: [{ earliest: 2, latest: 4, actual: null, remaining: 6 }],
    },
    {
      name: 'withheld forecasts, steady queues and polls without one are not checked',
      polls: [poll(0, 'green', withheld), poll(1, 'green', { kind: 'steady' }), poll(2, 'green', { kind: 'shrinking', netPerDay: -1, clearsInBusinessDays: 1 }), poll(3, 'yellow')],
      checks: [],
    },
  ])('$name', ({ polls, checks }) => {
    expect(checkReplayedForecasts(polls, polls.at(-1)!.at, HOURS)).toEqual(checks);
  });
});

describe('the forecast backtested on a demo fortnight', () => {
  // A real `flowlight demo` (compiled CLI; test/globalSetup.ts builds dist) into a real SQLite file, then its
  // stored history replayed: the demo is slow (tens of seconds), so this is the test run's one shared
  // fortnight (the default seed; test/helpers/demoRun.ts), which the demo tests read too.
  it('runs the demo, replays its store and checks every forecast a poll gave', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-demo-forecast-'));
    try {
      const demo = await sharedDemoRun();
      expect(demo.code, demo.stderr).toBe(0);
      const result = await backtestDemoStore(1, copyDemoDatabase(demo, dir));
      // two weeks, Mon 09:00 to Fri 17:00 of the second week, every 10 minutes
      expect(result.polls).toBe((11 * 24 + 8) * 6 + 1);
      expect(result.recordedChanges).toBeGreaterThan(0);
      expect(Math.abs(result.replayedChanges - result.recordedChanges)).toBeLessThanOrEqual(2);
      const { given, inside, earlier, later, unresolved, widths } = result.tally;
      expect(inside + earlier + later + unresolved).toBe(given);
      expect(widths).toHaveLength(given);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
