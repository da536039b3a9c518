import { describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { nextReviews } from '../../src/domain/nextReviews.js';
import { rankQueue, type SuggestContext } from '../../src/domain/suggest.js';
import type { Claim, GitHubTeams, PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

const now = at('2026-11-24T14:00:00Z'); // Tuesday
const monday10 = at('2026-11-23T10:00:00Z');

function context(open: PullRequestFacts[], claims: Claim[] = [], githubTeams: GitHubTeams = new Map()): SuggestContext {
  return { claims, openPullRequests: open, settings: DEFAULT_SETTINGS, now, githubTeams };
}

function suggest(login: string, open: PullRequestFacts[], claims: Claim[] = [], githubTeams: GitHubTeams = new Map()) {
  return nextReviews(rankQueue(classifyOpen(open, DEFAULT_SETTINGS.skipLabels), context(open, claims, githubTeams)), login).top;
}

const lines = (total: number) => ({ additions: total, deletions: 0 });

describe('which PRs are candidates for a person', () => {
  const open = [
    pullRequest({ number: 102, author: 'Bob' }),
    pullRequest({ number: 103, author: 'carol', reviews: [review('BOB', 'COMMENTED', '2026-11-23T11:00:00Z')], pendingReviewers: [{ kind: 'user', login: 'dave' }] }),
    pullRequest({ number: 104, author: 'carol', reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T11:00:00Z')], lastCommitAt: at('2026-11-23T12:00:00Z') }),
    pullRequest({ number: 105, author: 'carol' }),
    pullRequest({ number: 106, author: 'carol' }),
    pullRequest({ number: 107, author: 'carol' }),
    pullRequest({ number: 108, author: 'carol', reviews: [review('dave', 'CHANGES_REQUESTED', '2026-11-23T11:00:00Z')] }),
    pullRequest({ number: 109, author: 'carol', isDraft: true }),
  ];
  const claims: Claim[] = [
    { repo: 'acme/api', number: 105, login: 'dave', claimedAt: at('2026-11-24T13:00:00Z') }, // 1 business hour ago
    { repo: 'ACME/api', number: 106, login: 'dave', claimedAt: at('2026-11-24T11:00:00Z') }, // 3 business hours ago: lapsed
    { repo: 'acme/api', number: 107, login: 'bob', claimedAt: at('2026-11-24T13:30:00Z') }, // bob's own claim
  ];

  it('leaves out own PRs, PRs reviewed since the last push, live claims by others, and PRs not awaiting review', () => {
    expect(suggest('bob', open, claims).map((s) => s.pr.facts.number).sort()).toEqual([104, 106, 107]);
  });

  it('is empty when there is nothing to review', () => {
    expect(suggest('bob', [pullRequest({ number: 1, author: 'bob' })])).toEqual([]);
  });

  it('a claim made over a weekend lapses by business hours, not wall-clock hours', () => {
    const weekendClaim: Claim[] = [{ repo: 'acme/api', number: 105, login: 'dave', claimedAt: at('2026-11-20T16:30:00Z') }];
    const ctx = { ...context(open, weekendClaim), now: at('2026-11-23T10:00:00Z') }; // 1.5 business hours later
    expect(nextReviews(rankQueue(classifyOpen(open, []), ctx), 'bob').top.map((s) => s.pr.facts.number)).not.toContain(105);
  });
});

describe('priority: cost of delay over review effort', () => {
  const same = { author: 'alice', createdAt: monday10, ...lines(40) };

  it('explains itself the way the issue shows', () => {
    const open = [
      pullRequest({ number: 101, ...same, ...lines(120), pendingReviewers: [{ kind: 'user', login: 'bob' }] }),
      pullRequest({ number: 131, author: 'alice', baseRef: 'feature-101', createdAt: now }),
    ];
    const [first] = suggest('bob', open);
    expect(first).toMatchObject({ requested: 'direct', blocks: [131], waitBusinessHours: 12, effortMinutes: 18 });
    expect(first?.explanation).toBe('waiting 1.5 days · 120 lines, about 20 min · you were requested · blocks #131');
  });

  it('small reviews come before large ones that waited as long', () => {
    const open = [pullRequest({ number: 1, ...same, ...lines(800) }), pullRequest({ number: 2, ...same, ...lines(40) })];
    expect(suggest('bob', open).map((s) => s.pr.facts.number)).toEqual([2, 1]);
  });

  it('effort is lines at 400 an hour, at least 15 minutes', () => {
    const open = [pullRequest({ number: 1, ...same, ...lines(800) }), pullRequest({ number: 2, ...same, ...lines(10) })];
    expect(suggest('bob', open).map((s) => s.effortMinutes)).toEqual([15, 120]);
  });

  it('doubles for a direct request and adds half for a team request', () => {
    const open = [
      pullRequest({ number: 1, ...same }),
      pullRequest({ number: 2, ...same, pendingReviewers: [{ kind: 'user', login: 'BOB' }] }),
      pullRequest({ number: 3, ...same, pendingReviewers: [{ kind: 'team', slug: 'acme/backend' }] }),
    ];
    const byNumber = new Map(suggest('bob', open, [], new Map([['acme/backend', new Set(['bob'])]])).map((s) => [s.pr.facts.number, s]));
    const base = byNumber.get(1)!.priority;
    expect(byNumber.get(2)!.priority / base).toBeCloseTo(2, 9);
    expect(byNumber.get(3)!.priority / base).toBeCloseTo(1.5, 9);
    expect(byNumber.get(3)!.explanation).toContain('you were requested (via @acme/backend)');
  });

  it('an urgent label multiplies by the team\'s urgent multiplier', () => {
    const open = [pullRequest({ number: 1, ...same }), pullRequest({ number: 2, ...same, labels: ['HotFix'] })];
    const [urgent, plain] = suggest('bob', open);
    expect(urgent?.pr.facts.number).toBe(2);
    expect(urgent!.priority / plain!.priority).toBeCloseTo(3, 9);
    expect(urgent?.explanation).toContain('urgent');
  });

  it('each open PR stacked on it adds a unit of cost', () => {
    const open = [
      pullRequest({ number: 1, ...same }),
      pullRequest({ number: 2, ...same }),
      pullRequest({ number: 3, author: 'alice', baseRef: 'feature-2', createdAt: now }),
      pullRequest({ number: 4, author: 'alice', baseRef: 'feature-2', createdAt: now }),
      pullRequest({ number: 5, author: 'alice', baseRef: 'feature-2', createdAt: now, repo: 'acme/other' }),
    ];
    const byNumber = new Map(suggest('bob', open).map((s) => [s.pr.facts.number, s]));
    expect(byNumber.get(2)!.blocks).toEqual([3, 4]);
    expect(byNumber.get(2)!.priority / byNumber.get(1)!.priority).toBeCloseTo(3, 9);
  });

  it('grows with the business-hours wait, and a tie goes to the longer wait', () => {
    // 8 h waited and 30 min of effort vs. no wait and 15 min: the same priority.
    const open = [
      pullRequest({ number: 1, author: 'alice', createdAt: now, ...lines(40) }),
      pullRequest({ number: 2, author: 'alice', createdAt: at('2026-11-23T14:00:00Z'), ...lines(200) }),
    ];
    const [first, second] = suggest('bob', open);
    expect(first!.priority).toBeCloseTo(second!.priority, 12);
    expect([first?.pr.facts.number, second?.pr.facts.number]).toEqual([2, 1]);
  });

  it('words short waits in hours and minutes', () => {
    const [hours] = suggest('bob', [pullRequest({ number: 1, author: 'alice', createdAt: at('2026-11-24T11:00:00Z'), ...lines(1) })]);
    expect(hours?.explanation).toBe('waiting 3 hours · 1 line, about 15 min');
    const [minutes] = suggest('bob', [pullRequest({ number: 1, author: 'alice', createdAt: at('2026-11-24T13:40:00Z'), ...lines(2000) })]);
    expect(minutes?.explanation).toBe('waiting 20 min · 2,000 lines, about 5 hours');
  });
});
