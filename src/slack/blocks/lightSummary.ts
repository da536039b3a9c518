import { FORECAST_COVERAGE, type ForecastWithheld } from '../../domain/forecast.js';
import type { ReviewAsk } from '../../domain/reviewCadence.js';
import { MIN_REVIEWS_FOR_RATES, REVIEWERS_PER_WAIT_RANK, TRAILING_BUSINESS_DAYS, type Forecast, type TeamMetrics } from '../../domain/metrics.js';
import type { Light } from '../../domain/types.js';
import { formatBusinessDuration, formatNumber, plural } from '../../domain/format.js';

// The light and the numbers behind it, worded for people (status, queue and digest share these).

export const LIGHT_WORDS: Readonly<Record<Light, string>> = Object.freeze({
  green: 'Green: the queue is level. Build; whenever a review waits, take it before you start something new (`/flow next`).',
  yellow: 'Yellow: the queue is filling. Before starting new work, pick up a review (`/flow next`).',
  red: 'Red: over the limit. Stop starting new work and swarm the review queue until it clears.',
  grey: 'Grey: the data is stale, so flowlight cannot tell. It never shows green on data it could not read.',
});

/** What the light asks of people right now, from the queue (reviewCadence.ts): the same rule the team-policy benchmark measures. */
export function askLine(ask: ReviewAsk, dayHours: number): string {
  const limit = formatBusinessDuration(ask.breakOffAfterHours, dayHours);
  const waiting = `${ask.waiting} ${plural(ask.waiting, 'review waits', 'reviews wait')} that nobody has picked up`;
  switch (ask.kind) {
    case 'build':
      return '*What the light asks:* nothing waits for a review that someone besides its author could take: build.';
    case 'review_first':
      return `*What the light asks:* ${waiting}. Whoever opens a PR or finishes a review takes one before starting something new (\`/flow next\`); break off from your own work only for one that has waited ${limit} (none has).`;
    case 'break_off':
      return `*What the light asks:* ${waiting}, ${ask.overdue} of them for ${limit} or more: ${ask.overdue === 1 ? 'one of you' : `${ask.overdue} of you`}, break off what you are building and take ${ask.overdue === 1 ? 'it' : 'one each'} now (\`/flow next\`); everyone else, review before starting something new.`;
    case 'swarm':
      return `*What the light asks:* everyone stops starting new work and swarms the queue (${waiting}).`;
    case 'unknown':
      return '*What the light asks:* nothing until the data is fresh again.';
    default: {
      const _exhaustive: never = ask.kind;
      return String(_exhaustive);
    }
  }
}

export function metricsLine(m: TeamMetrics, dayHours: number): string {
  const parts = [
    `*${m.awaitingReview}* awaiting review (${formatNumber(m.linesAwaitingReview, 0)} lines)`,
    `oldest ${formatBusinessDuration(m.oldestWaitBusinessHours, dayHours)}`,
    `median ${formatBusinessDuration(m.medianWaitBusinessHours, dayHours)}`,
    `${m.reviewers} ${plural(m.reviewers, 'reviewer', 'reviewers')}`,
    `${m.awaitingAuthor} with authors`,
    `${m.approved} approved`,
  ];
  return parts.join(' · ');
}

export function flowLine(m: Pick<TeamMetrics, 'throughputPerDay' | 'arrivalsPerDay' | 'expectedWaitBusinessDays'>): string {
  const rates = `${formatNumber(m.throughputPerDay)} reviewed and ${formatNumber(m.arrivalsPerDay)} arriving a business day (last ${TRAILING_BUSINESS_DAYS})`;
  const expected = m.expectedWaitBusinessDays === null
    ? m.throughputPerDay > 0 ? `too few reviews lately for an expected wait (${MIN_REVIEWS_FOR_RATES} in ${TRAILING_BUSINESS_DAYS} business days needed)` : 'no reviews finished lately, so no expected wait'
    : `expected wait ${formatNumber(m.expectedWaitBusinessDays)} business ${plural(Number(formatNumber(m.expectedWaitBusinessDays)), 'day', 'days')} (queue ÷ reviews a day)`;
  return `${rates} · ${expected}`;
}

