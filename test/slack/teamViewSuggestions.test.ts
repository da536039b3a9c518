import { describe, expect, it } from 'vitest';
import { assessTeam } from '../../src/domain/assess.js';
import type { TeamSnapshot } from '../../src/domain/types.js';
import { nextReviews } from '../../src/domain/nextReviews.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { pullRequestKey, rankQueue, suggestContextOf } from '../../src/domain/suggest.js';
import { swarmPlan } from '../../src/domain/swarm.js';
import { nextSuggestionOf, type TeamView } from '../../src/app/teamView.js';
import { pullRequest } from '../domain/builders.js';

// The view keeps each person's first suggestion and their count; what they skipped is left out of both.

const now = new Date('2026-11-25T13:00:00Z');
const HOUR = 3_600_000;

function viewOf(prCount: number): TeamView {
  const pullRequests = Array.from({ length: prCount }, (_, i) => pullRequest({
    number: i + 1, author: i % 2 === 0 ? 'alice' : 'bob', additions: 10 + i * 7, deletions: 0,
    createdAt: new Date(now.getTime() - (i + 1) * HOUR), lastCommitAt: new Date(now.getTime() - (i + 1) * HOUR),
    pendingReviewers: i % 5 === 0 ? [{ kind: 'user', login: 'carol' }] : [],
  }));
  const snapshot: TeamSnapshot = {
    settings: DEFAULT_SETTINGS, members: ['alice', 'bob', 'carol'], slackIdByLogin: new Map(), pullRequests, claims: [],
    previous: null, pollIntervalMs: 60_000, repos: [{ repo: 'acme/api', lastSuccessAt: now, lastError: null }],
  };
  return { teamId: 'C1', now, snapshot, assessment: assessTeam(snapshot, now), memo: { byLogin: new Map() } };
}

describe("a person's next suggestion from the team view", () => {
  const view = viewOf(40);
  // While red the view puts the person's (marked) plan line first, as nextReviews does with the plan.
  const ranking = rankQueue(view.assessment.queue, suggestContextOf(view.snapshot, now));
  const plan = view.assessment.decision.light === 'red' ? swarmPlan(view.snapshot.members, ranking) : null;
  const full = nextReviews(ranking, 'carol', { plan }).top;
  const keys = full.map((s) => pullRequestKey(s.pr.facts.repo, s.pr.facts.number));

  it('is the best one, with the count of all of them', () => {
    expect(full.length).toBeGreaterThan(25);
    expect(nextSuggestionOf(view, 'carol')).toEqual({ first: full[0], count: full.length });
  });

  it('after skipping the first 25, is the next one in the full order', () => {
    expect(nextSuggestionOf(view, 'carol', new Set(keys.slice(0, 25)))).toEqual({ first: full[25], count: full.length - 25 });
  });

  it('counts skipped PRs beyond the kept ones, and ignores skipped keys that are not theirs', () => {
    const skipped = new Set([keys[0]!, keys[30]!, 'acme/api#999']);
    expect(nextSuggestionOf(view, 'carol', skipped)).toEqual({ first: full[1], count: full.length - 2 });
  });

  it('is none once everything was skipped', () => {
    expect(nextSuggestionOf(view, 'carol', new Set(keys))).toEqual({ first: null, count: 0 });
  });
});
