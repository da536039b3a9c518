import { describe, expect, it } from 'vitest';
import { decideLight } from '../../src/domain/light.js';
import type { RuleInputs } from '../../src/domain/rules.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import type { StaleRepo } from '../../src/domain/staleness.js';
import type { Light } from '../../src/domain/types.js';
import { at } from './builders.js';

const now = at('2026-11-24T12:00:00Z');
const longAgo = at('2026-11-23T09:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

/** Inputs where the oldest wait is the only rule with a value (yellow 8, exit 4, red 16). */
const oldest = (hours: number): RuleInputs => ({ awaitingReview: 2, linesAwaitingReview: 0, oldestWaitBusinessHours: hours, expectedWaitBusinessDays: null, throughputPerDay: 0, reviewers: 10 });

function decide(hours: number, previous: { light: Light; since: Date } | null, stale: StaleRepo[] = []) {
  return decideLight({ metrics: oldest(hours), settings: DEFAULT_SETTINGS, previous, stale, now });
}

describe('hysteresis', () => {
  it.each([
    // [previous light, since (minutes ago), oldest wait, expected light, transition?, held]
    ['green', 600, 7.9, 'green', false, null],
    ['green', 600, 8, 'yellow', true, null],
    ['green', 600, 16, 'red', true, null],
    ['yellow', 5, 16, 'red', true, null], // up at once, even right after a change
    ['yellow', 600, 6.5, 'yellow', false, 'hysteresis'], // under yellow but not under 50% of it
    ['yellow', 600, 4, 'yellow', false, 'hysteresis'], // at 50% is not under it
    ['yellow', 600, 3.99, 'green', true, null],
    ['yellow', 10, 0, 'yellow', false, 'dwell'],
    ['yellow', 119, 0, 'yellow', false, 'dwell'],
    ['yellow', 120, 0, 'green', true, null], // the dwell is over at two hours
    ['green', 10, 8, 'green', false, 'dwell'], // up to yellow waits for the dwell too
    ['green', 120, 8, 'yellow', true, null],
    ['green', 10, 16, 'red', true, null], // an escalation to red never waits
    ['red', 10, 8, 'red', false, 'dwell'],
    ['red', 600, 15, 'red', false, 'hysteresis'], // yellow by the rules: red stays until the queue clears
    ['red', 600, 8, 'red', false, 'hysteresis'],
    ['red', 600, 7.9, 'red', false, 'hysteresis'], // under yellow, not under 50% of it: still red, never yellow
    ['red', 600, 4, 'red', false, 'hysteresis'], // at 50% is not under it
    ['red', 600, 3.9, 'green', true, null], // under the exit level: straight to green
    ['red', 119, 0, 'red', false, 'dwell'],
    ['red', 121, 7.9, 'red', false, 'hysteresis'],
    ['red', 121, 3.9, 'green', true, null],
  ] as const)('%s for %d min, oldest wait %d h → %s', (previous, sinceMinutes, hours, light, transition, held) => {
    const decision = decide(hours, { light: previous, since: minutesAgo(sinceMinutes) });
    expect(decision.light).toBe(light);
    expect(decision.held).toBe(held);
    expect(decision.transition !== null).toBe(transition);
    if (transition) expect(decision.transition).toMatchObject({ from: previous, to: light, at: now });
    expect(decision.since).toEqual(transition ? now : minutesAgo(sinceMinutes));
  });

  it('says which rule holds the light up and until when', () => {
    const decision = decide(6.5, { light: 'yellow', since: longAgo });
    expect(decision.reasons).toEqual([
      expect.objectContaining({ rule: 'oldest_wait', light: 'yellow', value: 6.5, threshold: 4, text: 'oldest PR has waited 6.5 business hours; yellow until under 4' }),
    ]);
  });

  it('red held by the exit level says which rule holds it and until when', () => {
    const decision = decide(6, { light: 'red', since: longAgo });
    expect(decision.reasons).toEqual([
      expect.objectContaining({ rule: 'oldest_wait', light: 'red', value: 6, threshold: 4, text: 'oldest PR has waited 6 business hours; red until under 4' }),
    ]);
  });

  it('a transition carries the reasons it was made for', () => {
    const decision = decide(17, { light: 'green', since: longAgo });
    expect(decision.transition?.reasons.map((reason) => reason.text)).toEqual(['oldest PR has waited 2.1 business days; red at 2']);
  });

  it('a queue that really emptied clears at once, dwell or not', () => {
    const empty: RuleInputs = { ...oldest(0), awaitingReview: 0 };
    for (const light of ['yellow', 'red'] as const) {
      const decision = decideLight({ metrics: empty, settings: DEFAULT_SETTINGS, previous: { light, since: minutesAgo(5) }, stale: [], now });
      expect(decision).toMatchObject({ light: 'green', transition: { from: light, to: 'green' } });
    }
  });

  it('one PR never makes the light red, however long it waited: one data point', () => {
    const decision = decideLight({ metrics: { ...oldest(40), awaitingReview: 1 }, settings: DEFAULT_SETTINGS, previous: { light: 'green', since: longAgo }, stale: [], now });
    expect(decision.light).toBe('yellow');
    expect(decision.reasons[0]?.text).toBe('oldest PR has waited 5 business days; red at 2, but red needs at least 2 PRs awaiting review');
  });

  it('no red when nobody but the authors could review what waits (a solo developer)', () => {
    const decision = decideLight({ metrics: { ...oldest(40), anyoneToSwarm: false }, settings: DEFAULT_SETTINGS, previous: { light: 'green', since: longAgo }, stale: [], now });
    expect(decision.light).toBe('yellow');
    expect(decision.reasons[0]?.text).toMatch(/red needs someone on the team besides the authors to review/);
  });

  it('the cool-down is configurable', () => {
    const settings = { ...DEFAULT_SETTINGS, coolDownMinutes: 5 };
    const decision = decideLight({ metrics: oldest(0), settings, previous: { light: 'yellow', since: minutesAgo(10) }, stale: [], now });
    expect(decision.light).toBe('green');
  });
});

describe('persistence: the queue over the last hour', () => {
  // PRs per reviewer is the only rule with a value: 6 reviewers, yellow at 6 PRs, out of yellow under 4.8, red at 12.
  const settings = { ...DEFAULT_SETTINGS, yellowExitRatio: 0.8 };
  const queue = (awaitingReview: number): RuleInputs => ({ awaitingReview, linesAwaitingReview: 0, oldestWaitBusinessHours: 0, expectedWaitBusinessDays: null, throughputPerDay: 0, reviewers: 6 });
  it.each([
    // [previous light, since (minutes ago), PRs now, fewest and most over the window, expected light, held]
    ['green', 600, 6, 6, 6, 'yellow', null], // held yellow's level all hour: rises
    ['green', 600, 7, 5, 7, 'green', 'persistence'], // reached it within the hour: not yet
    ['green', 600, 12, 0, 12, 'red', null], // an escalation to red never waits
    ['yellow', 600, 12, 5, 12, 'red', null],
    ['yellow', 5, 0, 0, 0, 'green', null], // stayed empty all hour: clears at once, dwell or not
    ['yellow', 5, 0, 0, 3, 'yellow', 'dwell'], // emptied a moment ago: not cleared
    ['yellow', 600, 0, 0, 5, 'yellow', 'hysteresis'], // 5 within the hour is not under 4.8
    ['yellow', 600, 2, 1, 4, 'green', null],
    ['red', 600, 8, 3, 8, 'red', 'hysteresis'], // yellow by the rules now: red until the queue clears
    ['red', 600, 3, 3, 6, 'red', 'hysteresis'], // under the exit level now, but 6 within the hour: still red
    ['red', 600, 3, 3, 5, 'red', 'hysteresis'], // 5 within the hour is not under 4.8
    ['red', 600, 1, 0, 4, 'green', null], // under the exit level all hour: straight to green
  ] as const)('%s for %d min, %d PRs now (%d–%d in the hour) → %s', (previous, sinceMinutes, now_, fewest, most, light, held) => {
    const recent = { fewestAwaiting: fewest, mostAwaiting: most, fewestLines: 0, mostLines: 0 };
    const decision = decideLight({ metrics: queue(now_), settings, previous: { light: previous, since: minutesAgo(sinceMinutes) }, stale: [], now, recent });
    expect(decision.light).toBe(light);
    expect(decision.held).toBe(held);
  });

  it('a light held by persistence says which rules call for more', () => {
    const decision = decideLight({ metrics: queue(7), settings, previous: { light: 'green', since: longAgo }, stale: [], now, recent: { fewestAwaiting: 5, mostAwaiting: 7, fewestLines: 0, mostLines: 0 } });
    expect(decision.reasons.map((reason) => reason.text)).toEqual(['7 PRs awaiting review for 6 reviewers (1.17 per reviewer); yellow at 1']);
  });
});

describe('the first evaluation of a team', () => {
  it('is green without a transition when the queue is clear', () => {
    expect(decide(1, null)).toEqual({ light: 'green', since: now, reasons: [], transition: null, held: null });
  });

  it('announces a light that is not green, as a change from green', () => {
    expect(decide(9, null).transition).toMatchObject({ from: 'green', to: 'yellow' });
  });
});

describe('grey: stale data', () => {
  const stale: StaleRepo[] = [{ repo: 'acme/api', lastSuccessAt: minutesAgo(12), error: 'GitHub says the token is invalid or expired (401)', missedPolls: 12 }];

  it('turns the light grey with the repository and the error as the reason', () => {
    const decision = decide(0, { light: 'green', since: longAgo }, stale);
    expect(decision.light).toBe('grey');
    expect(decision.transition).toMatchObject({ from: 'green', to: 'grey' });
    expect(decision.reasons).toEqual([{
      rule: 'stale', repo: 'acme/api', value: 12, threshold: 3, light: 'grey',
      text: 'acme/api has not been read for 12 min (12 missed polls; grey at 3): GitHub says the token is invalid or expired (401)',
    }]);
  });

  it('wins over red, and up from red it is a transition', () => {
    expect(decide(40, { light: 'red', since: minutesAgo(1) }, stale)).toMatchObject({ light: 'grey', transition: { from: 'red', to: 'grey' } });
  });

  it('stays grey without a new transition while the data stays stale', () => {
    const decision = decide(0, { light: 'grey', since: minutesAgo(20) }, stale);
    expect(decision).toMatchObject({ light: 'grey', since: minutesAgo(20), transition: null });
  });

  it('with fresh data goes straight to the rules\' light, green included', () => {
    expect(decide(0, { light: 'grey', since: minutesAgo(1) })).toMatchObject({ light: 'green', transition: { from: 'grey', to: 'green' } });
    expect(decide(9, { light: 'grey', since: minutesAgo(1) })).toMatchObject({ light: 'yellow', transition: { from: 'grey', to: 'yellow' } });
  });

  it('names a repository that was never read', () => {
    const decision = decide(0, null, [{ repo: 'acme/web', lastSuccessAt: null, error: null, missedPolls: null }]);
    expect(decision.reasons[0]?.text).toBe('acme/web has not been read yet');
    expect(decision.transition).toMatchObject({ from: 'green', to: 'grey' });
  });
});
