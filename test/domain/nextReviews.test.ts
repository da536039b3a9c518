// A person's suggestions are the team's ranking filtered and re-scored for them: how the limit, the
// count, a request, the swarm plan and skipped PRs shape the list.
import { describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { nextReviews, PLAN_LINE_PREFIX } from '../../src/domain/nextReviews.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { pullRequestKey, rankQueue, type Ranking } from '../../src/domain/suggest.js';
import { swarmPlan } from '../../src/domain/swarm.js';
import type { Claim, PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest } from './builders.js';

const now = at('2026-11-24T14:00:00Z'); // Tuesday

function rankingOf(open: PullRequestFacts[], claims: Claim[] = []): Ranking {
  return rankQueue(classifyOpen(open, DEFAULT_SETTINGS.skipLabels), { claims, openPullRequests: open, settings: DEFAULT_SETTINGS, now });
}

const numbers = (list: readonly { pr: { facts: PullRequestFacts } }[]) => list.map((s) => s.pr.facts.number);

// Same author and age; smaller PRs rank first (less effort): #1 (100 lines, 15 min) … #5 (500 lines, 75 min).
const open = [1, 2, 3, 4, 5].map((n) => pullRequest({ number: n, author: 'alice', additions: n * 100, deletions: 0 }));

describe('nextReviews', () => {
  it('is the ranking in order for someone with no requests; the limit cuts the list, not the count', () => {
    const ranking = rankingOf(open);
    expect(numbers(ranking.queue)).toEqual([1, 2, 3, 4, 5]);
    expect(numbers(nextReviews(ranking, 'bob').top)).toEqual([1, 2, 3, 4, 5]);
    const two = nextReviews(ranking, 'bob', { limit: 2 });
    expect(numbers(two.top)).toEqual([1, 2]);
    expect(two.total).toBe(5);
  });

  it('moves a PR the person was requested on ahead by its doubled priority, re-scored and explained for them', () => {
    const requested = open.map((pr) => (pr.number === 3 ? { ...pr, pendingReviewers: [{ kind: 'user' as const, login: 'bob' }] } : pr));
    const ranking = rankingOf(requested);
    const forBob = nextReviews(ranking, 'bob', { limit: 3 });
    expect(numbers(forBob.top)).toEqual([1, 3, 2]); // #3: 1.33 x2 = 2.67, over #2's 2
    expect(forBob.top[1]).toMatchObject({ requested: 'direct' });
    expect(forBob.top[1]!.explanation).toContain('you were requested');
    // For someone else it keeps its place and its person-neutral score.
    expect(numbers(nextReviews(ranking, 'carol', { limit: 5 }).top)).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves out what the person wrote and what someone else claimed, from the list and the count', () => {
    const mixed = [...open, pullRequest({ number: 6, author: 'bob', additions: 1, deletions: 0 })];
    const claims: Claim[] = [{ repo: 'acme/api', number: 1, login: 'carol', claimedAt: at('2026-11-24T13:30:00Z') }];
    const forBob = nextReviews(rankingOf(mixed, claims), 'bob');
    expect(numbers(forBob.top)).toEqual([2, 3, 4, 5]);
    expect(forBob.total).toBe(4);
    expect(numbers(nextReviews(rankingOf(mixed, claims), 'carol').top)).toEqual([1, 6, 2, 3, 4, 5]); // #6 is as small as #1 (15 min at least): the lower number first
  });

  it('leaves out skipped PR keys from the list and the count; keys that are not theirs change nothing', () => {
    const skip = new Set([pullRequestKey('ACME/api', 1), pullRequestKey('acme/api', 3), 'acme/api#999']);
    const forBob = nextReviews(rankingOf(open), 'bob', { skip, limit: 2 });
    expect(numbers(forBob.top)).toEqual([2, 4]);
    expect(forBob.total).toBe(3);
  });

  it('puts the person\'s line of the swarm plan first, marked, even when it ranks lower', () => {
    const ranking = rankingOf(open);
    const plan = swarmPlan(['bob', 'carol'], ranking);
    const carolsLine = plan.find((line) => line.reviewer === 'carol')!;
    expect(carolsLine.suggestion.pr.facts.number).toBe(2);
    const forCarol = nextReviews(ranking, 'carol', { plan, limit: 3 });
    expect(numbers(forCarol.top)).toEqual([2, 1, 3]);
    expect(forCarol.top[0]!.explanation.startsWith(PLAN_LINE_PREFIX)).toBe(true);
    expect(forCarol.top[1]!.explanation.startsWith(PLAN_LINE_PREFIX)).toBe(false);
    expect(forCarol.total).toBe(5);
  });

  it('has no plan line for a PR of the plan that was claimed by someone else meanwhile', () => {
    const plan = swarmPlan(['bob', 'carol'], rankingOf(open));
    const claims: Claim[] = [{ repo: 'acme/api', number: 2, login: 'dave', claimedAt: at('2026-11-24T13:30:00Z') }];
    const forCarol = nextReviews(rankingOf(open, claims), 'carol', { plan });
    expect(numbers(forCarol.top)).toEqual([1, 3, 4, 5]);
    expect(forCarol.top.some((s) => s.explanation.startsWith(PLAN_LINE_PREFIX))).toBe(false);
  });
});
