import { formatElapsed, formatNumber } from './format.js';

// Whether a request to GitHub may go now, from what flowlight knows of its budgets: the primary
// limit GitHub reports on every answer (points left per resource until the hour resets) and the
// secondary limits it documents (900 REST / 2,000 GraphQL points a minute, 100 requests in flight).
// Waiting here costs a few seconds; a refusal from GitHub costs the read, and repeated refusals can
// get the token banned. So the pacer asks before every request and waits when this says so.

export type BudgetLane = 'rest' | 'graphql';

export interface SecondaryAllowance {
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
  concurrent: number;
}

export const GITHUB_SECONDARY_ALLOWANCE: SecondaryAllowance = { restPointsPerMinute: 900, graphqlPointsPerMinute: 2000, concurrent: 100 };

export const SECONDARY_WINDOW_MS = 60_000;

/** Points a request spent, and when. */
export interface Spend {
  at: Date;
  points: number;
}

/** The primary window of one resource as GitHub last reported it. */
export interface PrimaryWindow {
  limit: number;
  remaining: number;
  resetAt: Date;
}

export interface BudgetState {
  /** what each lane spent, oldest first (older than a minute may be left in: it no longer counts) */
  spent: Record<BudgetLane, readonly Spend[]>;
  inFlight: number;
  /** GitHub refused this lane (secondary limit) and asked to wait until then */
  refusedUntil: Record<BudgetLane, Date | null>;
  /** the primary window of the resource the request draws on, if GitHub has reported it yet */
  primary: PrimaryWindow | null;
}

export type WaitReason = 'minute' | 'refused' | 'primary';

export type PaceDecision =
  | { kind: 'go' }
  /** try again at `until` */
  | { kind: 'wait'; until: Date; reason: WaitReason }
  /** try again when a request in flight is answered */
  | { kind: 'wait-for-answer' };

/** Points a request costs against the secondary limit: reads and GraphQL queries 1, writes and mutations 5 (GitHub's rule). */
export function requestPoints(lane: BudgetLane, method: string, graphqlMutation: boolean): number {
  switch (lane) {
    case 'graphql':
      return graphqlMutation ? 5 : 1;
    case 'rest':
      return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 1 : 5;
    default: {
      const _exhaustive: never = lane;
      return _exhaustive;
    }
  }
}

export function minuteAllowance(lane: BudgetLane, allowance: SecondaryAllowance): number {
  return lane === 'rest' ? allowance.restPointsPerMinute : allowance.graphqlPointsPerMinute;
}

/** The spends that still count at `now`: those less than a minute old. */
export function withinMinute(spent: readonly Spend[], now: Date): Spend[] {
  return spent.filter((s) => s.at.getTime() > now.getTime() - SECONDARY_WINDOW_MS);
}

export function pointsThisMinute(spent: readonly Spend[], now: Date): number {
  return withinMinute(spent, now).reduce((sum, s) => sum + s.points, 0);
}

/**
 * Go, or wait: for GitHub's asked-for retry-after, for the primary window to reset when it has fewer
 * points left than this request costs, for a request in flight to end when 100 are, or for enough of
 * this minute's points to age out. A poll that plans more than a minute's points thus continues in
 * the next minute instead of being refused.
 */
export function paceRequest(request: { lane: BudgetLane; points: number }, state: BudgetState, allowance: SecondaryAllowance, now: Date): PaceDecision {
  const refused = state.refusedUntil[request.lane];
  if (refused && refused.getTime() > now.getTime()) return { kind: 'wait', until: refused, reason: 'refused' };
  const primary = state.primary;
  if (primary && primary.remaining < request.points && primary.resetAt.getTime() > now.getTime()) return { kind: 'wait', until: primary.resetAt, reason: 'primary' };
  if (state.inFlight >= allowance.concurrent) return { kind: 'wait-for-answer' };
  const counting = withinMinute(state.spent[request.lane], now);
  const limit = minuteAllowance(request.lane, allowance);
  let used = counting.reduce((sum, s) => sum + s.points, 0);
  if (used + request.points <= limit) return { kind: 'go' };
  // Wait until the oldest spends have aged out far enough for this request to fit.
  for (const spend of counting) {
    used -= spend.points;
    if (used + request.points <= limit) return { kind: 'wait', until: new Date(spend.at.getTime() + SECONDARY_WINDOW_MS), reason: 'minute' };
  }
  // A single request dearer than a whole minute's allowance: it goes alone, once the minute is empty.
  const last = counting[counting.length - 1];
  return last ? { kind: 'wait', until: new Date(last.at.getTime() + SECONDARY_WINDOW_MS), reason: 'minute' } : { kind: 'go' };
}

/** What `/flow status` shows of the budget (the tracker's snapshot has this shape and more). */
export interface GitHubBudgetView {
  primary: Partial<Record<'core' | 'graphql' | 'search', PrimaryWindow>>;
  thisMinute: Record<BudgetLane, number>;
  allowance: SecondaryAllowance;
}

/**
 * "GitHub budget: 4,990 of 5,000 REST and 4,870 of 5,000 GraphQL points left this hour (resets in 23 min);
 * this minute 12 of 900 REST and 3 of 2,000 GraphQL points." A window already reset counts as full.
 */
export function describeGitHubBudget(view: GitHubBudgetView, now: Date): string {
  const windows = (['core', 'graphql'] as const).flatMap((resource) => {
    const w = view.primary[resource];
    if (!w) return [];
    const reset = w.resetAt.getTime() <= now.getTime();
    return [{ name: resource === 'core' ? 'REST' : 'GraphQL', limit: w.limit, remaining: reset ? w.limit : w.remaining, resetAt: reset ? null : w.resetAt }];
  });
  const minute = `this minute ${formatNumber(view.thisMinute.rest, 0)} of ${formatNumber(view.allowance.restPointsPerMinute, 0)} REST and ${formatNumber(view.thisMinute.graphql, 0)} of ${formatNumber(view.allowance.graphqlPointsPerMinute, 0)} GraphQL points`;
  if (windows.length === 0) return `GitHub budget: not known until the first read; ${minute}.`;
  const left = windows.map((w) => `${formatNumber(w.remaining, 0)} of ${formatNumber(w.limit, 0)} ${w.name}`).join(' and ');
  const resets = windows.flatMap((w) => (w.resetAt ? [w.resetAt.getTime()] : []));
  const resetText = resets.length > 0 ? ` (resets in ${formatElapsed(Math.min(...resets) - now.getTime())})` : '';
  return `GitHub budget: ${left} points left this hour${resetText}; ${minute}.`;
}
