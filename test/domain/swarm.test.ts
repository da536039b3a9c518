import { describe, expect, it } from 'vitest';
import { classifyOpen } from '../../src/domain/classify.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import type { SuggestContext } from '../../src/domain/suggest.js';
import { rankQueue } from '../../src/domain/suggest.js';
import { oversizedPullRequests, swarmPlan } from '../../src/domain/swarm.js';
import type { Claim, PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

const now = at('2026-11-24T14:00:00Z');
const team = ['alice', 'bob', 'carol', 'dave'];
const lines = (total: number) => ({ additions: total, deletions: 0 });

function plan(open: PullRequestFacts[], reviewers = team, claims: Claim[] = []) {
  const ctx: SuggestContext = { claims, openPullRequests: open, settings: DEFAULT_SETTINGS, now };
  return swarmPlan(reviewers, rankQueue(classifyOpen(open, DEFAULT_SETTINGS.skipLabels), ctx)).map((a) => `${a.reviewer} → #${a.suggestion.pr.facts.number}`);
}

// Oldest first is highest priority here: same size, earlier creation.
const pr = (number: number, author: string, overrides: Partial<PullRequestFacts> = {}) =>
  pullRequest({ number, author, createdAt: new Date(at('2026-11-23T09:00:00Z').getTime() + number * 3_600_000), ...lines(100), ...overrides });

describe('the swarm plan', () => {
  it('hands distinct PRs to distinct reviewers in priority order, never to the author', () => {
    expect(plan([pr(1, 'alice'), pr(2, 'bob'), pr(3, 'carol')])).toEqual(['bob → #1', 'alice → #2', 'dave → #3']);
  });

  it('gives a PR to its requested reviewer first', () => {
    expect(plan([pr(1, 'alice', { pendingReviewers: [{ kind: 'user', login: 'Dave' }] }), pr(2, 'bob')])).toEqual(['dave → #1', 'alice → #2']);
  });

  it('skips reviewers who reviewed since the last push', () => {
    expect(plan([pr(1, 'alice', { reviews: [review('bob', 'COMMENTED', '2026-11-23T10:30:00Z')], lastCommitAt: at('2026-11-23T09:00:00Z'), pendingReviewers: [{ kind: 'user', login: 'carol' }] })]))
      .toEqual(['carol → #1']);
  });

  it('stops when the reviewers run out, top priorities first', () => {
    expect(plan([pr(1, 'erin'), pr(2, 'erin'), pr(3, 'erin'), pr(4, 'erin')], ['alice', 'bob'])).toEqual(['alice → #1', 'bob → #2']);
  });

  it('leaves a PR out when only its author is free', () => {
    expect(plan([pr(1, 'erin'), pr(2, 'alice')], ['alice'])).toEqual(['alice → #1']);
    expect(plan([pr(2, 'alice')], ['alice'])).toEqual([]);
  });

  it('shows a claimed PR as its claimer\'s, and leaves PRs claimed by people outside the plan alone', () => {
    const claims: Claim[] = [
      { repo: 'acme/api', number: 1, login: 'carol', claimedAt: at('2026-11-24T13:30:00Z') },
      { repo: 'acme/api', number: 2, login: 'zed', claimedAt: at('2026-11-24T13:30:00Z') },
    ];
    expect(plan([pr(1, 'erin'), pr(2, 'erin'), pr(3, 'erin')], team, claims)).toEqual(['carol → #1', 'alice → #3']);
  });

  it('balances effort: the reviewer with the least assigned effort gets the next PR', () => {
    // carol already holds a 2-hour review; alice, bob and dave have nothing, so carol comes last.
    const claims: Claim[] = [{ repo: 'acme/api', number: 9, login: 'carol', claimedAt: at('2026-11-24T13:30:00Z') }];
    const open = [pr(9, 'erin', lines(800)), pr(1, 'erin'), pr(2, 'erin'), pr(3, 'erin'), pr(4, 'erin')];
    expect(plan(open, ['carol', 'alice', 'bob', 'dave'], claims)).toEqual(['carol → #9', 'alice → #1', 'bob → #2', 'dave → #3']);
  });

  it('gives an oversized PR a second reviewer when every PR has one and people are left', () => {
    expect(plan([pr(1, 'erin', lines(1500)), pr(2, 'erin')])).toEqual(['alice → #2', 'bob → #1', 'carol → #1']);
    expect(plan([pr(1, 'erin', lines(1000)), pr(2, 'erin')])).toEqual(['alice → #2', 'bob → #1']); // 1000 lines is not over the limit
  });
});

describe('oversized PRs', () => {
  it('are the PRs in review above the team\'s size limit, largest first', () => {
    const open = [pr(1, 'erin', lines(1001)), pr(2, 'erin', lines(1000)), pr(3, 'erin', lines(5000)), pr(4, 'erin', { ...lines(3000), isDraft: true }),
      pr(5, 'erin', { ...lines(2000), reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-24T10:00:00Z')] })];
    const queue = classifyOpen(open, DEFAULT_SETTINGS.skipLabels);
    expect(oversizedPullRequests(queue, DEFAULT_SETTINGS).map((q) => q.facts.number)).toEqual([3, 5, 1]);
    expect(oversizedPullRequests(queue, { ...DEFAULT_SETTINGS, oversizedLines: 4000 }).map((q) => q.facts.number)).toEqual([3]);
  });
});
