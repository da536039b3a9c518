// Which review to pick up: weighted shortest job first (Reinertsen). Priority = cost of delay /
// review effort. Effort: changed lines at 400 an hour, at least 15 minutes. Cost of delay: one
// unit now plus one per business day waited, x2 when the person was requested directly (x1.5
// through a team), x the urgent multiplier for an urgent label, and +1 unit per open PR stacked
// on this one (its base branch is this PR's head branch), since each of those waits too.

import type { TeamSnapshot } from './assess.js';
import { businessDayHours, businessHoursBetween } from './businessHours.js';
import { formatBusinessDuration, formatEffort, formatNumber } from './format.js';
import { changedLines, hasAnyLabel, sameLogin } from './reviews.js';
import type { TeamSettings } from './settingsModel.js';
import type { PullRequestFacts, QueuedPullRequest } from './types.js';

export interface Claim {
  repo: string;
  number: number;
  login: string;
  claimedAt: Date;
}

export interface Suggestion {
  pr: QueuedPullRequest;
  priority: number;
  effortMinutes: number;
  waitBusinessHours: number;
  requested: 'direct' | 'team' | null;
  /** numbers of open PRs stacked on this one */
  blocks: number[];
  explanation: string;
}

export interface SuggestContext {
  claims: Claim[];
  openPullRequests: PullRequestFacts[];
  settings: TeamSettings;
  now: Date;
  /** teams the person is in ("slug" or "org/slug"), for the 1.5x of a team request */
  teamSlugs?: string[];
}

/** What suggestions need from a team's snapshot at `now`: its claims, its open PRs and its settings. */
export function suggestContextOf(snapshot: Pick<TeamSnapshot, 'claims' | 'pullRequests' | 'settings'>, now: Date): SuggestContext {
  return {
    claims: snapshot.claims,
    openPullRequests: snapshot.pullRequests.filter((pr) => pr.state === 'OPEN'),
    settings: snapshot.settings,
    now,
  };
}

const LINES_PER_HOUR = 400;
const MIN_EFFORT_MINUTES = 15;

/** The person's candidates, best first; [] when there is nothing for them. */
export function suggestFor(login: string, queue: QueuedPullRequest[], ctx: SuggestContext): Suggestion[] {
  const blocking = stackedOn(ctx.openPullRequests);
  const claimed = activeClaims(ctx);
  const suggestions: Suggestion[] = [];
  for (const pr of queue) {
    if (!isCandidate(login, pr, claimed)) continue;
    suggestions.push(scorePullRequest(pr, requestOf(login, pr, ctx.teamSlugs ?? []), blocking, ctx));
  }
  return suggestions.sort(byPriority);
}

export interface TopSuggestions {
  /** the first `limit` of the person's suggestions, best first */
  top: Suggestion[];
  /** how many suggestions the person has in all */
  total: number;
}

/**
 * suggestFor's first `limit` suggestions and its length, from the team's rankQueue instead of scoring
 * the whole queue again for each person: what is personal is only which PRs are theirs to take
 * (isCandidate) and the x2 / x1.5 of a request, so their order is the shared ranking filtered, merged
 * with their (few) requested PRs scored again. Equal to suggestFor (a property test holds it to that).
 */
export function suggestFromRanking(login: string, ranked: readonly Suggestion[], ctx: SuggestContext, limit: number): TopSuggestions {
  const claimed = activeClaims(ctx);
  const mine = teamSlugNames(ctx.teamSlugs ?? []);
  const plain: Suggestion[] = [];
  const requested: Suggestion[] = [];
  let total = 0;
  for (const suggestion of ranked) {
    if (!isCandidate(login, suggestion.pr, claimed)) continue;
    total += 1;
    const request = requestIn(login, suggestion.pr, mine);
    // The wait and the stacked PRs are the person-neutral score's; only the request factor differs.
    if (request) requested.push(scoreWith(suggestion.pr, request, suggestion.waitBusinessHours, suggestion.blocks, ctx.settings));
    else if (plain.length < limit) plain.push(suggestion);
  }
  requested.sort(byPriority);
  const top: Suggestion[] = [];
  let p = 0;
  let r = 0;
  while (top.length < limit && (p < plain.length || r < requested.length)) {
    const takeRequested = p >= plain.length || (r < requested.length && byPriority(requested[r]!, plain[p]!) < 0);
    top.push(takeRequested ? requested[r++]! : plain[p++]!);
  }
  return { top, total };
}

