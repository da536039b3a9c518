import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { nextReviewsFor, nextReviewsFromRanking } from '../../src/domain/nextReviews.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { rankQueue, suggestFor, suggestFromRanking, type SuggestContext } from '../../src/domain/suggest.js';
import { swarmPlan } from '../../src/domain/swarm.js';
import type { Claim, GitHubTeams, PendingReviewer, PullRequestFacts, ReviewState } from '../../src/domain/types.js';
import { pullRequest } from './builders.js';

// The per-person suggestions /flow keeps are computed from the team's shared ranking; they must be
// exactly what scoring the whole queue for that person gives, order, scores and texts included.

const now = new Date('2026-11-25T13:00:00Z');
const HOUR = 3_600_000;
const logins = ['alice', 'Bob', 'bob', 'carol', 'dave'];
const repos = ['acme/api', 'acme/web', 'Acme/Docs'];

const reviewerArb: fc.Arbitrary<PendingReviewer> = fc.oneof(
  fc.constantFrom(...logins).map((login) => ({ kind: 'user' as const, login })),
  fc.constantFrom('acme/core', 'acme/web-team', 'Acme/Ops').map((slug) => ({ kind: 'team' as const, slug })),
);

const prArb = (number: number) => fc.record({
  repo: fc.constantFrom(...repos),
  author: fc.constantFrom(...logins),
  // few distinct values, so ties in priority (broken by wait, repo, number) are common
  hoursAgo: fc.constantFrom(1, 5, 30, 100),
  lines: fc.constantFrom(0, 100, 100, 2000),
  state: fc.constantFrom('OPEN', 'OPEN', 'OPEN', 'MERGED'),
  isDraft: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  reviews: fc.array(fc.record({
    author: fc.constantFrom(...logins),
    state: fc.constantFrom<ReviewState>('APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'PENDING'),
    hoursAgo: fc.constantFrom(0, 2, 50),
  }), { maxLength: 2 }),
  requested: fc.array(reviewerArb, { maxLength: 2 }),
  labels: fc.subarray(['hotfix', 'wip']),
  stackedOn: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
}).map((p): PullRequestFacts => {
  const createdAt = new Date(now.getTime() - p.hoursAgo * HOUR);
  return pullRequest({
    repo: p.repo, number, author: p.author, createdAt, lastCommitAt: createdAt, additions: p.lines, deletions: 0,
    state: p.state as PullRequestFacts['state'], isDraft: p.isDraft,
    mergedAt: p.state === 'MERGED' ? now : null, closedAt: p.state === 'OPEN' ? null : now,
    reviews: p.reviews.map((r, i) => ({ id: `${number}-${i}`, author: r.author, state: r.state, submittedAt: new Date(now.getTime() - Math.min(r.hoursAgo, p.hoursAgo) * HOUR) })),
    pendingReviewers: p.requested, labels: p.labels, baseRef: p.stackedOn ? `feature-${p.stackedOn}` : 'main',
  });
});

const prsArb = fc.integer({ min: 0, max: 30 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => prArb(i + 1))));
const claimsArb = fc.array(fc.record({
  repo: fc.constantFrom(...repos),
  number: fc.integer({ min: 1, max: 30 }),
  login: fc.constantFrom(...logins),
  claimedAt: fc.constantFrom(1, 3, 200).map((h) => new Date(now.getTime() - h * HOUR)),
}), { maxLength: 6 });
const githubTeamsArb = fc.option(
  fc.dictionary(fc.constantFrom('acme/core', 'acme/web-team', 'acme/ops'), fc.subarray([...logins, 'erin']), { maxKeys: 3 })
    .map((teams): GitHubTeams => new Map(Object.entries(teams).map(([slug, members]) => [slug, new Set(members.map((m) => m.toLowerCase()))]))),
  { nil: undefined },
);

const contextOf = (prs: PullRequestFacts[], claims: Claim[], githubTeams: GitHubTeams | undefined): SuggestContext => ({
  claims, openPullRequests: prs.filter((pr) => pr.state === 'OPEN'), settings: { ...DEFAULT_SETTINGS, urgentLabels: ['hotfix'] }, now, githubTeams,
});

describe('suggestions from the shared ranking', () => {
  it('equal suggestFor for the same person: same PRs, order, scores and explanations, and the same count', () => {
    const redSinceArb = fc.option(fc.constantFrom(3, 30).map((h) => new Date(now.getTime() - h * HOUR)), { nil: null });
    fc.assert(fc.property(prsArb, claimsArb, githubTeamsArb, redSinceArb, fc.constantFrom(...logins, 'erin'), fc.integer({ min: 0, max: 12 }), (prs, claims, githubTeams, redSince, login, limit) => {
      const ctx = { ...contextOf(prs, claims, githubTeams), redSince };
      const queue = classifyOpen(prs, DEFAULT_SETTINGS.skipLabels);
      const full = suggestFor(login, queue, ctx);
      const fromRanking = suggestFromRanking(login, rankQueue(queue, ctx), ctx, limit);
      expect(fromRanking.total).toBe(full.length);
      expect(fromRanking.top).toEqual(full.slice(0, limit));
    }), { numRuns: 500 });
  });

  it('equal nextReviewsFor while swarming: the plan line first, then the rest in order', () => {
    fc.assert(fc.property(prsArb, claimsArb, fc.subarray(logins, { minLength: 1 }), fc.constantFrom(...logins), fc.integer({ min: 1, max: 8 }), (prs, claims, reviewers, login, limit) => {
      const ctx = contextOf(prs, claims, undefined);
      const queue = classifyOpen(prs, DEFAULT_SETTINGS.skipLabels);
      const plan = swarmPlan(reviewers, queue, ctx);
      const full = nextReviewsFor(login, queue, ctx, plan);
      const fromRanking = nextReviewsFromRanking(login, rankQueue(queue, ctx), ctx, plan, limit);
      expect(fromRanking.total).toBe(full.length);
      expect(fromRanking.top).toEqual(full.slice(0, limit));
    }), { numRuns: 500 });
  });
});
