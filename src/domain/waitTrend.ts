import { quantile, waitToFirstReview, type Period } from './beforeAfter.js';
import { hasAnyLabel, readyAt } from './reviews.js';
import type { PullRequestFacts, WorkingHours } from './types.js';

// The wait trend for the report's picture: the median wait to a first review of the PRs that became
// ready in each week, before and after installation, weeks counted back from each side's end.

export interface WeekOfWaits {
  side: 'before' | 'after';
  /** the week's first moment */
  from: Date;
  medianWaitHours: number | null;
  prs: number;
}

const WEEK_MS = 7 * 86_400_000;

export function weeklyWaits(pullRequests: readonly PullRequestFacts[], periods: { before: Period; after: Period }, now: Date, hours: WorkingHours, skipLabels: readonly string[]): WeekOfWaits[] {
  const counted = pullRequests.filter((pr) => !hasAnyLabel(pr.labels, skipLabels));
  return (['before', 'after'] as const).flatMap((side) => {
    const { from, to } = periods[side];
    // Whole weeks back from the side's end; the first one also takes whatever part of a week is left.
    const weeks = Math.max(1, Math.round((to.getTime() - from.getTime()) / WEEK_MS));
    return Array.from({ length: weeks }, (_, i) => {
      const start = i === 0 ? from : new Date(to.getTime() - (weeks - i) * WEEK_MS);
      const end = new Date(to.getTime() - (weeks - i - 1) * WEEK_MS);
      const waits = counted
        .filter((pr) => readyAt(pr) >= start && readyAt(pr) < end)
        .map((pr) => waitToFirstReview(pr, now, hours))
        .filter((w): w is number => w !== null);
      return { side, from: start, medianWaitHours: quantile(waits, 0.5), prs: waits.length };
    });
  });
}