/** The person's suggestion for this one PR as suggestFor would score it, or null when it is not theirs to take. */
export function suggestionOf(login: string, pr: QueuedPullRequest, ctx: SuggestContext, claimed: ReadonlyMap<string, Claim> = activeClaims(ctx)): Suggestion | null {
  if (!isCandidate(login, pr, claimed)) return null;
  return scorePullRequest(pr, requestOf(login, pr, ctx.teamSlugs ?? []), stackedOn(ctx.openPullRequests), ctx);
}

/** A person-neutral score (nobody requested), for ordering the whole queue and swarm plans. */
export function rankQueue(queue: QueuedPullRequest[], ctx: SuggestContext): Suggestion[] {
  const blocking = stackedOn(ctx.openPullRequests);
  return queue
    .filter((pr) => pr.queue === 'awaiting_review')
    .map((pr) => scorePullRequest(pr, null, blocking, ctx))
    .sort(byPriority);
}

/** Higher priority first; ties go to the longer wait, then the older PR. */
export function byPriority(a: Suggestion, b: Suggestion): number {
  return b.priority - a.priority || b.waitBusinessHours - a.waitBusinessHours
    || a.pr.facts.repo.localeCompare(b.pr.facts.repo) || a.pr.facts.number - b.pr.facts.number;
}

/**
 * Awaiting review, not written by the person, not reviewed by them since the last commit, and
 * not claimed by someone else within the claim period.
 */
export function isCandidate(login: string, pr: QueuedPullRequest, claimed: ReadonlyMap<string, Claim>): boolean {
  if (pr.queue !== 'awaiting_review' || sameLogin(pr.facts.author, login)) return false;
  if (hasReviewedSinceLastCommit(login, pr.facts)) return false;
  if (claimed.size === 0) return true;
  const claim = claimed.get(pullRequestKey(pr.facts.repo, pr.facts.number));
  return !claim || sameLogin(claim.login, login);
}

export function hasReviewedSinceLastCommit(login: string, facts: PullRequestFacts): boolean {
  const lastCommit = facts.lastCommitAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return facts.reviews.some((review) => sameLogin(review.author, login) && review.state !== 'PENDING' && review.submittedAt.getTime() > lastCommit);
}

/** A PR's identity across flowlight: `owner/repo#123`, lower-cased (GitHub names ignore case); also a button's value. */
export const pullRequestKey = (repo: string, number: number): string => `${repo.toLowerCase()}#${number}`;

/** Claims in force (made by now, within the claim period) by PR key; a PR's latest claim is its claim. */
export function activeClaims(ctx: Pick<SuggestContext, 'claims' | 'settings' | 'now'>): Map<string, Claim> {
  const active = new Map<string, Claim>();
  for (const claim of ctx.claims) {
    if (!isActiveClaim(claim, ctx)) continue;
    const key = pullRequestKey(claim.repo, claim.number);
    const current = active.get(key);
    if (!current || current.claimedAt.getTime() < claim.claimedAt.getTime()) active.set(key, claim);
  }
  return active;
}

function isActiveClaim(claim: Claim, ctx: Pick<SuggestContext, 'settings' | 'now'>): boolean {
  return claim.claimedAt.getTime() <= ctx.now.getTime()
    && businessHoursBetween(claim.claimedAt, ctx.now, ctx.settings.workingHours) < ctx.settings.claimBusinessHours;
}