export function forecastLine(f: Forecast): string {
  switch (f.kind) {
    case 'shrinking':
      return f.clearsInBusinessDays === null
        ? `:chart_with_downwards_trend: Shrinking by ${formatNumber(Math.abs(f.netPerDay))} a day.`
        : `:chart_with_downwards_trend: Shrinking by ${formatNumber(Math.abs(f.netPerDay))} a day; clears in about ${formatNumber(f.clearsInBusinessDays)} business days.`;
    case 'steady':
      return ':left_right_arrow: Steady: as many PRs arrive as get reviewed.';
    case 'growing': {
      const growing = `:chart_with_upwards_trend: Growing by ${formatNumber(Math.abs(f.netPerDay))} a day`;
      if (f.nextLight && f.crossesInBusinessDays !== null && f.earliestBusinessDays !== null && f.latestBusinessDays !== null) {
        const range = `${Math.round(FORECAST_COVERAGE * 100)}% range, most likely ${formatNumber(f.crossesInBusinessDays)}`;
        if (f.burst !== undefined) {
          return `${growing}; at this rate it turns ${f.nextLight} within ${formatNumber(f.latestBusinessDays)} business days, maybe at any moment: ${f.burst} PRs arrived within an hour lately (${range}).`;
        }
        return `${growing}; at this rate it turns ${f.nextLight} in ${formatNumber(f.earliestBusinessDays)}–${formatNumber(f.latestBusinessDays)} business days (${range}).`;
      }
      return `${growing}${withheldWords(f.withheld, f.nextLight)}.`;
    }
    default: {
      const _exhaustive: never = f;
      return String(_exhaustive);
    }
  }
}

function withheldWords(reason: ForecastWithheld | null, nextLight: 'yellow' | 'red' | null): string {
  switch (reason) {
    case null:
    case 'already_red':
    case 'no_rule_to_forecast':
      return '';
    case 'too_little_history':
      return `; too few reviews in the last ${TRAILING_BUSINESS_DAYS} business days to say when it turns ${nextLight ?? 'red'}`;
    case 'already_over':
      return `; already at the ${nextLight ?? 'red'} level, the light holds a while before it rises (no flapping)`;
    case 'beyond_history':
      return `; too uncertain to say when it turns ${nextLight ?? 'red'}: it may not within the next ${TRAILING_BUSINESS_DAYS} business days`;
    default: {
      const _exhaustive: never = reason;
      return String(_exhaustive);
    }
  }
}

/** What the light is based on: who counts as a reviewer, how much history, which PR the oldest-wait rule reads. */
export function basisLine(m: Pick<TeamMetrics, 'basis' | 'reviewers' | 'anyoneToSwarm'>): string {
  const { basis } = m;
  const who = (() => {
    switch (basis.reviewersFrom) {
      case 'linked':
        return `${m.reviewers} linked ${plural(m.reviewers, 'reviewer', 'reviewers')}`;
      case 'override':
        return `${m.reviewers} ${plural(m.reviewers, 'reviewer', 'reviewers')} (given)`;
      case 'recent_reviews':
        return `${m.reviewers} ${plural(m.reviewers, 'person', 'people')} who reviewed lately (nobody linked: \`/flow link GITHUB-LOGIN\`)`;
      case 'unknown':
        return 'no known reviewers (nobody linked, no reviews lately), so no per-reviewer rules: `/flow link GITHUB-LOGIN`';
      default: {
        const _exhaustive: never = basis.reviewersFrom;
        return String(_exhaustive);
      }
    }
  })();
  const history = basis.enoughHistory
    ? `${basis.reviewsInWindow} reviews in the last ${TRAILING_BUSINESS_DAYS} business days`
    : `too little history (${basis.reviewsInWindow} ${plural(basis.reviewsInWindow, 'review', 'reviews')} in ${TRAILING_BUSINESS_DAYS} business days, ${MIN_REVIEWS_FOR_RATES} needed), so no expected wait and no forecast`;
  const oldest = basis.waitRank > 1 ? `oldest wait read on the ${ordinal(basis.waitRank)} oldest PR (one per ${REVIEWERS_PER_WAIT_RANK} reviewers)` : 'oldest wait read on the oldest PR';
  const red = m.anyoneToSwarm ? '' : ' · no red: nobody but the authors could review what waits';
  return `Based on ${who} · ${history} · ${oldest}${red}.`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
