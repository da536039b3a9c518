import { businessHoursBetween } from './businessHours.js';
import { countingReviews, hasAnyLabel, readyAt } from './reviews.js';
import type { Light, PullRequestFacts, WorkingHours } from './types.js';

// Did it help? Since the team first watched a repository ("after") against as long a stretch just
// before it ("before"), from the stored history. Waits and lead times are business hours. A PR's
// wait belongs to the side where it became ready for review; one still open and unreviewed counts
// with the wait it has so far (leaving it out would flatter a side whose PRs still wait).
// A lead time belongs to the side it was merged in. Hours in each light come from replaying each side
// (the replay core), passed in, so this stays a function of data.

/** Fewer PRs than this on either side: the comparison is not made ("too few PRs to compare"). */
export const MIN_PRS_PER_SIDE = 10;

/** The longest stretch compared on each side: the history read on `/flow watch` (12 weeks). */
export const MAX_COMPARED_WEEKS = 12;

/** Throughput "fell" when PRs merged per week dropped by more than this share. */
export const THROUGHPUT_TOLERANCE = 0.1;

const WEEK_MS = 7 * 86_400_000;

export interface Period {
  from: Date;
  to: Date;
}

export interface SideFigures {
  period: Period;
  /** PRs whose wait for a first review started on this side */
  waits: number;
  medianWaitHours: number | null;
  p90WaitHours: number | null;
  /** PRs merged on this side */
  merged: number;
  medianLeadTimeHours: number | null;
  p90LeadTimeHours: number | null;
  mergedPerWeek: number;
  /** business hours in each light, when the side was replayed */
  hoursInLights: Record<Light, number> | null;
}

export type Guardrail = 'held' | 'fell' | 'unknown';

export type BeforeAfter =
  | { kind: 'not_installed' }
  | { kind: 'too_soon'; installedAt: Date }
  | {
      kind: 'compared';
      installedAt: Date;
      before: SideFigures;
      after: SideFigures;
      /** whether enough PRs on both sides to say anything */
      enough: boolean;
      /** throughput guardrail: PRs merged per week did not fall */
      throughput: Guardrail;
    };

/** The two stretches compared: after = since installation (up to 12 weeks, the latest), before = as long, just before installation. */
export function comparedPeriods(installedAt: Date, now: Date): { before: Period; after: Period } | null {
  const length = Math.min(now.getTime() - installedAt.getTime(), MAX_COMPARED_WEEKS * WEEK_MS);
  if (length <= 0) return null;
  return {
    before: { from: new Date(installedAt.getTime() - length), to: installedAt },
    after: { from: new Date(now.getTime() - length), to: now },
  };
}

export interface BeforeAfterInput {
  pullRequests: readonly PullRequestFacts[];
  /** when the team first watched a repository; null: never */
  installedAt: Date | null;
  now: Date;
  hours: WorkingHours;
  skipLabels: readonly string[];
  /** hours in each light per side, from replaying it; absent when not replayed */
  hoursInLights?: { before: Record<Light, number>; after: Record<Light, number> } | null;
}

/** A day at least: less than one working day after installation there is nothing to compare. */
const MIN_AFTER_MS = 86_400_000;

export function compareBeforeAfter(input: BeforeAfterInput): BeforeAfter {
  if (!input.installedAt) return { kind: 'not_installed' };
  if (input.now.getTime() - input.installedAt.getTime() < MIN_AFTER_MS) return { kind: 'too_soon', installedAt: input.installedAt };
  const periods = comparedPeriods(input.installedAt, input.now)!;
  const counted = input.pullRequests.filter((pr) => !hasAnyLabel(pr.labels, input.skipLabels));
  const before = sideFigures(counted, periods.before, input, input.hoursInLights?.before ?? null);
  const after = sideFigures(counted, periods.after, input, input.hoursInLights?.after ?? null);
  const enough = Math.min(before.waits, after.waits, before.merged, after.merged) >= MIN_PRS_PER_SIDE;
  return { kind: 'compared', installedAt: input.installedAt, before, after, enough, throughput: throughputGuardrail(before, after) };
}

function sideFigures(pullRequests: readonly PullRequestFacts[], period: Period, input: BeforeAfterInput, hoursInLights: Record<Light, number> | null): SideFigures {
  const within = (at: Date) => at >= period.from && at < period.to;
  const waits: number[] = [];
  const leadTimes: number[] = [];
  for (const pr of pullRequests) {
    if (pr.isDraft && pr.state === 'OPEN') continue;
    const ready = readyAt(pr);
    if (within(ready)) {
      const wait = waitToFirstReview(pr, input.now, input.hours);
      if (wait !== null) waits.push(wait);
    }
    if (pr.mergedAt && within(pr.mergedAt)) leadTimes.push(businessHoursBetween(ready, pr.mergedAt, input.hours));
  }
  const weeks = (period.to.getTime() - period.from.getTime()) / WEEK_MS;
  return {
    period,
    waits: waits.length,
    medianWaitHours: quantile(waits, 0.5),
    p90WaitHours: quantile(waits, 0.9),
    merged: leadTimes.length,
    medianLeadTimeHours: quantile(leadTimes, 0.5),
    p90LeadTimeHours: quantile(leadTimes, 0.9),
    mergedPerWeek: leadTimes.length / weeks,
    hoursInLights,
  };
}

/**
 * Business hours from ready for review to the first review by someone else; still open and unreviewed:
 * the wait so far. Null for a PR closed or merged without a review (nobody was waited for).
 */
export function waitToFirstReview(pr: PullRequestFacts, now: Date, hours: WorkingHours): number | null {
  const ready = readyAt(pr);
  const firstReview = countingReviews(pr).find((r) => r.submittedAt >= ready)?.submittedAt ?? null;
  if (!firstReview && pr.state !== 'OPEN') return null;
  return businessHoursBetween(ready, firstReview && firstReview < now ? firstReview : now, hours);
}

function throughputGuardrail(before: SideFigures, after: SideFigures): Guardrail {
  if (before.merged < MIN_PRS_PER_SIDE || after.merged < MIN_PRS_PER_SIDE) return 'unknown';
  return after.mergedPerWeek >= before.mergedPerWeek * (1 - THROUGHPUT_TOLERANCE) ? 'held' : 'fell';
}

/** The nearest-rank quantile (a value some PR really had), null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
