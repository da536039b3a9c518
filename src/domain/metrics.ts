// The team's review-queue metrics at `now`: size, waits, rates and Little's Law.

import { businessHoursBetween, startOfTrailingBusinessDays } from './businessHours.js';
import { forecastQueue, type Forecast } from './forecast.js';
import { largestArrivalBurst } from './arrivalBurst.js';
import { queueBusyShare } from './queueBusyShare.js';
import { queueHistory } from './queueHistory.js';
import { changedLines, isCountingReview } from './reviews.js';
import type { TeamSettings } from './settingsModel.js';
import type { PullRequestFacts, QueuedPullRequest, QueueTransition } from './types.js';

export type { Forecast } from './forecast.js';

/** Trailing window for rates and for inferring reviewers (DESIGN.md). */
export const TRAILING_BUSINESS_DAYS = 10;
/** Fewer PRs reviewed than this in the window is too little history for a rate (and Little's Law). */
export const MIN_REVIEWS_FOR_RATES = 5;
/** The levels are set for a team of about six: the oldest-wait rule reads one PR per this many reviewers. */
export const REVIEWERS_PER_WAIT_RANK = 6;

/** What the light is based on, for `/flow status` and the digest. */
export interface LightBasis {
  reviewersFrom: 'linked' | 'override' | 'recent_reviews' | 'unknown';
  /** PRs that left "awaiting review" in the trailing window */
  reviewsInWindow: number;
  /** false: too few reviews for rates, so no expected wait and no forecast */
  enoughHistory: boolean;
  /** the oldest-wait rule reads the waitRank-th oldest PR */
  waitRank: number;
}

export interface TeamMetrics {
  awaitingReview: number;
  awaitingAuthor: number;
  approved: number;
  linesAwaitingReview: number;
  oldestWaitBusinessHours: number;
  medianWaitBusinessHours: number;
  /** team members, or the distinct non-bot reviewers of the trailing window; at least 1 */
  reviewers: number;
  /** PRs leaving "awaiting review" per business day, trailing window */
  throughputPerDay: number;
  /** PRs entering it, same window */
  arrivalsPerDay: number;
  /**
   * the share of the window's business time with at least one PR awaiting review (queueBusyShare.ts);
   * measured only when the queue grows and there is history enough for rates (the forecast reads it)
   */
  busyShare?: number;
  /** the most PRs that entered the queue within an hour of each other in the window (arrivalBurst.ts); measured with busyShare */
  largestBurst?: number;
  /** queue / throughput (Little's Law); null when throughput is 0 or too little history */
  expectedWaitBusinessDays: number | null;
  /** wait of the waitRank-th oldest PR awaiting review (0 when fewer are waiting) */
  rankedWaitBusinessHours: number;
  waitRank: number;
  reviewersKnown: boolean;
  /** some PR awaiting review has a team member other than its author to review it */
  anyoneToSwarm: boolean;
  basis: LightBasis;
  forecast: Forecast;
}

export interface MetricsOptions {
  /** a fixed reviewer count (CLI --reviewers N), over members and inference */
  reviewersOverride?: number;
}

/**
 * `queue`: the open PRs of `history`, every one, classified. `history`: every stored PR (open and recently closed),
 * whose reconstructed queue transitions give throughput and arrivals.
 */
