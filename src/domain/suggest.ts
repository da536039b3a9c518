// Which review to pick up: weighted shortest job first (Reinertsen). Priority = cost of delay /
// review effort. Effort: changed lines at 400 an hour, at least 15 minutes. Cost of delay: one
// unit now plus one per business day waited in all (every round it spent waiting for review, so a
// PR bounced back and forth does not rank as fresh), x2 when the person was requested directly
// (x1.5 through a team they are in), x the urgent multiplier for an urgent label, and +1 unit per
// open PR stacked on this one (its base branch is this PR's head branch), since each of those waits too.
// While the team is red, a PR that became ready after the light turned red ranks after every PR
// that was waiting before: opening new work must not jump the swarm's queue.

import { businessDayHours, businessHoursBetween } from './businessHours.js';
import { formatBusinessDuration, formatEffort, formatNumber } from './format.js';
import { changedLines, hasAnyLabel, sameLogin } from './reviews.js';
import type { TeamSettings } from './settingsModel.js';
import { readyAt } from './reviews.js';
import type { Claim, GitHubTeams, PullRequestFacts, QueuedPullRequest, TeamSnapshot } from './types.js';
import { earlierRoundsBusinessHours } from './waitRounds.js';

export interface Suggestion {
  pr: QueuedPullRequest;
  priority: number;
  effortMinutes: number;
  /** this round: since the PR last entered "awaiting review" */
  waitBusinessHours: number;
  /** every round it waited for review, this one included: what ranking weighs */
  totalWaitBusinessHours: number;
  requested: 'direct' | 'team' | null;
  /** the requested team (`org/slug`) the person is in, when `requested` is 'team' */
  requestedVia: string | null;
  /** became ready for review after the team went red: ranks after the PRs waiting before */
  openedWhileRed: boolean;
  /** numbers of open PRs stacked on this one */
  blocks: number[];
  explanation: string;
}

export interface SuggestContext {
  claims: Claim[];
  openPullRequests: PullRequestFacts[];
  settings: TeamSettings;
  now: Date;
  /** members of the GitHub teams requested on the PRs, for the 1.5x of a team request; absent: unknown */
  githubTeams?: GitHubTeams;
  /** when the light turned red, while it is red; null or absent otherwise */
  redSince?: Date | null;
}

/** What suggestions need from a team's snapshot at `now`: its claims, its open PRs and its settings. */
export function suggestContextOf(snapshot: Pick<TeamSnapshot, 'claims' | 'pullRequests' | 'settings' | 'previous' | 'githubTeams'>, now: Date): SuggestContext {
  return {
    claims: snapshot.claims,
    openPullRequests: snapshot.pullRequests.filter((pr) => pr.state === 'OPEN'),
    settings: snapshot.settings,
    now,
    githubTeams: snapshot.githubTeams,
    redSince: snapshot.previous?.light === 'red' ? snapshot.previous.since : null,
  };
}

const LINES_PER_HOUR = 400;
const MIN_EFFORT_MINUTES = 15;

/**
 * The team's awaiting-review PRs scored for nobody in particular, best first (claimed PRs included),
 * with what personal suggestions need: built once per team view, then read by nextReviews for each
 * person and by the swarm plan. A person's suggestions differ from it only in which PRs are theirs
 * to take and in the x2 / x1.5 of a request, so they are this list filtered and a few PRs re-scored.
 */
export interface Ranking {
  readonly queue: readonly Suggestion[];
  /** pullRequestKey of each entry of `queue`, same order */
  readonly keys: readonly string[];
  /** claims in force, by PR key */
  readonly claims: ReadonlyMap<string, Claim>;
  readonly context: SuggestContext;
}

/** Ranks the queue's PRs awaiting review for nobody in particular. */
export function rankQueue(queue: readonly QueuedPullRequest[], ctx: SuggestContext): Ranking {
  const blocking = stackedOn(ctx.openPullRequests);
  const ranked: Suggestion[] = [];
  for (const pr of queue) if (pr.queue === 'awaiting_review') ranked.push(scorePullRequest(pr, blocking, ctx));
  ranked.sort(byPriority);
  return { queue: ranked, keys: ranked.map((s) => pullRequestKey(s.pr.facts.repo, s.pr.facts.number)), claims: activeClaims(ctx), context: ctx };
}

