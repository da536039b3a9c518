import { describe, expect, it } from 'vitest';
import { applySettingChanges } from '../../src/domain/applySettingChanges.js';
import { pollTimesEvery, relight, hoursInEachLight, type ReplayPoll } from '../../src/domain/replay.js';
import type { RuleInputs } from '../../src/domain/rules.js';
import { DEFAULT_SETTINGS, applySetting } from '../../src/domain/settings.js';
import { suggestLevels, weightedQuantile } from '../../src/domain/suggestLevels.js';

// Two working weeks (UTC, Mon–Fri 09–17), one poll an hour, with a queue the test scripts.
const FROM = new Date('2026-11-02T09:00:00Z');
const TO = new Date('2026-11-13T17:00:00Z');

function inputs(awaitingReview: number, extra: Partial<RuleInputs> = {}): RuleInputs {
  return { awaitingReview, linesAwaitingReview: awaitingReview * 50, oldestWaitBusinessHours: 1, expectedWaitBusinessDays: null, throughputPerDay: 5, reviewers: 6, ...extra };
}

function polls(queueAt: (i: number) => number, from = FROM, to = TO): ReplayPoll[] {
  return pollTimesEvery(from, to, 3_600_000).map((at, i) => ({ at, light: 'green' as const, inputs: inputs(queueAt(i)) }));
}

/** A queue that walks 0..19 and back, so every length is held for a known share of the hours. */
const sawtooth = (i: number) => i % 20;

describe('suggested levels', () => {
  it('puts red at about the worst 10% of business hours and yellow-or-worse at about the worst 30%', () => {
    const suggestion = suggestLevels(polls(sawtooth), TO, DEFAULT_SETTINGS);
    expect(suggestion.kind).toBe('suggested');
    if (suggestion.kind !== 'suggested') return;
    expect(suggestion.redShare).toBeGreaterThan(0.05);
    expect(suggestion.redShare).toBeLessThan(0.15);
    expect(suggestion.yellowOrWorseShare).toBeGreaterThan(0.25);
    expect(suggestion.yellowOrWorseShare).toBeLessThan(0.35);
    // red for queues 18 and 19 of 0..19 (10%) with 6 reviewers: above 17/6 = 2.83, at most 18/6 = 3
    expect(suggestion.settings.rules.queue_per_reviewer.red).toBe(2.9);
    // yellow or red for queues 14..19 (30%): above 13/6 = 2.17, at most 14/6 = 2.33
    expect(suggestion.settings.rules.queue_per_reviewer.yellow).toBe(2.2);
    expect(suggestion.explanation).toMatch(/worst ~10% of business hours/);
  });

  it('gives /flow set changes that the set path accepts and that produce the suggested settings', () => {
    const suggestion = suggestLevels(polls(sawtooth), TO, DEFAULT_SETTINGS);
    if (suggestion.kind !== 'suggested') throw new Error('expected a suggestion');
    const applied = applySettingChanges(DEFAULT_SETTINGS, Object.entries(suggestion.changes).map(([k, v]) => [k, String(v)] as const));
    expect(applied.ok).toBe(true);
    if (applied.ok) expect(applied.settings.rules).toEqual(suggestion.settings.rules);
  });

  it('leaves a rule that is off alone', () => {
    const off = applySetting(DEFAULT_SETTINGS, 'lines_per_reviewer', 'off');
    if (!off.ok) throw new Error(off.error);
    const suggestion = suggestLevels(polls(sawtooth), TO, off.settings);
    if (suggestion.kind !== 'suggested') throw new Error('expected a suggestion');
    expect(Object.keys(suggestion.changes).some((key) => key.endsWith('lines_per_reviewer'))).toBe(false);
    expect(suggestion.settings.rules.lines_per_reviewer.enabled).toBe(false);
  });

  it('says there is too little history under five business days', () => {
    const suggestion = suggestLevels(polls(sawtooth, FROM, new Date('2026-11-05T17:00:00Z')), new Date('2026-11-05T17:00:00Z'), DEFAULT_SETTINGS);
    expect(suggestion).toMatchObject({ kind: 'too_little_history' });
    expect(suggestion.explanation).toMatch(/4 business days replayed, at least 5 needed/);
  });

  it('a quiet team (nothing ever waited) keeps its levels', () => {
    const suggestion = suggestLevels(polls(() => 0).map((p) => ({ ...p, inputs: inputs(0, { oldestWaitBusinessHours: 0 }) })), TO, DEFAULT_SETTINGS);
    if (suggestion.kind !== 'suggested') throw new Error('expected a suggestion');
    expect(suggestion.changes).toEqual({});
  });

  it('weights each value by the business hours it was held', () => {
    const samples = [{ weight: 9, values: { queue_per_reviewer: 1, oldest_wait: 0, expected_wait: null, lines_per_reviewer: 0 } }, { weight: 1, values: { queue_per_reviewer: 5, oldest_wait: 0, expected_wait: null, lines_per_reviewer: 0 } }];
    expect(weightedQuantile(samples, 'queue_per_reviewer', 0.9)).toBe(1);
    expect(weightedQuantile(samples, 'queue_per_reviewer', 0.95)).toBe(5);
  });

  it('the suggested levels, replayed with hysteresis and dwell, change the light and spend hours in each light', () => {
    const recorded = polls(sawtooth);
    const suggestion = suggestLevels(recorded, TO, DEFAULT_SETTINGS);
    if (suggestion.kind !== 'suggested') throw new Error('expected a suggestion');
    const relit = relight(recorded, suggestion.settings);
    const hours = hoursInEachLight(relit.polls, TO, suggestion.settings);
    expect(hours.red).toBeGreaterThan(0);
    expect(hours.green + hours.yellow + hours.red).toBeCloseTo(80, 5);
    expect(relit.transitions.length).toBeGreaterThan(0);
  });
});

describe('suggested levels for a mostly idle team', () => {
  it('never go below a quarter of the defaults, so one waiting PR does not turn the light', () => {
    // one PR waits a tenth of the time, nothing the rest
    const suggestion = suggestLevels(polls((i) => (i % 10 === 0 ? 1 : 0)), TO, DEFAULT_SETTINGS);
    if (suggestion.kind !== 'suggested') throw new Error('expected a suggestion');
    expect(suggestion.settings.rules.queue_per_reviewer.yellow).toBeGreaterThanOrEqual(0.25);
    expect(suggestion.settings.rules.queue_per_reviewer.red).toBeGreaterThanOrEqual(0.5);
    expect(suggestion.explanation).toContain('a quarter of its default');
  });
});