export function computeMetrics(
  queue: QueuedPullRequest[],
  history: PullRequestFacts[],
  members: string[],
  settings: TeamSettings,
  now: Date,
  options: MetricsOptions = {},
): TeamMetrics {
  const hours = settings.workingHours;
  const waits: number[] = [];
  let awaitingAuthor = 0;
  let approved = 0;
  let linesAwaitingReview = 0;
  for (const item of queue) {
    if (item.queue === 'awaiting_review') {
      linesAwaitingReview += changedLines(item.facts);
      waits.push(item.awaitingReviewSince ? businessHoursBetween(item.awaitingReviewSince, now, hours) : 0);
    } else if (item.queue === 'awaiting_author') awaitingAuthor += 1;
    else if (item.queue === 'approved') approved += 1;
  }
  waits.sort((a, b) => a - b);

  const windowStart = startOfTrailingBusinessDays(now, TRAILING_BUSINESS_DAYS, hours).getTime();
  let entered = 0;
  let left = 0;
  const transitionsSeen: Array<readonly QueueTransition[]> = [];
  const count = (transitions: readonly QueueTransition[]) => {
    transitionsSeen.push(transitions);
    for (const transition of transitions) {
      const at = transition.at.getTime();
      if (at < windowStart || at > now.getTime()) continue;
      if (transition.kind === 'entered') entered += 1;
      else left += 1;
    }
  };
  // The open PRs are the queue's, already classified; the rest of the history is closed.
  for (const item of queue) count(queueHistory(item.facts, settings.skipLabels, item));
  for (const facts of history) if (facts.state !== 'OPEN') count(queueHistory(facts, settings.skipLabels));
  const throughputPerDay = left / TRAILING_BUSINESS_DAYS;
  const arrivalsPerDay = entered / TRAILING_BUSINESS_DAYS;
  const counted = countReviewers(history, members, windowStart, now, options.reviewersOverride);
  const reviewers = Math.max(1, counted.count);
  const awaitingReview = waits.length;
  const enoughHistory = left >= MIN_REVIEWS_FOR_RATES;
  const waitRank = Math.max(1, Math.ceil(reviewers / REVIEWERS_PER_WAIT_RANK));
  const linked = new Set(members.map((login) => login.trim().toLowerCase()).filter(Boolean));
  const anyoneToSwarm = linked.size === 0
    || queue.some((item) => item.queue === 'awaiting_review' && [...linked].some((login) => login !== (item.facts.author ?? '').toLowerCase()));
  // Read by the forecast only, which forecasts only a growing queue with history enough for rates.
  const forecastable = entered > left && enoughHistory;
  const busyShare = forecastable ? queueBusyShare(transitionsSeen.flat(), new Date(windowStart), now, hours) : undefined;
  const largestBurst = forecastable ? largestArrivalBurst(transitionsSeen.flat(), new Date(windowStart), now) : undefined;
  const base = {
    busyShare,
    largestBurst,
    awaitingReview,
    awaitingAuthor,
    approved,
    linesAwaitingReview,
    oldestWaitBusinessHours: waits[waits.length - 1] ?? 0,
    medianWaitBusinessHours: median(waits),
    reviewers,
    throughputPerDay,
    arrivalsPerDay,
    expectedWaitBusinessDays: throughputPerDay > 0 && enoughHistory ? awaitingReview / throughputPerDay : null,
    rankedWaitBusinessHours: waits[waits.length - waitRank] ?? 0,
    waitRank,
    reviewersKnown: counted.from !== 'unknown',
    anyoneToSwarm,
    basis: { reviewersFrom: counted.from, reviewsInWindow: left, enoughHistory, waitRank },
  };
  return { ...base, forecast: forecastQueue({ ...base, windowBusinessDays: TRAILING_BUSINESS_DAYS, enoughHistory }, settings, now) };
}

const isBot = (login: string) => login.toLowerCase().endsWith('[bot]');

function countReviewers(history: PullRequestFacts[], members: string[], windowStartMs: number, now: Date, override?: number): { count: number; from: LightBasis['reviewersFrom'] } {
  if (override !== undefined && Number.isFinite(override) && override > 0) return { count: override, from: 'override' };
  const named = new Set(members.map((login) => login.trim().toLowerCase()).filter(Boolean));
  if (named.size > 0) return { count: named.size, from: 'linked' };
  const recent = new Set<string>();
  for (const facts of history) {
    for (const review of facts.reviews) {
      const at = review.submittedAt.getTime();
      if (review.author === null || isBot(review.author) || at < windowStartMs || at > now.getTime()) continue;
      if (isCountingReview(review, facts.author)) recent.add(review.author.toLowerCase());
    }
  }
  return recent.size > 0 ? { count: recent.size, from: 'recent_reviews' } : { count: 0, from: 'unknown' };
}

function median(sorted: number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