export function effortMinutesOf(facts: PullRequestFacts): number {
  return Math.max(MIN_EFFORT_MINUTES, (changedLines(facts) / LINES_PER_HOUR) * 60);
}

export function requestOf(login: string, pr: QueuedPullRequest, teamSlugs: readonly string[]): Suggestion['requested'] {
  return requestIn(login, pr, teamSlugNames(teamSlugs));
}

const teamSlugNames = (teamSlugs: readonly string[]): ReadonlySet<string> => new Set(teamSlugs.map(slugName));

function requestIn(login: string, pr: QueuedPullRequest, mine: ReadonlySet<string>): Suggestion['requested'] {
  const reviewers = pr.facts.pendingReviewers;
  if (reviewers.length === 0) return null;
  if (reviewers.some((reviewer) => reviewer.kind === 'user' && sameLogin(reviewer.login, login))) return 'direct';
  return reviewers.some((reviewer) => reviewer.kind === 'team' && mine.has(slugName(reviewer.slug))) ? 'team' : null;
}

const slugName = (slug: string) => slug.slice(slug.lastIndexOf('/') + 1).toLowerCase();
const stackKey = (repo: string, branch: string) => `${repo.toLowerCase()}\u0000${branch}`;

export type StackIndex = Map<string, number[]>;

/** repo + branch → numbers of open PRs whose base is that branch. */
export function stackedOn(open: PullRequestFacts[]): StackIndex {
  const byBase = new Map<string, number[]>();
  for (const facts of open) {
    if (facts.state !== 'OPEN') continue;
    const key = stackKey(facts.repo, facts.baseRef);
    const numbers = byBase.get(key);
    if (numbers) numbers.push(facts.number);
    else byBase.set(key, [facts.number]);
  }
  return byBase;
}

export function scorePullRequest(pr: QueuedPullRequest, requested: Suggestion['requested'], stacks: StackIndex, ctx: SuggestContext): Suggestion {
  const { settings, now } = ctx;
  const stacked = stacks.get(stackKey(pr.facts.repo, pr.facts.headRef)) ?? [];
  const waitBusinessHours = pr.awaitingReviewSince ? businessHoursBetween(pr.awaitingReviewSince, now, settings.workingHours) : 0;
  const blocks = stacked.filter((number) => number !== pr.facts.number).sort((a, b) => a - b);
  return scoreWith(pr, requested, waitBusinessHours, blocks, settings);
}

function scoreWith(pr: QueuedPullRequest, requested: Suggestion['requested'], waitBusinessHours: number, blocks: number[], settings: TeamSettings): Suggestion {
  const dayHours = businessDayHours(settings.workingHours);
  const urgent = hasAnyLabel(pr.facts.labels, settings.urgentLabels);
  const requestFactor = requested === 'direct' ? 2 : requested === 'team' ? 1.5 : 1;
  const costOfDelay = (1 + waitBusinessHours / dayHours) * requestFactor * (urgent ? settings.urgentMultiplier : 1) * (1 + blocks.length);
  const effortMinutes = effortMinutesOf(pr.facts);
  const lines = changedLines(pr.facts);
  const parts = [
    `waiting ${formatBusinessDuration(waitBusinessHours, dayHours)}`,
    `${formatNumber(lines, 0)} ${lines === 1 ? 'line' : 'lines'}, ${formatEffort(effortMinutes)}`,
  ];
  if (requested === 'direct') parts.push('you were requested');
  if (requested === 'team') parts.push('your team was requested');
  if (urgent) parts.push('urgent');
  if (blocks.length > 0) parts.push(`blocks ${blocks.map((number) => `#${number}`).join(', ')}`);
  return { pr, priority: costOfDelay / (effortMinutes / 60), effortMinutes, waitBusinessHours, requested, blocks, explanation: parts.join(' · ') };
}