/** A ranked (person-neutral) suggestion scored for a person with this request: the waits and stacked PRs stay the ranking's. */
export function scoredFor(ranked: Suggestion, request: RequestOfPerson, settings: TeamSettings): Suggestion {
  if (request.requested === null && ranked.requested === null) return ranked;
  return scoreWith(ranked.pr, request, ranked, ranked.blocks, ranked.openedWhileRed, settings);
}

/** PRs waiting since before the team went red first; then higher priority; ties go to the longer wait, then the older PR. */
export function byPriority(a: Suggestion, b: Suggestion): number {
  return Number(a.openedWhileRed) - Number(b.openedWhileRed)
    || b.priority - a.priority || b.totalWaitBusinessHours - a.totalWaitBusinessHours || b.waitBusinessHours - a.waitBusinessHours
    || a.pr.facts.repo.localeCompare(b.pr.facts.repo) || a.pr.facts.number - b.pr.facts.number;
}

/**
 * Awaiting review, not written by the person, not reviewed by them since the last commit, and
 * not claimed by someone else within the claim period.
 */
export function isCandidate(login: string, pr: QueuedPullRequest, claimed: ReadonlyMap<string, Claim>, key?: string): boolean {
  if (pr.queue !== 'awaiting_review' || sameLogin(pr.facts.author, login)) return false;
  if (hasReviewedSinceLastCommit(login, pr.facts)) return false;
  if (claimed.size === 0) return true;
  const claim = claimed.get(key ?? pullRequestKey(pr.facts.repo, pr.facts.number));
  return !claim || sameLogin(claim.login, login);
}

export function hasReviewedSinceLastCommit(login: string, facts: PullRequestFacts): boolean {
  if (facts.reviews.length === 0) return false;
  const lastCommit = facts.lastCommitAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return facts.reviews.some((review) => sameLogin(review.author, login) && review.state !== 'PENDING' && review.submittedAt.getTime() > lastCommit);
}

/** A PR's identity across flowlight: `owner/repo#123`, lower-cased (GitHub names ignore case); also a button's value. */
export const pullRequestKey = (repo: string, number: number): string => `${repo.toLowerCase()}#${number}`;

/**
 * Claims in force (made by now, within the claim period, not yet answered by the claimer's review)
 * by PR key; a PR's latest claim is its claim. A review releases the claim: the PR is free for the
 * next reviewer as soon as the review lands, not when the claim period runs out.
 */
export function activeClaims(ctx: Pick<SuggestContext, 'claims' | 'settings' | 'now'> & Partial<Pick<SuggestContext, 'openPullRequests'>>): Map<string, Claim> {
  const active = new Map<string, Claim>();
  if (ctx.claims.length === 0) return active;
  const open = new Map((ctx.openPullRequests ?? []).map((facts) => [pullRequestKey(facts.repo, facts.number), facts]));
  for (const claim of ctx.claims) {
    if (!isActiveClaim(claim, ctx)) continue;
    const key = pullRequestKey(claim.repo, claim.number);
    const facts = open.get(key);
    if (facts && reviewedSinceClaim(claim, facts)) continue;
    const current = active.get(key);
    if (!current || current.claimedAt.getTime() < claim.claimedAt.getTime()) active.set(key, claim);
  }
  return active;
}

function reviewedSinceClaim(claim: Claim, facts: PullRequestFacts): boolean {
  return facts.reviews.some((review) => sameLogin(review.author, claim.login) && review.state !== 'PENDING' && review.submittedAt.getTime() >= claim.claimedAt.getTime());
}

function isActiveClaim(claim: Claim, ctx: Pick<SuggestContext, 'settings' | 'now'>): boolean {
  return claim.claimedAt.getTime() <= ctx.now.getTime()
    && businessHoursBetween(claim.claimedAt, ctx.now, ctx.settings.workingHours) < ctx.settings.claimBusinessHours;
}

export function effortMinutesOf(facts: PullRequestFacts): number {
  return Math.max(MIN_EFFORT_MINUTES, (changedLines(facts) / LINES_PER_HOUR) * 60);
}

