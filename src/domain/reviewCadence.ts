// What the light asks of people between and during their own work, decided from the review queue as the
// bot sees it (PRs awaiting review, who claimed what) and `now`. A fixed habit ("two reviews after each PR
// you open") reviews as much when the queue is empty as when it overflows; this asks for reviews only
// when one waits, and asks someone to break off their own work only when one has waited too long, so
// review effort follows the queue (bench/teamPolicy.ts measures both against fixed habits).

import { businessHoursBetween } from './businessHours.js';
import { sameLogin } from './reviews.js';
import type { TeamSettings } from './settingsModel.js';
import type { Claim, Light, QueuedPullRequest } from './types.js';

/** A review waiting longer than this share of the oldest-wait yellow level is overdue: someone breaks off for it. */
export const BREAK_OFF_SHARE_OF_YELLOW = 0.125;

export type ReviewAskKind =
  /** nothing waits that someone other than its author could review: build */
  | 'build'
  /** reviews wait: whoever finishes something (a PR opened, a review done) reviews before starting anything new */
  | 'review_first'
  /** and some have waited past the break-off limit: that many people stop what they build now and review */
  | 'break_off'
  /** red: everyone stops starting new work and swarms the queue */
  | 'swarm'
  /** grey: the data is stale, nothing to ask */
  | 'unknown';

export interface ReviewAsk {
  kind: ReviewAskKind;
  /** PRs awaiting review that nobody has an active claim on and someone besides the author may review */
  waiting: number;
  /** of those, the ones that waited at least breakOffAfterHours: how many people should break off */
  overdue: number;
  breakOffAfterHours: number;
}

export interface ReviewCadenceInput {
  light: Light;
  /** the assessment's queue (only PRs awaiting review count) */
  queue: readonly QueuedPullRequest[];
  claims: readonly Claim[];
  /** the team's GitHub logins; empty: unknown, so anyone but the author may review */
  members: readonly string[];
  settings: TeamSettings;
  now: Date;
}

export function breakOffAfterHours(settings: TeamSettings): number {
  return settings.rules.oldest_wait.yellow * BREAK_OFF_SHARE_OF_YELLOW;
}

export function reviewAsk(input: ReviewCadenceInput): ReviewAsk {
  const limit = breakOffAfterHours(input.settings);
  const since = unclaimedWaitStarts(input);
  const waiting = since.length;
  const overdue = countOverdue(since, limit, input);
  const ask = (kind: ReviewAskKind): ReviewAsk => ({ kind, waiting, overdue, breakOffAfterHours: limit });
  switch (input.light) {
    case 'grey':
      return ask('unknown');
    case 'red':
      return ask('swarm');
    case 'yellow':
    case 'green':
      if (waiting === 0) return ask('build');
      return ask(overdue > 0 ? 'break_off' : 'review_first');
    default: {
      const _exhaustive: never = input.light;
      return _exhaustive;
    }
  }
}

/**
 * When each PR awaiting review started waiting (ms), for those nobody claimed and someone besides the author may review.
 * Newest first.
 */
function unclaimedWaitStarts(input: ReviewCadenceInput): number[] {
  const live = liveClaims(input);
  const team = new Set(input.members.map((login) => login.toLowerCase()));
  const now = input.now.getTime();
  const starts: number[] = [];
  for (const item of input.queue) {
    if (item.queue !== 'awaiting_review') continue;
    if (live.size > 0 && isClaimed(item.facts, live)) continue;
    if (team.size === 1 && item.facts.author !== null && team.has(item.facts.author.toLowerCase())) continue;
    starts.push(Math.min(item.awaitingReviewSince?.getTime() ?? now, now));
  }
  return starts.sort((a, b) => b - a);
}

/**
 * How many waited at least `limit` business hours. A wait only grows the earlier it started, so a binary search over
 * the starts (newest first) finds the first overdue one with a handful of business-hour sums, not one per PR
 * (a team of 10,000 open PRs asks this on every `/flow status`).
 */
function countOverdue(startsNewestFirst: number[], limit: number, input: ReviewCadenceInput): number {
  const hours = input.settings.workingHours;
  let low = 0;
  let high = startsNewestFirst.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (businessHoursBetween(new Date(startsNewestFirst[mid]!), input.now, hours) >= limit) high = mid;
    else low = mid + 1;
  }
  return startsNewestFirst.length - low;
}

/** The claims still holding: for the team's claim hours, by repository and PR number (the queue is checked against them). */
function liveClaims(input: ReviewCadenceInput): Map<string, Map<number, Claim[]>> {
  const live = new Map<string, Map<number, Claim[]>>();
  for (const claim of input.claims) {
    if (businessHoursBetween(claim.claimedAt, input.now, input.settings.workingHours) >= input.settings.claimBusinessHours) continue;
    const numbers = live.get(claim.repo) ?? new Map<number, Claim[]>();
    live.set(claim.repo, numbers);
    numbers.set(claim.number, [...(numbers.get(claim.number) ?? []), claim]);
  }
  return live;
}

/** Someone claimed the PR and has not reviewed it since (a review ends its claimer's claim). */
function isClaimed(facts: QueuedPullRequest['facts'], live: Map<string, Map<number, Claim[]>>): boolean {
  const claims = live.get(facts.repo)?.get(facts.number);
  if (!claims) return false;
  return claims.some((claim) => !facts.reviews.some((review) => sameLogin(review.author, claim.login) && review.state !== 'PENDING' && review.submittedAt.getTime() >= claim.claimedAt.getTime()));
}
