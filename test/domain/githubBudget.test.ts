import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeGitHubBudget,
  GITHUB_SECONDARY_ALLOWANCE,
  paceRequest,
  pointsThisMinute,
  requestPoints,
  type BudgetState,
  type Spend,
} from '../../src/domain/githubBudget.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const state = (over: Partial<BudgetState> = {}): BudgetState => ({ spent: { rest: [], graphql: [] }, inFlight: 0, refusedUntil: { rest: null, graphql: null }, primary: null, ...over });
const ALLOW = { restPointsPerMinute: 10, graphqlPointsPerMinute: 5, concurrent: 3 };

describe('pacing a request to GitHub', () => {
  it('goes while the minute has room', () => {
    expect(paceRequest({ lane: 'rest', points: 1 }, state({ spent: { rest: [{ at: ago(10), points: 9 }], graphql: [] } }), ALLOW, NOW)).toEqual({ kind: 'go' });
  });

  it('waits until enough of the minute has aged out when it is full', () => {
    const spent: Spend[] = [{ at: ago(50), points: 2 }, { at: ago(30), points: 2 }, { at: ago(5), points: 1 }];
    expect(paceRequest({ lane: 'graphql', points: 1 }, state({ spent: { rest: [], graphql: spent } }), ALLOW, NOW)).toEqual({ kind: 'wait', until: new Date(ago(50).getTime() + 60_000), reason: 'minute' });
    // A dearer request waits for more to age out.
    expect(paceRequest({ lane: 'graphql', points: 3 }, state({ spent: { rest: [], graphql: spent } }), ALLOW, NOW)).toEqual({ kind: 'wait', until: new Date(ago(30).getTime() + 60_000), reason: 'minute' });
  });

  it('does not count points older than a minute, nor the other lane\'s', () => {
    const s = state({ spent: { rest: [{ at: ago(60), points: 10 }], graphql: [{ at: ago(1), points: 4 }] } });
    expect(pointsThisMinute(s.spent.rest, NOW)).toBe(0);
    expect(paceRequest({ lane: 'rest', points: 5 }, s, ALLOW, NOW)).toEqual({ kind: 'go' });
  });

  it('waits for an answer when as many requests as allowed are in flight', () => {
    expect(paceRequest({ lane: 'rest', points: 1 }, state({ inFlight: 3 }), ALLOW, NOW)).toEqual({ kind: 'wait-for-answer' });
  });

  it('honours the retry-after GitHub gave for the lane, and only that lane', () => {
    const s = state({ refusedUntil: { rest: null, graphql: new Date(NOW.getTime() + 30_000) } });
    expect(paceRequest({ lane: 'graphql', points: 1 }, s, ALLOW, NOW)).toEqual({ kind: 'wait', until: new Date(NOW.getTime() + 30_000), reason: 'refused' });
    expect(paceRequest({ lane: 'rest', points: 1 }, s, ALLOW, NOW)).toEqual({ kind: 'go' });
    expect(paceRequest({ lane: 'graphql', points: 1 }, s, ALLOW, new Date(NOW.getTime() + 30_000))).toEqual({ kind: 'go' });
  });

  it('waits for the hour to reset when the primary budget is spent, not after it reset', () => {
    const primary = { limit: 5000, remaining: 0, resetAt: new Date(NOW.getTime() + 600_000) };
    expect(paceRequest({ lane: 'rest', points: 1 }, state({ primary }), ALLOW, NOW)).toEqual({ kind: 'wait', until: primary.resetAt, reason: 'primary' });
    expect(paceRequest({ lane: 'rest', points: 1 }, state({ primary }), ALLOW, primary.resetAt)).toEqual({ kind: 'go' });
  });

  it('costs what GitHub documents: reads and queries 1, writes and mutations 5', () => {
    expect([requestPoints('rest', 'GET', false), requestPoints('rest', 'post', false), requestPoints('graphql', 'POST', false), requestPoints('graphql', 'POST', true)]).toEqual([1, 5, 1, 5]);
  });

  it('never lets a minute hold more than its allowance, whatever was spent before', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 119 }), fc.integer({ min: 1, max: 5 })), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), (raw, points) => {
      const spent = raw.map(([secondsAgo, p]) => ({ at: ago(secondsAgo), points: p })).sort((a, b) => a.at.getTime() - b.at.getTime());
      const decision = paceRequest({ lane: 'graphql', points }, state({ spent: { rest: [], graphql: spent } }), ALLOW, NOW);
      const at = decision.kind === 'wait' ? decision.until : NOW;
      if (decision.kind === 'wait') expect(at.getTime()).toBeGreaterThan(NOW.getTime());
      expect(pointsThisMinute(spent, at) + points).toBeLessThanOrEqual(Math.max(ALLOW.graphqlPointsPerMinute, points));
    }));
  });
});

describe('the budget line', () => {
  it('names what is left of each hour, when the first resets, and this minute\'s points', () => {
    const view = {
      primary: { core: { limit: 5000, remaining: 1234, resetAt: new Date(NOW.getTime() + 32 * 60_000) }, graphql: { limit: 5000, remaining: 4870, resetAt: new Date(NOW.getTime() + 40 * 60_000) } },
      thisMinute: { rest: 120, graphql: 3 },
      allowance: GITHUB_SECONDARY_ALLOWANCE,
    };
    expect(describeGitHubBudget(view, NOW)).toBe('GitHub budget: 1,234 of 5,000 REST and 4,870 of 5,000 GraphQL points left this hour (resets in 32 min); this minute 120 of 900 REST and 3 of 2,000 GraphQL points.');
  });

  it('counts a window that has already reset as full', () => {
    const view = { primary: { core: { limit: 5000, remaining: 0, resetAt: ago(1) } }, thisMinute: { rest: 0, graphql: 0 }, allowance: GITHUB_SECONDARY_ALLOWANCE };
    expect(describeGitHubBudget(view, NOW)).toBe('GitHub budget: 5,000 of 5,000 REST points left this hour; this minute 0 of 900 REST and 0 of 2,000 GraphQL points.');
  });
});
