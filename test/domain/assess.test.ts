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

describe('the forecast towards yellow, from the light\'s persistence window', () => {
  // 8 linked reviewers: yellow at 8 PRs. Ten business days of 9 reviews a day (each PR reviewed within the hour of
  // opening), and 3 PRs waiting since the window began: the queue is never empty, so it meets reviews at that pace.
  const members = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
  const days = ['2026-11-11', '2026-11-12', '2026-11-13', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24'];
  const reviewed = days.flatMap((day, d) => Array.from({ length: 9 }, (_, i) => {
    const hour = String(9 + (i % 6)).padStart(2, '0');
    return pullRequest({
      number: 100 + d * 10 + i, author: 'alice', createdAt: at(`${day}T${hour}:0${i % 3}:00Z`),
      reviews: [review('bob', 'APPROVED', `${day}T${hour}:4${i % 3}:00Z`)], reviewDecision: 'APPROVED',
    });
  }));
  const waiting = (openedAt: readonly string[]) => [
    ...[1, 2, 3].map((number) => pullRequest({ number, author: 'alice', createdAt: at('2026-11-10T09:00:00Z') })),
    ...openedAt.map((iso, i) => pullRequest({ number: 10 + i, author: 'alice', createdAt: at(iso) })),
  ];
  // The 3 long waits would turn it red by the oldest-wait rule, which the forecast does not model: off here.
  const settings = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, oldest_wait: { ...DEFAULT_SETTINGS.rules.oldest_wait, enabled: false } } };
  const team = (openedAt: readonly string[]): TeamSnapshot => snapshot({ settings, members, pullRequests: [...reviewed, ...waiting(openedAt)], previous: { light: 'green', since: at('2026-11-20T09:00:00Z') } });

  it('counts from the fewest PRs the last hour held: 3 PRs opened 20 minutes ago leave the light 5 PRs from yellow, not 2', () => {
    const heldAnHour = assessTeam(team(['2026-11-24T13:10:00Z', '2026-11-24T13:20:00Z', '2026-11-24T13:30:00Z']), now);
    const justArrived = assessTeam(team(['2026-11-24T14:40:00Z', '2026-11-24T14:40:00Z', '2026-11-24T14:40:00Z']), now);
    // Same queue now, 6 PRs, and the same rates.
    expect(heldAnHour.metrics.awaitingReview).toBe(6);
    expect(justArrived.metrics.awaitingReview).toBe(6);
    expect(heldAnHour.decision.light).toBe('green');
    expect(justArrived.decision.light).toBe('green');
    const held = heldAnHour.metrics.forecast;
    const swung = justArrived.metrics.forecast;
    if (held.kind !== 'growing' || swung.kind !== 'growing') throw new Error('growing');
    // The walk's gap shows in the point estimate kept for backtests (gap ÷ net growth a day): 2 PRs to go when the
    // queue held its 6 for the hour, 5 when it held 3 of them for less than that.
    expect(held).toMatchObject({ nextLight: 'yellow' });
    expect(swung).toMatchObject({ nextLight: 'yellow' });
    expect(held.unsaidBusinessDays).toBeCloseTo(2 / held.netPerDay, 9);
    expect(swung.unsaidBusinessDays).toBeCloseTo(5 / swung.netPerDay, 9);
  });
});
