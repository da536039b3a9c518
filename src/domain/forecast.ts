// Where the queue is heading at its current net growth (arrivals - throughput): when it crosses
// the next level of a queue-driven rule, or how soon it clears.
//
// A crossing is given with its uncertainty or not at all. Arrivals and reviews in the trailing
// window are counts; treating each as Poisson, the net rate's standard error is
// sqrt(arrived + left) / window days. The crossing's range is the gap to the next level over the
// net rate's 90% interval; when that interval reaches zero growth (the queue may not be growing
// at all), or its far end lies beyond the window the rates were measured over, no crossing is said.

import { addBusinessHours, businessDayHours } from './businessHours.js';
import { evaluateRules, lightOf, type RuleInputs } from './rules.js';
import type { TeamSettings } from './settingsModel.js';
import type { Light } from './types.js';

export type ForecastWithheld = 'already_red' | 'no_rule_to_forecast' | 'too_little_history' | 'too_uncertain' | 'beyond_history';

export type Forecast =
  | { kind: 'shrinking'; netPerDay: number; clearsInBusinessDays: number | null }
  | { kind: 'steady' }
  | {
      kind: 'growing';
      netPerDay: number;
      nextLight: 'yellow' | 'red' | null;
      /** the central estimate; null when withheld */
      crossesInBusinessDays: number | null;
      crossesAt: Date | null;
      /** the 90% range of the crossing, in business days from now; null when withheld */
      earliestBusinessDays: number | null;
      latestBusinessDays: number | null;
      withheld: ForecastWithheld | null;
      /** the point estimate at today's net rate when the range was too wide to say it: never shown, kept for backtests */
      unsaidBusinessDays?: number;
    };

export interface ForecastInputs extends RuleInputs {
  arrivalsPerDay: number;
  /** the window the rates were measured over (default 10 business days) */
  windowBusinessDays?: number;
  /** false: too few reviews in the window for rates to mean anything */
  enoughHistory?: boolean;
}

/** Rates are counts over whole days, so a difference this small is no difference. */
const STEADY_EPSILON = 1e-9;
/** The two-sided 90% interval of a normal approximation. */
const Z_90 = 1.645;

/**
 * Only the rules the queue's size drives are forecast (PRs and lines per reviewer, expected
 * wait at today's throughput, lines growing at today's lines per PR); the oldest wait grows
 * with time whatever the rates do. `light` is the light as it is held (hysteresis and dwell
 * included), so a red light never forecasts "turns red"; without it, the rules' light is used.
 */
export function forecastQueue(inputs: ForecastInputs, settings: TeamSettings, now: Date, light?: Light): Forecast {
  const netPerDay = inputs.arrivalsPerDay - inputs.throughputPerDay;
  if (Math.abs(netPerDay) < STEADY_EPSILON) return { kind: 'steady' };
  if (netPerDay < 0) return { kind: 'shrinking', netPerDay, clearsInBusinessDays: inputs.awaitingReview / -netPerDay };

  const current = light === undefined || light === 'grey' ? lightOf(evaluateRules(inputs, settings)) : light;
  const nextLight = current === 'green' ? 'yellow' : current === 'yellow' ? 'red' : null;
  const withheld = (reason: ForecastWithheld): Forecast => ({ kind: 'growing', netPerDay, nextLight, crossesInBusinessDays: null, crossesAt: null, earliestBusinessDays: null, latestBusinessDays: null, withheld: reason });
  if (nextLight === null) return withheld('already_red');
  // Nobody on the team but the authors can review what waits: the light cannot go red, so says nothing about when.
  if (nextLight === 'red' && inputs.anyoneToSwarm === false) return withheld('no_rule_to_forecast');
  if (inputs.enoughHistory === false) return withheld('too_little_history');

  const queue = inputs.awaitingReview;
  const reviewers = Math.max(1, inputs.reviewers);
  const targets: number[] = [];
  const { queue_per_reviewer: perReviewer, expected_wait: expectedWait, lines_per_reviewer: lines } = settings.rules;
  const perReviewerKnown = inputs.reviewersKnown ?? true;
  if (perReviewer.enabled && perReviewerKnown) targets.push(perReviewer[nextLight] * reviewers);
  if (expectedWait.enabled && inputs.throughputPerDay > 0 && inputs.expectedWaitBusinessDays !== null) targets.push(expectedWait[nextLight] * inputs.throughputPerDay);
  if (lines.enabled && perReviewerKnown && queue > 0 && inputs.linesAwaitingReview > 0) targets.push((lines[nextLight] * reviewers) / (inputs.linesAwaitingReview / queue));
  if (targets.length === 0) return withheld('no_rule_to_forecast');

  const window = inputs.windowBusinessDays ?? 10;
  const standardError = Math.sqrt((inputs.arrivalsPerDay + inputs.throughputPerDay) * window) / window;
  const slowest = netPerDay - Z_90 * standardError;
  const fastest = netPerDay + Z_90 * standardError;
  const gap = Math.max(0, Math.min(...targets) - queue);
  if (slowest <= 0) return { ...withheld('too_uncertain'), unsaidBusinessDays: gap / netPerDay } as Forecast;
  const latestBusinessDays = gap / slowest;
  if (latestBusinessDays > window) return { ...withheld('beyond_history'), unsaidBusinessDays: gap / netPerDay } as Forecast;
  const crossesInBusinessDays = gap / netPerDay;
  const crossesAt = addBusinessHours(now, crossesInBusinessDays * businessDayHours(settings.workingHours), settings.workingHours);
  return { kind: 'growing', netPerDay, nextLight, crossesInBusinessDays, crossesAt, earliestBusinessDays: gap / fastest, latestBusinessDays, withheld: null };
}
