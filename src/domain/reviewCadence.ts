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
  const waits = unclaimedWaits(input);
  const waiting = waits.length;
  const overdue = waits.filter((hours) => hours >= limit).length;
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

/** Business hours waited by each PR awaiting review that nobody claimed and someone besides its author may review. */
function unclaimedWaits(input: ReviewCadenceInput): number[] {
  const hours = input.settings.workingHours;
  const claimed = new Set(input.claims.filter((claim) => isActive(claim, input)).map((claim) => `${claim.repo}#${claim.number}`));
  const waits: number[] = [];
  for (const item of input.queue) {
    if (item.queue !== 'awaiting_review') continue;
    if (claimed.has(`${item.facts.repo}#${item.facts.number}`)) continue;
    if (input.members.length > 0 && input.members.every((login) => sameLogin(login, item.facts.author))) continue;
    waits.push(item.awaitingReviewSince ? businessHoursBetween(item.awaitingReviewSince, input.now, hours) : 0);
  }
  return waits;
}

/** A claim holds for the team's claim hours, and ends once its claimer has reviewed the PR since claiming it. */
function isActive(claim: Claim, input: ReviewCadenceInput): boolean {
  if (businessHoursBetween(claim.claimedAt, input.now, input.settings.workingHours) >= input.settings.claimBusinessHours) return false;
  const item = input.queue.find((q) => q.facts.repo === claim.repo && q.facts.number === claim.number);
  if (!item) return false;
  return !item.facts.reviews.some((review) => sameLogin(review.author, claim.login) && review.state !== 'PENDING' && review.submittedAt.getTime() >= claim.claimedAt.getTime());
}
