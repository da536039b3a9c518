import { describe, expect, it } from 'vitest';
import { assessTeam } from '../../src/domain/assess.js';
import type { TeamSnapshot } from '../../src/domain/types.js';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.js';
import { at, pullRequest, review } from './builders.js';

const now = at('2026-11-24T15:00:00Z');

const snapshot = (overrides: Partial<TeamSnapshot> = {}): TeamSnapshot => ({
  settings: DEFAULT_SETTINGS,
  members: ['alice', 'bob'],
  slackIdByLogin: new Map(),
  pullRequests: [
    pullRequest({ number: 1, createdAt: at('2026-11-24T10:00:00Z') }),
    pullRequest({ number: 2, createdAt: at('2026-11-23T10:00:00Z'), additions: 1500 }),
    pullRequest({ number: 3, reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-23T12:00:00Z')] }),
    pullRequest({ number: 4, reviewDecision: 'APPROVED' }),
    pullRequest({ number: 5, isDraft: true }),
    pullRequest({ number: 6, labels: ['wip'] }),
    pullRequest({ number: 7, state: 'MERGED', mergedAt: at('2026-11-23T16:00:00Z'), closedAt: at('2026-11-23T16:00:00Z') }),
  ],
  claims: [],
  repos: [{ repo: 'acme/api', lastSuccessAt: at('2026-11-24T14:59:00Z'), lastError: null }],
  previous: { light: 'green', since: at('2026-11-20T09:00:00Z') },
  pollIntervalMs: 60_000,
  ...overrides,
});

describe('assessing a team', () => {
  it('lists the open PRs: awaiting review longest wait first, then the other queues; closed PRs are left out', () => {
    const { queue } = assessTeam(snapshot(), now);
    expect(queue.map((q) => `${q.facts.number}:${q.queue}`)).toEqual(['2:awaiting_review', '1:awaiting_review', '3:awaiting_author', '4:approved', '5:draft', '6:skipped']);
  });

  it('decides the light from the metrics; 2 reviews in 10 days is too little history for an expected wait, so not red', () => {
    const { metrics, decision, stale } = assessTeam(snapshot(), now);
    expect(metrics).toMatchObject({ awaitingReview: 2, reviewers: 2, linesAwaitingReview: 1620, expectedWaitBusinessDays: null });
    expect(metrics.basis).toEqual({ reviewersFrom: 'linked', reviewsInWindow: 2, enoughHistory: false, waitRank: 1 });
    expect(metrics.oldestWaitBusinessHours).toBeCloseTo(13, 9);
    expect(stale).toEqual([]);
    expect(metrics.throughputPerDay).toBeCloseTo(0.2, 9); // #3 reviewed, #7 merged
    expect(decision.light).toBe('yellow');
    expect(decision.transition).toMatchObject({ from: 'green', to: 'yellow', at: now });
    expect(decision.reasons.map((r) => `${r.rule}:${r.light}`)).toEqual(['queue_per_reviewer:yellow', 'oldest_wait:yellow', 'lines_per_reviewer:yellow']);
  });

  it('takes a reviewer count from the CLI over the members', () => {
    const { metrics, decision } = assessTeam(snapshot({ reviewersOverride: 10 }), now);
    expect(metrics.reviewers).toBe(10);
    expect(metrics.basis.waitRank).toBe(2);
    expect(decision.reasons.map((r) => r.rule)).toEqual([]); // the 2nd oldest waited 5 h, under 8
  });

  it('never forecasts the light it already holds: a red light has no "turns red"', () => {
    const { decision, metrics } = assessTeam(snapshot({ members: ['alice', 'bob', 'carol'], previous: { light: 'red', since: at('2026-11-24T14:00:00Z') } }), now);
    expect(decision.light).toBe('red'); // held by the dwell
    expect(metrics.forecast).not.toMatchObject({ nextLight: 'red' });
  });

  it('is grey, naming the repository, when a repository has not been read for 3 polls', () => {
    const { decision, stale } = assessTeam(snapshot({ repos: [{ repo: 'acme/api', lastSuccessAt: at('2026-11-24T14:50:00Z'), lastError: 'GitHub is unavailable (503)' }] }), now);
    expect(stale).toHaveLength(1);
    expect(decision.light).toBe('grey');
    expect(decision.reasons[0]?.text).toBe('acme/api has not been read for 10 min (10 missed polls; grey at 3): GitHub is unavailable (503)');
  });

  it('flags oversized PRs', () => {
    expect(assessTeam(snapshot(), now).oversized.map((q) => q.facts.number)).toEqual([2]);
  });

  it('uses the team\'s skip labels', () => {
    const { queue } = assessTeam(snapshot({ settings: { ...DEFAULT_SETTINGS, skipLabels: [] } }), now);
    expect(queue.find((q) => q.facts.number === 6)?.queue).toBe('awaiting_review');
  });
});
