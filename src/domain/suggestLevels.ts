// Levels chosen from the team's own history: red at about its worst 10% of business hours, yellow
// (or worse) at about its worst 30%. Each enabled rule gets its levels at the same percentile of its
// own values over the replayed business hours; the percentile is the one whose rules alone (the
// bot's evaluateRules, without hysteresis or dwell) come nearest the target share. A rule that is
// off stays off; a rule that never measured anything keeps its levels; no level goes below a
// quarter of its default.

import { businessDayHours, businessHoursBetween } from './businessHours.js';
import { formatNumber } from './format.js';
import type { ReplayPoll } from './replay.js';
import { RULES, RULE_NAMES, type RuleName } from './ruleCatalog.js';
import { evaluateRules, lightOf, ruleValues } from './rules.js';
import { copySettings, type TeamSettings } from './settingsModel.js';

export const RED_SHARE_TARGET = 0.1;
export const YELLOW_SHARE_TARGET = 0.3;
/** Fewer business days replayed than this is too little history to calibrate on. */
export const MIN_BUSINESS_DAYS_TO_SUGGEST = 5;

/** The steps levels are rounded to, so a suggestion reads like something a person would set. */
const STEP: Record<RuleName, number> = { queue_per_reviewer: 0.1, oldest_wait: 1, expected_wait: 0.1, lines_per_reviewer: 10 };

export type LevelSuggestion =
  | {
      kind: 'suggested';
      /** `/flow set` keys and values, e.g. { "red.queue_per_reviewer": 1.5 } */
      changes: Record<string, number>;
      /** the settings with the changes applied */
      settings: TeamSettings;
      /** with the suggested levels, the rules alone: share of business hours red and yellow-or-worse */
      redShare: number;
      yellowOrWorseShare: number;
      explanation: string;
    }
  | { kind: 'too_little_history'; businessHours: number; explanation: string };

interface Sample {
  weight: number;
  values: Record<RuleName, number | null>;
  poll: ReplayPoll;
}

export function suggestLevels(polls: readonly ReplayPoll[], to: Date, settings: TeamSettings): LevelSuggestion {
  const hours = settings.workingHours;
  const samples: Sample[] = [];
  polls.forEach((poll, i) => {
    const weight = businessHoursBetween(poll.at, polls[i + 1]?.at ?? to, hours);
    if (weight > 0) samples.push({ weight, values: ruleValues(poll.inputs), poll });
  });
  const total = samples.reduce((sum, s) => sum + s.weight, 0);
  const dayHours = businessDayHours(hours);
  if (total < MIN_BUSINESS_DAYS_TO_SUGGEST * dayHours) {
    return {
      kind: 'too_little_history',
      businessHours: total,
      explanation: `Too little history to suggest levels: ${formatNumber(total / dayHours)} business days replayed, at least ${MIN_BUSINESS_DAYS_TO_SUGGEST} needed.`,
    };
  }

  const rules = RULE_NAMES.filter((rule) => settings.rules[rule].enabled && samples.some((s) => (s.values[rule] ?? 0) > 0));
  const levelsAt = (q: number, which: 'yellow' | 'red') => Object.fromEntries(rules.map((rule) => [rule, Math.max(floorOf(rule, which), levelAbove(weightedQuantile(samples, rule, q), rule))])) as Record<RuleName, number>;
  const share = (candidate: TeamSettings, light: 'red' | 'yellow') => samples.reduce((sum, s) => {
    const ruled = lightOf(evaluateRules(s.poll.inputs, candidate));
    return sum + (ruled === 'red' || (light === 'yellow' && ruled === 'yellow') ? s.weight : 0);
  }, 0) / total;

  // 1. red: the percentile whose red levels make the rules red nearest 10% of the hours
  const red = bestPercentile((q) => share(withLevels(settings, rules, levelsAt(q, 'red'), 'red'), 'red'), RED_SHARE_TARGET);
  const withRed = withLevels(settings, rules, levelsAt(red.q, 'red'), 'red');
  // 2. yellow, under those red levels: nearest 30% yellow or red. Where a rule's yellow rounds to
  //    its red level, red moves one step up (that rule was flat there: it changes little).
  const both = (q: number) => {
    const next = withLevels(withRed, rules, levelsAt(q, 'yellow'), 'yellow');
    for (const rule of rules) {
      const levels = next.rules[rule];
      if (levels.red <= levels.yellow) levels.red = Math.min(RULES[rule].max, roundStep(levels.yellow + STEP[rule], rule));
    }
    return next;
  };
  const yellow = bestPercentile((q) => share(both(q), 'yellow'), YELLOW_SHARE_TARGET, red.q);
  const suggested = both(yellow.q);

  const changes: Record<string, number> = {};
  for (const rule of rules) {
    for (const level of ['yellow', 'red'] as const) {
      if (suggested.rules[rule][level] !== settings.rules[rule][level]) changes[`${level}.${rule}`] = suggested.rules[rule][level];
    }
  }
  const redShare = share(suggested, 'red');
  const yellowOrWorseShare = share(suggested, 'yellow');
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  const explanation = `Chosen from ${formatNumber(total / dayHours)} business days of this team's own history: red where the team spent its worst ~${percent(RED_SHARE_TARGET)} `
    + `of business hours (the ${percent(red.q)} point of each rule's values), yellow or worse its worst ~${percent(YELLOW_SHARE_TARGET)} (the ${percent(yellow.q)} point); `
    + `with them the rules alone would have been red ${percent(redShare)} and yellow or red ${percent(yellowOrWorseShare)} of the time. `
    + `No level goes below a quarter of its default, so a single waiting PR does not change the light.`;
  return { kind: 'suggested', changes, settings: suggested, redShare, yellowOrWorseShare, explanation };
}

