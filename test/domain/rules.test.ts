import { describe, expect, it } from 'vitest';
import { evaluateRules, lightOf, type RuleInputs } from '../../src/domain/rules.js';
import { DEFAULT_SETTINGS, applySetting, type RuleName, type TeamSettings } from '../../src/domain/settings.js';
import type { Light } from '../../src/domain/types.js';

const quiet: RuleInputs = { awaitingReview: 2, linesAwaitingReview: 0, oldestWaitBusinessHours: 0, expectedWaitBusinessDays: null, throughputPerDay: 0, reviewers: 10 };

/** Inputs where only `rule` has a value, and it is `value`. */
function only(rule: RuleName, value: number): RuleInputs {
  switch (rule) {
    case 'queue_per_reviewer':
      return { ...quiet, awaitingReview: value * 10 };
    case 'oldest_wait':
      return { ...quiet, oldestWaitBusinessHours: value };
    case 'expected_wait':
      return { ...quiet, expectedWaitBusinessDays: value, throughputPerDay: 4 };
    case 'lines_per_reviewer':
      return { ...quiet, linesAwaitingReview: value * 10 };
  }
}

describe('every rule at, just under and just over each level', () => {
  const table: Array<[RuleName, number, Light]> = [
    ['queue_per_reviewer', 0.9, 'green'], ['queue_per_reviewer', 1.0, 'yellow'], ['queue_per_reviewer', 1.1, 'yellow'],
    ['queue_per_reviewer', 1.9, 'yellow'], ['queue_per_reviewer', 2.0, 'red'], ['queue_per_reviewer', 2.1, 'red'],
    ['oldest_wait', 7.99, 'green'], ['oldest_wait', 8, 'yellow'], ['oldest_wait', 8.01, 'yellow'],
    ['oldest_wait', 15.99, 'yellow'], ['oldest_wait', 16, 'red'], ['oldest_wait', 16.01, 'red'],
    ['expected_wait', 0.99, 'green'], ['expected_wait', 1, 'yellow'], ['expected_wait', 1.01, 'yellow'],
    ['expected_wait', 1.99, 'yellow'], ['expected_wait', 2, 'red'], ['expected_wait', 2.01, 'red'],
    ['lines_per_reviewer', 399, 'green'], ['lines_per_reviewer', 400, 'yellow'], ['lines_per_reviewer', 401, 'yellow'],
    ['lines_per_reviewer', 999, 'yellow'], ['lines_per_reviewer', 1000, 'red'], ['lines_per_reviewer', 1001, 'red'],
  ];

  it.each(table)('%s at %d is %s', (rule, value, light) => {
    const reasons = evaluateRules(only(rule, value), DEFAULT_SETTINGS);
    expect(lightOf(reasons)).toBe(light);
    if (light === 'green') expect(reasons).toEqual([]);
    else expect(reasons).toEqual([expect.objectContaining({ rule, light, threshold: DEFAULT_SETTINGS.rules[rule][light === 'red' ? 'red' : 'yellow'] })]);
  });

  it.each(table)('%s at %d is green when the rule is switched off', (rule, value) => {
    const result = applySetting(DEFAULT_SETTINGS, rule, 'off');
    if (!result.ok) throw new Error(result.error);
    expect(evaluateRules(only(rule, value), result.settings)).toEqual([]);
  });

  it('follows a team\'s own levels', () => {
    const result = applySetting(DEFAULT_SETTINGS, 'yellow.oldest_wait', '4');
    if (!result.ok) throw new Error(result.error);
    expect(lightOf(evaluateRules(only('oldest_wait', 4), result.settings))).toBe('yellow');
    expect(lightOf(evaluateRules(only('oldest_wait', 3.99), result.settings))).toBe('green');
  });
});

describe('the reasons', () => {
  it('are worded for people with the value and the level', () => {
    const inputs: RuleInputs = { awaitingReview: 7, linesAwaitingReview: 2480, oldestWaitBusinessHours: 18.4, expectedWaitBusinessDays: 1.4, throughputPerDay: 5, reviewers: 2 };
    expect(evaluateRules(inputs, DEFAULT_SETTINGS).map((reason) => [reason.rule, reason.light, reason.value, reason.threshold, reason.text])).toEqual([
      ['queue_per_reviewer', 'red', 3.5, 2, '7 PRs awaiting review for 2 reviewers (3.5 per reviewer); red at 2'],
      ['oldest_wait', 'red', 18.4, 16, 'oldest PR has waited 2.3 business days; red at 2'],
      ['lines_per_reviewer', 'red', 1240, 1000, '2,480 changed lines awaiting review for 2 reviewers (1,240 per reviewer); red at 1,000'],
      ['expected_wait', 'yellow', 1.4, 1, 'expected wait is 1.4 business days (7 awaiting review ÷ 5 reviewed a day); yellow at 1'],
    ]);
  });

  it('word a short oldest-wait level in hours', () => {
    const result = applySetting(DEFAULT_SETTINGS, 'yellow.oldest_wait', '4');
    if (!result.ok) throw new Error(result.error);
    expect(evaluateRules(only('oldest_wait', 5.25), result.settings)[0]?.text).toBe('oldest PR has waited 5.3 business hours; yellow at 4');
  });
});

describe('expected wait when nothing has been reviewed lately', () => {
  it('cannot fire, while the other rules still can', () => {
    const settings: TeamSettings = DEFAULT_SETTINGS;
    const inputs: RuleInputs = { ...quiet, awaitingReview: 30, expectedWaitBusinessDays: null, reviewers: 10 };
    expect(evaluateRules(inputs, settings).map((reason) => reason.rule)).toEqual(['queue_per_reviewer']);
  });
});
