// Where the queue is heading at its current net growth (arrivals - throughput): when it crosses
// the next level of a queue-driven rule, or how soon it clears.

import { addBusinessHours, businessDayHours } from './businessHours.js';
import { evaluateRules, lightOf, type RuleInputs } from './rules.js';
import type { TeamSettings } from './settingsModel.js';

export type Forecast =
  | { kind: 'shrinking'; netPerDay: number; clearsInBusinessDays: number | null }
  | { kind: 'steady' }
  | { kind: 'growing'; netPerDay: number; nextLight: 'yellow' | 'red' | null; crossesInBusinessDays: number | null; crossesAt: Date | null };

export interface ForecastInputs extends RuleInputs {
  arrivalsPerDay: number;
}

/** Rates are counts over whole days, so a difference this small is no difference. */
const STEADY_EPSILON = 1e-9;
/** About a working year: a crossing further out than this is not in sight (reported as null). */
const HORIZON_BUSINESS_DAYS = 260;

/**
 * Only the rules the queue's size drives are forecast (PRs and lines per reviewer, expected
 * wait at today's throughput, lines growing at today's lines per PR); the oldest wait grows
 * with time whatever the rates do. nextLight is null when already red; the crossing is null when
 * no enabled rule can be forecast or it lies more than a working year away.
 */
export function forecastQueue(inputs: ForecastInputs, settings: TeamSettings, now: Date): Forecast {
  const netPerDay = inputs.arrivalsPerDay - inputs.throughputPerDay;
  if (Math.abs(netPerDay) < STEADY_EPSILON) return { kind: 'steady' };
  if (netPerDay < 0) return { kind: 'shrinking', netPerDay, clearsInBusinessDays: inputs.awaitingReview / -netPerDay };

  const current = lightOf(evaluateRules(inputs, settings));
  const nextLight = current === 'green' ? 'yellow' : current === 'yellow' ? 'red' : null;
  if (nextLight === null) return { kind: 'growing', netPerDay, nextLight, crossesInBusinessDays: null, crossesAt: null };

  const queue = inputs.awaitingReview;
  const reviewers = Math.max(1, inputs.reviewers);
  const targets: number[] = [];
  const { queue_per_reviewer: perReviewer, expected_wait: expectedWait, lines_per_reviewer: lines } = settings.rules;
  if (perReviewer.enabled) targets.push(perReviewer[nextLight] * reviewers);
  if (expectedWait.enabled && inputs.throughputPerDay > 0) targets.push(expectedWait[nextLight] * inputs.throughputPerDay);
  if (lines.enabled && queue > 0 && inputs.linesAwaitingReview > 0) targets.push((lines[nextLight] * reviewers) / (inputs.linesAwaitingReview / queue));
  if (targets.length === 0) return { kind: 'growing', netPerDay, nextLight, crossesInBusinessDays: null, crossesAt: null };

  const crossesInBusinessDays = Math.max(0, (Math.min(...targets) - queue) / netPerDay);
  if (crossesInBusinessDays > HORIZON_BUSINESS_DAYS) return { kind: 'growing', netPerDay, nextLight, crossesInBusinessDays: null, crossesAt: null };
  const crossesAt = addBusinessHours(now, crossesInBusinessDays * businessDayHours(settings.workingHours), settings.workingHours);
  return { kind: 'growing', netPerDay, nextLight, crossesInBusinessDays, crossesAt };
}
