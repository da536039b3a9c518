// The four rules of the light, evaluated on the team's metrics: which fire, and why, in words.

import { businessDayHours } from './businessHours.js';
import { formatNumber, plural } from './format.js';
import { RULE_NAMES, type RuleName } from './ruleCatalog.js';
import type { RuleLevels, TeamSettings } from './settingsModel.js';
import type { Light } from './types.js';

export interface Reason {
  rule: RuleName | 'stale';
  /** the measured value, in the rule's unit (oldest_wait: business hours; expected_wait: business days) */
  value: number;
  /** the level it is compared with */
  threshold: number;
  light: Light;
  /** for people: "oldest PR has waited 2.3 business days; red at 2" */
  text: string;
  /** the repository, for stale reasons */
  repo?: string;
}

/** What the rules read from the metrics. */
export interface RuleInputs {
  awaitingReview: number;
  linesAwaitingReview: number;
  oldestWaitBusinessHours: number;
  expectedWaitBusinessDays: number | null;
  throughputPerDay: number;
  reviewers: number;
  /**
   * The oldest-wait rule reads the wait of the `waitRank`-th oldest PR (one per six reviewers,
   * see metrics.ts), so one stuck PR does not turn a large team red. Absent: the oldest.
   */
  waitRank?: number;
  rankedWaitBusinessHours?: number;
  /** false when nobody is linked and nobody reviewed lately: per-reviewer rules have nothing to divide by */
  reviewersKnown?: boolean;
  /** false when no PR awaiting review has anyone on the team but its author to review it: red would swarm nobody */
  anyoneToSwarm?: boolean;
}

/** Red needs evidence from more than one PR: a single waiting PR can make the light yellow, never red. */
export const MIN_PRS_FOR_RED = 2;

/** Each rule's current value; null when it cannot be measured (expected wait with no throughput). */
export function ruleValues(inputs: RuleInputs): Record<RuleName, number | null> {
  const reviewers = Math.max(1, inputs.reviewers);
  // Per-reviewer load means nothing without known reviewers, nor when nobody but the authors could
  // take the waiting PRs (a solo developer's own PRs): the team could not act on it.
  const known = (inputs.reviewersKnown ?? true) && inputs.anyoneToSwarm !== false;
  return {
    queue_per_reviewer: known ? inputs.awaitingReview / reviewers : null,
    oldest_wait: inputs.rankedWaitBusinessHours ?? inputs.oldestWaitBusinessHours,
    expected_wait: inputs.expectedWaitBusinessDays,
    lines_per_reviewer: known ? inputs.linesAwaitingReview / reviewers : null,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const SEVERITY: Record<Light, number> = { green: 0, yellow: 1, red: 2, grey: 3 };

export const severity = (light: Light) => SEVERITY[light];

/**
 * The firing rules, most severe first (red before yellow, then in rule order). A rule at its red
 * level fires yellow, saying why, when red is not warranted (see `whyNotRed`).
 */
export function evaluateRules(inputs: RuleInputs, settings: TeamSettings): Reason[] {
  const notRed = whyNotRed(inputs);
  const red = rulesAtOrAbove(inputs, settings, (levels) => levels.red, 'red', 'red at')
    .map((reason) => (notRed === null ? reason : { ...reason, light: 'yellow' as const, text: `${reason.text}, but ${notRed}` }));
  const yellow = rulesAtOrAbove(inputs, settings, (levels) => levels.yellow, 'yellow', 'yellow at');
  return [...red, ...yellow.filter((reason) => !red.some((r) => r.rule === reason.rule))];
}

/** Why the rules may not make the light red, in words; null when they may. */
export function whyNotRed(inputs: RuleInputs): string | null {
  if (inputs.awaitingReview < MIN_PRS_FOR_RED) return `red needs at least ${MIN_PRS_FOR_RED} PRs awaiting review`;
  if (inputs.anyoneToSwarm === false) return 'red needs someone on the team besides the authors to review (link them with /flow link)';
  return null;
}

/**
 * The enabled, measurable rules at or above the level `levelOf` picks from their levels, in rule
 * order, each worded as a reason for `light` ("red at 2", "red until under 1").
 */
export function rulesAtOrAbove(inputs: RuleInputs, settings: TeamSettings, levelOf: (levels: RuleLevels) => number, light: Light, levelWords: string): Reason[] {
  const values = ruleValues(inputs);
  const reasons: Reason[] = [];
  for (const rule of RULE_NAMES) {
    const levels = settings.rules[rule];
    const value = values[rule];
    if (!levels.enabled || value === null) continue;
    const level = levelOf(levels);
    if (value >= level) reasons.push(ruleReason(rule, value, level, light, levelWords, inputs, settings));
  }
  return reasons;
}

/** The light the rules alone call for, without hysteresis. */
export function lightOf(reasons: readonly Reason[]): Light {
  return reasons.reduce<Light>((worst, reason) => (severity(reason.light) > severity(worst) ? reason.light : worst), 'green');
}

/**
 * A reason worded for people. `levelWords` introduces the threshold: "red at" for a firing rule,
 * "red until under" for one holding the light up.
 */
export function ruleReason(rule: RuleName, value: number, threshold: number, light: Light, levelWords: string, inputs: RuleInputs, settings: TeamSettings): Reason {
  const reviewers = Math.max(1, inputs.reviewers);
  const forReviewers = `for ${formatNumber(reviewers)} ${plural(reviewers, 'reviewer', 'reviewers')}`;
  let text: string;
  switch (rule) {
    case 'queue_per_reviewer':
      text = `${inputs.awaitingReview} ${plural(inputs.awaitingReview, 'PR', 'PRs')} awaiting review ${forReviewers} (${formatNumber(value, 2)} per reviewer); ${levelWords} ${formatNumber(threshold, 2)}`;
      break;
    case 'oldest_wait': {
      const dayHours = businessDayHours(settings.workingHours);
      const inDays = threshold >= dayHours;
      const scale = inDays ? dayHours : 1;
      const shown = formatNumber(value / scale);
      const unit = `business ${inDays ? 'day' : 'hour'}${shown === '1' ? '' : 's'}`;
      const rank = inputs.waitRank ?? 1;
      const which = rank <= 1 ? 'oldest PR has' : `the ${rank} oldest PRs have each`;
      text = `${which} waited ${rank <= 1 ? '' : 'at least '}${shown} ${unit}; ${levelWords} ${formatNumber(threshold / scale, 2)}`;
      break;
    }
    case 'expected_wait':
      text = `expected wait is ${formatNumber(value)} business ${formatNumber(value) === '1' ? 'day' : 'days'} (${inputs.awaitingReview} awaiting review ÷ ${formatNumber(inputs.throughputPerDay)} reviewed a day); ${levelWords} ${formatNumber(threshold, 2)}`;
      break;
    case 'lines_per_reviewer':
      text = `${formatNumber(inputs.linesAwaitingReview, 0)} changed lines awaiting review ${forReviewers} (${formatNumber(value, 0)} per reviewer); ${levelWords} ${formatNumber(threshold, 0)}`;
      break;
    default: {
      const _exhaustive: never = rule;
      throw new Error(`unknown rule ${String(_exhaustive)}`);
    }
  }
  return { rule, value: round2(value), threshold, light, text };
}

