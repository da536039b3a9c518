// The queue facts, as tables: requests that no longer stand, the wait of a PR bounced back and
// forth, team requests, claims released by a review, the red gate's ranking and the second reviewer.
import { describe, expect, it } from 'vitest';
import { classify, classifyOpen } from '../../src/domain/classify.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { nextReviews } from '../../src/domain/nextReviews.js';
import { activeClaims, rankQueue, type SuggestContext } from '../../src/domain/suggest.js';
import { swarmPlan } from '../../src/domain/swarm.js';
import type { Claim, GitHubTeams, PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

const now = at('2026-11-25T13:00:00Z'); // a Wednesday; business hours Mon-Fri 09-17 UTC
const settings = { ...DEFAULT_SETTINGS, oversizedLines: 1000 };
const context = (open: PullRequestFacts[], extra: Partial<SuggestContext> = {}): SuggestContext => ({ claims: [], openPullRequests: open, settings, now, ...extra });
const queueOf = (open: PullRequestFacts[]) => classifyOpen(open, settings.skipLabels);

describe('requests that no longer stand leave the queue at once', () => {
  const opened = { createdAt: at('2026-11-18T09:00:00Z'), lastCommitAt: at('2026-11-18T08:30:00Z') };
  const cases: Array<[string, Partial<PullRequestFacts>, string, string | null]> = [
    ['a stale request to dana, then carol approved: approved, not waiting since days earlier', {
      ...opened, pendingReviewers: [{ kind: 'user', login: 'dana' }], reviewRequests: [{ at: at('2026-11-18T09:00:00Z'), reviewer: 'dana' }],
      reviews: [review('carol', 'APPROVED', '2026-11-25T10:00:00Z')],
    }, 'approved', null],
    ['a stale request to dana, then carol asked for changes: the author\'s turn', {
      ...opened, pendingReviewers: [{ kind: 'user', login: 'dana' }], reviewRequests: [{ at: at('2026-11-18T09:00:00Z'), reviewer: 'dana' }],
      reviews: [review('carol', 'CHANGES_REQUESTED', '2026-11-25T10:00:00Z')],
    }, 'awaiting_author', null],
    ['dana answered her request, GitHub\'s list was read a moment before: the author\'s turn', {
      ...opened, pendingReviewers: [{ kind: 'user', login: 'dana' }], reviewRequests: [{ at: at('2026-11-18T09:00:00Z'), reviewer: 'dana' }],
      reviews: [review('dana', 'COMMENTED', '2026-11-25T10:00:00Z')],
    }, 'awaiting_author', null],
    ['the request to dana was withdrawn after carol commented: the author\'s turn', {
      ...opened, pendingReviewers: [{ kind: 'user', login: 'dana' }], reviewRequests: [{ at: at('2026-11-24T09:00:00Z'), reviewer: 'dana' }],
      reviewRequestRemovals: [{ at: at('2026-11-25T11:00:00Z'), reviewer: 'dana' }],
      reviews: [review('carol', 'COMMENTED', '2026-11-23T10:00:00Z')],
    }, 'awaiting_author', null],
    ['the team still owes a review after carol commented: waiting since her comment, not since the opening', {
      ...opened, pendingReviewers: [{ kind: 'team', slug: 'acme/core' }], reviewRequests: [{ at: at('2026-11-18T09:00:00Z'), reviewer: 'acme/core' }],
      reviews: [review('carol', 'COMMENTED', '2026-11-25T10:00:00Z')],
    }, 'awaiting_review', '2026-11-25T10:00:00.000Z'],
    ['dana re-requested after her review: waiting since the re-request', {
      ...opened, pendingReviewers: [{ kind: 'user', login: 'dana' }],
      reviewRequests: [{ at: at('2026-11-18T09:00:00Z'), reviewer: 'dana' }, { at: at('2026-11-24T15:00:00Z'), reviewer: 'dana' }],
      reviews: [review('dana', 'COMMENTED', '2026-11-24T10:00:00Z')],
    }, 'awaiting_review', '2026-11-24T15:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, overrides, queue, since) => {
    const result = classify(pullRequest({ number: 1, ...overrides }), settings.skipLabels);
    expect(result.queue).toBe(queue);
    expect(result.awaitingReviewSince?.toISOString() ?? null).toBe(since);
  });

  it('a merged or closed PR is in no queue, whatever requests it kept', () => {
    const pending = { pendingReviewers: [{ kind: 'user' as const, login: 'dana' }], reviewRequests: [{ at: at('2026-11-18T09:00:00Z'), reviewer: 'dana' }] };
    const merged = pullRequest({ number: 1, state: 'MERGED', mergedAt: at('2026-11-25T11:00:00Z'), closedAt: at('2026-11-25T11:00:00Z'), ...pending });
    const closed = pullRequest({ number: 2, state: 'CLOSED', closedAt: at('2026-11-25T11:00:00Z'), ...pending });
    expect(queueOf([merged, closed])).toEqual([]);
  });
});

describe('a PR bounced back and forth ranks by its total wait', () => {
  // #1 waited a whole day before bob asked for changes, and 1 hour since the fix; #2 was opened 2 hours ago.
  const bounced = pullRequest({
    number: 1, createdAt: at('2026-11-23T09:00:00Z'), lastCommitAt: at('2026-11-25T12:00:00Z'),
    commitTimes: [at('2026-11-23T08:30:00Z'), at('2026-11-25T12:00:00Z')],
    reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-24T09:00:00Z')],
  });
  const fresh = pullRequest({ number: 2, createdAt: at('2026-11-25T11:00:00Z'), lastCommitAt: at('2026-11-25T10:55:00Z') });

  it('ranks the bounced PR first and says both waits', () => {
    const ranked = rankQueue(queueOf([fresh, bounced]), context([fresh, bounced])).queue;
    expect(ranked.map((s) => s.pr.facts.number)).toEqual([1, 2]);
    expect(ranked[0]).toMatchObject({ waitBusinessHours: 1, totalWaitBusinessHours: 9 });
    expect(ranked[0]!.explanation).toMatch(/^waiting 1 hour this round, 1\.1 days in all · /);
    expect(ranked[1]!.explanation).toMatch(/^waiting 2 hours · /);
  });

  it('pushed twice after the review: the round starts at the first push', () => {
    const twice = { ...bounced, lastCommitAt: at('2026-11-25T12:30:00Z'), commitTimes: [...bounced.commitTimes!, at('2026-11-25T12:30:00Z')] };
    const [only] = rankQueue(queueOf([twice]), context([twice])).queue;
    expect(only).toMatchObject({ waitBusinessHours: 1, totalWaitBusinessHours: 9 });
  });
});

describe('team review requests count for the team\'s members', () => {
  const requested = pullRequest({ number: 1, pendingReviewers: [{ kind: 'team', slug: 'acme/core' }] });
  const plain = pullRequest({ number: 2 });
  const teams: GitHubTeams = new Map([['acme/core', new Set(['bob'])]]);
  const cases: Array<[string, string, GitHubTeams | undefined, string | null, number]> = [
    ['a member is requested through the team', 'bob', teams, 'you were requested (via @acme/core)', 1.5],
    ['someone outside the team is not', 'carol', teams, null, 1],
    ['without the members (not readable), nobody is', 'bob', undefined, null, 1],
  ];
  it.each(cases)('%s', (_name, login, githubTeams, says, factor) => {
    const byNumber = new Map(nextReviews(rankQueue(queueOf([requested, plain]), context([requested, plain], { githubTeams })), login).top.map((s) => [s.pr.facts.number, s]));
    expect(byNumber.get(1)!.priority / byNumber.get(2)!.priority).toBeCloseTo(factor, 9);
    if (says) expect(byNumber.get(1)!.explanation).toContain(says);
    else expect(byNumber.get(1)!.explanation).not.toContain('requested');
  });

  it('the swarm plan gives a team-requested PR to a member first', () => {
    const plan = swarmPlan(['carol', 'bob'], rankQueue(queueOf([requested]), context([requested], { githubTeams: teams })));
    expect(plan.map((a) => [a.reviewer, a.suggestion.pr.facts.number])).toEqual([['bob', 1]]);
  });
});

describe('claims', () => {
  const pr = pullRequest({ number: 1 });
  const claim: Claim = { repo: 'acme/api', number: 1, login: 'bob', claimedAt: at('2026-11-25T12:00:00Z') };
  const cases: Array<[string, PullRequestFacts, boolean]> = [
    ['a claim holds while the claimer has not reviewed', pr, true],
    ['the claimer\'s review releases it at once', { ...pr, reviews: [review('bob', 'COMMENTED', '2026-11-25T12:30:00Z')] }, false],
    ['someone else\'s review does not', { ...pr, reviews: [review('carol', 'COMMENTED', '2026-11-25T12:30:00Z')] }, true],
    ['a review from before the claim does not', { ...pr, reviews: [review('bob', 'COMMENTED', '2026-11-25T11:00:00Z')] }, true],
  ];
  it.each(cases)('%s', (_name, facts, held) => {
    expect(activeClaims(context([facts], { claims: [claim] })).has('acme/api#1')).toBe(held);
  });
});

describe('the red gate and the swarm plan', () => {
  const redSince = at('2026-11-25T10:00:00Z');
  const waiting = pullRequest({ number: 1, createdAt: at('2026-11-25T09:00:00Z'), additions: 600, deletions: 0 });
  const openedWhileRed = pullRequest({ number: 2, author: 'carol', createdAt: at('2026-11-25T12:00:00Z'), additions: 5, deletions: 0 });

  it('a small PR opened while red ranks after the PRs that were waiting, and says why', () => {
    const ranked = rankQueue(queueOf([waiting, openedWhileRed]), context([waiting, openedWhileRed], { redSince })).queue;
    expect(ranked.map((s) => s.pr.facts.number)).toEqual([1, 2]);
    expect(ranked[1]!.explanation).toContain('opened while the team swarms');
  });

  it('the same PR ranks first by priority when the team is not red', () => {
    const ranked = rankQueue(queueOf([waiting, openedWhileRed]), context([waiting, openedWhileRed])).queue;
    expect(ranked.map((s) => s.pr.facts.number)).toEqual([2, 1]);
  });

  it('a large PR\'s second reviewer is told why', () => {
    const large = pullRequest({ number: 3, additions: 1500, deletions: 0 });
    const plan = swarmPlan(['bob', 'carol'], rankQueue(queueOf([large]), context([large])));
    expect(plan.map((a) => [a.reviewer, a.role])).toEqual([['bob', 'planned'], ['carol', 'second_reviewer']]);
    expect(plan[1]!.suggestion.explanation).toMatch(/^second reviewer: a large PR \(1,500 lines, over the team's 1,000\) · waiting/);
  });
});
