import { TRAILING_BUSINESS_DAYS, type Forecast, type TeamMetrics } from '../../domain/metrics.js';
import type { Light } from '../../domain/types.js';
import { formatBusinessDuration, formatNumber, plural } from '../../domain/format.js';

// The light and the numbers behind it, worded for people (status, queue and digest share these).

export const LIGHT_WORDS: Readonly<Record<Light, string>> = Object.freeze({
  green: 'Green: the queue is clear, build at full speed.',
  yellow: 'Yellow: the queue is filling. Before starting new work, pick up a review (`/flow next`).',
  red: 'Red: over the limit. Stop starting new work and swarm the review queue until it clears.',
  grey: 'Grey: the data is stale, so flowlight cannot tell. It never shows green on data it could not read.',
});

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
    ? 'no reviews finished lately, so no expected wait'
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
      const when = f.nextLight && f.crossesInBusinessDays !== null
        ? `; turns ${f.nextLight} in about ${formatNumber(f.crossesInBusinessDays)} business days at this rate`
        : '';
      return `:chart_with_upwards_trend: Growing by ${formatNumber(Math.abs(f.netPerDay))} a day${when}.`;
    }
    default: {
      const _exhaustive: never = f;
      return String(_exhaustive);
    }
  }
}