export interface RequestOfPerson {
  requested: Suggestion['requested'];
  via: string | null;
}

const NOT_REQUESTED: RequestOfPerson = { requested: null, via: null };

/** Whether the person was asked for this review: by name, or through a requested team they are in. */
export function requestOf(login: string, pr: QueuedPullRequest, teams: GitHubTeams | undefined): RequestOfPerson {
  const reviewers = pr.facts.pendingReviewers;
  if (reviewers.length === 0) return NOT_REQUESTED;
  if (reviewers.some((reviewer) => reviewer.kind === 'user' && sameLogin(reviewer.login, login))) return { requested: 'direct', via: null };
  if (!teams || teams.size === 0) return NOT_REQUESTED;
  const me = login.toLowerCase();
  for (const reviewer of reviewers) {
    if (reviewer.kind === 'team' && teams.get(reviewer.slug.toLowerCase())?.has(me)) return { requested: 'team', via: reviewer.slug };
  }
  return NOT_REQUESTED;
}
const stackKey = (repo: string, branch: string) => `${repo.toLowerCase()}\u0000${branch}`;

type StackIndex = Map<string, number[]>;

/** repo + branch → numbers of open PRs whose base is that branch. */
function stackedOn(open: PullRequestFacts[]): StackIndex {
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

function scorePullRequest(pr: QueuedPullRequest, stacks: StackIndex, ctx: SuggestContext): Suggestion {
  const { settings, now } = ctx;
  const stacked = stacks.get(stackKey(pr.facts.repo, pr.facts.headRef)) ?? [];
  const waitBusinessHours = pr.awaitingReviewSince ? businessHoursBetween(pr.awaitingReviewSince, now, settings.workingHours) : 0;
  const totalWaitBusinessHours = waitBusinessHours + earlierRoundsBusinessHours(pr, settings.workingHours);
  const blocks = stacked.filter((number) => number !== pr.facts.number).sort((a, b) => a - b);
  const openedWhileRed = ctx.redSince != null && readyAt(pr.facts).getTime() >= ctx.redSince.getTime();
  return scoreWith(pr, NOT_REQUESTED, { waitBusinessHours, totalWaitBusinessHours }, blocks, openedWhileRed, settings);
}

type Waits = Pick<Suggestion, 'waitBusinessHours' | 'totalWaitBusinessHours'>;

function scoreWith(pr: QueuedPullRequest, request: RequestOfPerson, waits: Waits, blocks: number[], openedWhileRed: boolean, settings: TeamSettings): Suggestion {
  const { requested, via } = request;
  const { waitBusinessHours, totalWaitBusinessHours } = waits;
  const dayHours = businessDayHours(settings.workingHours);
  const urgent = hasAnyLabel(pr.facts.labels, settings.urgentLabels);
  const requestFactor = requested === 'direct' ? 2 : requested === 'team' ? 1.5 : 1;
  const costOfDelay = (1 + totalWaitBusinessHours / dayHours) * requestFactor * (urgent ? settings.urgentMultiplier : 1) * (1 + blocks.length);
  const effortMinutes = effortMinutesOf(pr.facts);
  const lines = changedLines(pr.facts);
  const thisRound = formatBusinessDuration(waitBusinessHours, dayHours);
  const inAll = formatBusinessDuration(totalWaitBusinessHours, dayHours);
  const parts = [
    inAll === thisRound ? `waiting ${thisRound}` : `waiting ${thisRound} this round, ${inAll} in all`,
    `${formatNumber(lines, 0)} ${lines === 1 ? 'line' : 'lines'}, ${formatEffort(effortMinutes)}`,
  ];
  if (requested === 'direct') parts.push('you were requested');
  if (requested === 'team') parts.push(`you were requested (via @${via})`);
  if (urgent) parts.push('urgent');
  if (blocks.length > 0) parts.push(`blocks ${blocks.map((number) => `#${number}`).join(', ')}`);
  if (openedWhileRed) parts.push('opened while the team swarms');
  return {
    pr, priority: costOfDelay / (effortMinutes / 60), effortMinutes, waitBusinessHours, totalWaitBusinessHours,
    requested, requestedVia: requested === 'team' ? via : null, openedWhileRed, blocks, explanation: parts.join(' · '),
  };
}
