// Where the queue is heading at its current net growth (arrivals - throughput): when the light
// turns to its next level on a queue-driven rule, or how soon the queue clears.
//
// A crossing is given with its uncertainty or not at all. The queue is a random walk: arrivals
// and reviews are counts at the rates of the trailing window, so the time it first grows by the
// gap to the next level has a distribution (firstPassage.ts), which also carries the uncertainty
// of the rates themselves. The forecast says its central range (FORECAST_COVERAGE of the
// probability), moved by the persistence window the light waits before it rises, and says nothing
// when that range does not end within the window the rates were measured over.
//
// Two things the plain walk got wrong, found by backtesting it (bench/forecastBacktest.ts,
// bench/demoForecast.ts): reviews come at the team's pace *while something waits* (throughput ÷
// the share of the window anything waited, queueBusyShare.ts), not at its average over idle hours,
// which made a team that picks up reviews at once look as if it would soon be overrun; and PRs
// arrive in bursts (held-back work opened together), so a level no further away than the largest
// burst of the window can be crossed at any moment: the range then starts now (arrivalBurst.ts).
// And the light rises to yellow only on a level the queue held for the whole persistence window
// (recentQueue.ts), so the walk towards yellow starts from the fewest PRs and lines of that window,
// not from now's: a large team's queue swings by several PRs within the hour as reviews are picked
// up, and a gap measured from the top of a swing named crossings the light never made.

import { addBusinessHours, businessDayHours } from './businessHours.js';
import { crossingQuantile, type QueueRates } from './firstPassage.js';
import { PERSISTENCE_MINUTES } from './recentQueue.js';
import { evaluateRules, lightOf, type RuleInputs } from './rules.js';
import type { TeamSettings } from './settingsModel.js';
import type { Light } from './types.js';

export type ForecastWithheld = 'already_red' | 'no_rule_to_forecast' | 'too_little_history' | 'already_over' | 'beyond_history';

/** The share of the crossing's probability the range said covers (its backtest: bench/forecastBacktest.ts). */
export const FORECAST_COVERAGE = 0.8;

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
      /** the FORECAST_COVERAGE range of the crossing, in business days from now; null when withheld */
      earliestBusinessDays: number | null;
      latestBusinessDays: number | null;
      withheld: ForecastWithheld | null;
      /** the point estimate at today's net rate when the range was too wide to say it: never shown, kept for backtests */
      unsaidBusinessDays?: number;
      /** set when the range starts now: this many PRs arrived within an hour lately, as many as the gap to the level */
      burst?: number;
    };

export interface ForecastInputs extends RuleInputs {
  arrivalsPerDay: number;
  /** the window the rates were measured over (default 10 business days) */
  windowBusinessDays?: number;
  /** false: too few reviews in the window for rates to mean anything */
  enoughHistory?: boolean;
  /** the share of the window with something awaiting review (queueBusyShare.ts); absent: 1 */
  busyShare?: number;
  /** the most PRs that arrived within an hour of each other in the window (arrivalBurst.ts); absent: 0 */
  largestBurst?: number;
  /** the fewest PRs and changed lines awaiting review over the persistence window (recentQueue.ts); absent: now's */
  heldQueue?: { awaiting: number; lines: number };
}

/** Rates are counts over whole days, so a difference this small is no difference. */
const STEADY_EPSILON = 1e-9;

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
  // Yellow comes on a level held for the persistence window (red at once): count from the window's low.
  const held = nextLight === 'yellow' && inputs.heldQueue !== undefined
    ? { awaiting: Math.min(queue, inputs.heldQueue.awaiting), lines: Math.min(inputs.linesAwaitingReview, inputs.heldQueue.lines) }
    : { awaiting: queue, lines: inputs.linesAwaitingReview };
  const reviewers = Math.max(1, inputs.reviewers);
  // PRs to go before each rule fires: the rules fire at a level, reached at the next whole PR.
  const gaps: number[] = [];
  const toWholePr = (prs: number) => Math.ceil(prs - 1e-9);
  const { queue_per_reviewer: perReviewer, expected_wait: expectedWait, lines_per_reviewer: lines } = settings.rules;
  const perReviewerKnown = inputs.reviewersKnown ?? true;
  if (perReviewer.enabled && perReviewerKnown) gaps.push(toWholePr(perReviewer[nextLight] * reviewers - held.awaiting));
  if (expectedWait.enabled && inputs.throughputPerDay > 0 && inputs.expectedWaitBusinessDays !== null) gaps.push(toWholePr(expectedWait[nextLight] * inputs.throughputPerDay - held.awaiting));
  // Lines grow at today's lines per PR.
  if (lines.enabled && perReviewerKnown && queue > 0 && inputs.linesAwaitingReview > 0) gaps.push(toWholePr((lines[nextLight] * reviewers - held.lines) / (inputs.linesAwaitingReview / queue)));
  if (gaps.length === 0) return withheld('no_rule_to_forecast');

  const window = inputs.windowBusinessDays ?? 10;
  const gap = Math.min(...gaps);
  const unsaidBusinessDays = Math.max(0, gap) / netPerDay;
  // Over the level already, and the light holds (its dwell, or the persistence window): it is not a forecast.
  if (gap <= 0) return { ...withheld('already_over'), unsaidBusinessDays } as Forecast;
  const rates: QueueRates = { arrivalsPerDay: inputs.arrivalsPerDay, reviewsPerDay: reviewsWhileWaiting(inputs), windowDays: window };
  const tail = (1 - FORECAST_COVERAGE) / 2;
  const dayHours = businessDayHours(settings.workingHours);
  const persistence = PERSISTENCE_MINUTES / 60 / dayHours;
  const latest = crossingQuantile(1 - tail, gap, window, rates);
  if (latest === null) return { ...withheld('beyond_history'), unsaidBusinessDays } as Forecast;
  const earliest = crossingQuantile(tail, gap, window, rates)!;
  const median = crossingQuantile(0.5, gap, window, rates)!;
  const crossesInBusinessDays = median + persistence;
  const crossesAt = addBusinessHours(now, crossesInBusinessDays * dayHours, settings.workingHours);
  // As many PRs as the gap have arrived within an hour before: the crossing may come at any moment.
  const burst = inputs.largestBurst ?? 0;
  const anyMoment = gap <= burst;
  return {
    kind: 'growing', netPerDay, nextLight, crossesInBusinessDays, crossesAt, earliestBusinessDays: anyMoment ? 0 : earliest + persistence, latestBusinessDays: latest + persistence, withheld: null,
    ...(anyMoment ? { burst } : {}),
  };
}

/**
 * Reviews a day while something waits: a growing queue meets the team's pace when there is work
 * to review, not its average over hours when nothing waited. At least a twentieth of the window
 * busy, so one brief wait does not promise an endless pace.
 */
function reviewsWhileWaiting(inputs: ForecastInputs): number {
  return inputs.throughputPerDay / Math.max(0.05, Math.min(1, inputs.busyShare ?? 1));
}