/** The percentile in [0.5, 0.995] (below `below` when given) whose share is nearest `target`; ties go to the higher one. */
function bestPercentile(shareAt: (q: number) => number, target: number, below = 1): { q: number; share: number } {
  let best = { q: 0.5, share: Number.POSITIVE_INFINITY, distance: Number.POSITIVE_INFINITY };
  for (let step = 100; step <= 199; step += 1) {
    const q = step / 200;
    if (q >= below) break;
    const share = shareAt(q);
    const distance = Math.abs(share - target);
    if (distance <= best.distance) best = { q, share, distance };
  }
  return { q: best.q, share: best.share };
}

/** The value under which a share `q` of the business hours lay (weighted by hours). */
export function weightedQuantile(samples: ReadonlyArray<Pick<Sample, 'weight' | 'values'>>, rule: RuleName, q: number): number {
  const points = samples.flatMap((s) => (s.values[rule] === null ? [] : [{ value: s.values[rule]!, weight: s.weight }])).sort((a, b) => a.value - b.value);
  const total = points.reduce((sum, p) => sum + p.weight, 0);
  let seen = 0;
  for (const point of points) {
    seen += point.weight;
    if (seen >= q * total) return point.value;
  }
  return points.at(-1)?.value ?? 0;
}

/**
 * A quarter of the default level: a team that is mostly idle has "worst hours" with a single PR
 * waiting, and a light that turns yellow on any PR at all says nothing.
 */
export const FLOOR_SHARE_OF_DEFAULT = 0.25;

function floorOf(rule: RuleName, which: 'yellow' | 'red'): number {
  const spec = RULES[rule];
  return roundStep((which === 'yellow' ? spec.defaultYellow : spec.defaultRed) * FLOOR_SHARE_OF_DEFAULT, rule);
}

/** The smallest rounded level strictly above `value` (a rule fires at its level or more), within the rule's bounds. */
function levelAbove(value: number, rule: RuleName): number {
  const step = STEP[rule];
  return Math.min(RULES[rule].max, roundStep(Math.floor(value / step + 1e-9) * step + step, rule));
}

function roundStep(value: number, rule: RuleName): number {
  const step = STEP[rule];
  return Math.max(step, Math.round(Math.round(value / step) * step * 1000) / 1000);
}

/** The highest rounded level under a red level (half of it when no rounded one fits). */
function belowRed(red: number, rule: RuleName): number {
  const below = roundStep(red - STEP[rule], rule);
  return below < red ? below : red / 2;
}

function withLevels(settings: TeamSettings, rules: readonly RuleName[], levels: Record<RuleName, number>, which: 'yellow' | 'red'): TeamSettings {
  const next = copySettings(settings);
  for (const rule of rules) {
    next.rules[rule][which] = levels[rule];
    // While trying red levels, keep yellow below them so the candidate stays a valid setting.
    if (which === 'red' && next.rules[rule].yellow >= levels[rule]) next.rules[rule].yellow = belowRed(levels[rule], rule);
  }
  return next;
}
