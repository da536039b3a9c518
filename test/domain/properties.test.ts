import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessTeam } from '../../src/domain/assess.js';
import { classifyOpen } from '../../src/domain/classify.js';
import { decideLight } from '../../src/domain/light.js';
import { type RuleInputs, severity } from '../../src/domain/rules.js';
import { DEFAULT_SETTINGS, RULE_NAMES, type TeamSettings } from '../../src/domain/settings.js';
import type { StaleRepo } from '../../src/domain/staleness.js';
import { nextReviews } from '../../src/domain/nextReviews.js';
import { rankQueue, type SuggestContext } from '../../src/domain/suggest.js';
import { swarmPlan } from '../../src/domain/swarm.js';
import type { Light, PullRequestFacts, ReviewState, TeamSnapshot } from '../../src/domain/types.js';
import { pullRequest } from './builders.js';

const now = new Date('2026-11-25T13:00:00Z');
const HOUR = 3_600_000;
const logins = ['alice', 'Bob', 'bob', 'carol', 'dave', 'erin', 'renovate[bot]'];
const lights: Light[] = ['green', 'yellow', 'red', 'grey'];

const reviewArb = fc.record({
  author: fc.constantFrom(...logins),
  state: fc.constantFrom<ReviewState>('APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'),
  hoursAgo: fc.integer({ min: 0, max: 24 * 20 }),
});

const prArb = (number: number) => fc.record({
  author: fc.constantFrom(...logins),
  hoursAgo: fc.integer({ min: 0, max: 24 * 20 }),
  lines: fc.integer({ min: 0, max: 3000 }),
  state: fc.constantFrom('OPEN', 'OPEN', 'OPEN', 'MERGED', 'CLOSED'),
  isDraft: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  reviews: fc.array(reviewArb, { maxLength: 3 }),
  requested: fc.subarray(['alice', 'bob', 'carol']),
  labels: fc.subarray(['wip', 'hotfix', 'bug']),
  stackedOn: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
}).map((p): PullRequestFacts => {
  const createdAt = new Date(now.getTime() - p.hoursAgo * HOUR);
  const ended = new Date(createdAt.getTime() + (p.hoursAgo * HOUR) / 2);
  return pullRequest({
    number, author: p.author, createdAt, lastCommitAt: createdAt, additions: p.lines, deletions: 0,
    state: p.state as PullRequestFacts['state'], isDraft: p.isDraft,
    mergedAt: p.state === 'MERGED' ? ended : null, closedAt: p.state === 'OPEN' ? null : ended,
    reviews: p.reviews.map((r, i) => ({ id: `${number}-${i}`, author: r.author, state: r.state, submittedAt: new Date(now.getTime() - Math.min(r.hoursAgo, p.hoursAgo) * HOUR) })),
    pendingReviewers: p.requested.map((login) => ({ kind: 'user' as const, login })),
    labels: p.labels, baseRef: p.stackedOn ? `feature-${p.stackedOn}` : 'main',
  });
});

const prsArb = fc.integer({ min: 0, max: 25 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => prArb(i + 1))));
const previousArb = fc.option(fc.record({ light: fc.constantFrom(...lights), since: fc.integer({ min: 0, max: 240 }).map((m) => new Date(now.getTime() - m * 60_000)) }), { nil: null });
const membersArb = fc.subarray(['alice', 'bob', 'carol', 'dave']);

function snapshot(pullRequests: PullRequestFacts[], members: string[], previous: TeamSnapshot['previous'], fresh = true): TeamSnapshot {
  return {
    settings: DEFAULT_SETTINGS, members, slackIdByLogin: new Map(), pullRequests, claims: [], previous, pollIntervalMs: 60_000,
    repos: [{ repo: 'acme/api', lastSuccessAt: fresh ? now : new Date(now.getTime() - 10 * 60_000), lastError: fresh ? null : 'GitHub unavailable (502)' }],
  };
}

describe('properties of the light', () => {
  it('adding a PR awaiting review never lowers the light', () => {
    fc.assert(fc.property(prsArb, membersArb, previousArb, fc.integer({ min: 0, max: 24 * 20 }), fc.integer({ min: 0, max: 3000 }), (prs, members, previous, hoursAgo, lines) => {
      const before = assessTeam(snapshot(prs, members, previous), now).decision.light;
      const added = pullRequest({ number: 999, author: 'zoe', createdAt: new Date(now.getTime() - hoursAgo * HOUR), lastCommitAt: null, additions: lines, deletions: 0 });
      const after = assessTeam(snapshot([...prs, added], members, previous), now).decision.light;
      expect(severity(after)).toBeGreaterThanOrEqual(severity(before));
    }), { numRuns: 300 });
  });

  it('stale data is never green, whatever the queue and the previous light', () => {
    fc.assert(fc.property(prsArb, membersArb, previousArb, (prs, members, previous) => {
      expect(assessTeam(snapshot(prs, members, previous, false), now).decision.light).toBe('grey');
    }), { numRuns: 200 });
  });

  /** Inputs where every rule sits at `share` of its own yellow level (expected wait included). */
  const atShareOfYellow = (settings: TeamSettings, shares: Record<string, number>): RuleInputs => {
    const reviewers = 4;
    return {
      reviewers,
      awaitingReview: settings.rules.queue_per_reviewer.yellow * shares.queue_per_reviewer! * reviewers,
      oldestWaitBusinessHours: settings.rules.oldest_wait.yellow * shares.oldest_wait!,
      expectedWaitBusinessDays: settings.rules.expected_wait.yellow * shares.expected_wait!,
      throughputPerDay: 3,
      linesAwaitingReview: settings.rules.lines_per_reviewer.yellow * shares.lines_per_reviewer! * reviewers,
    };
  };
  const sharesArb = (min: number, max: number) => fc.record(Object.fromEntries(RULE_NAMES.map((rule) => [rule, fc.double({ min, max, noNaN: true })])) as Record<string, fc.Arbitrary<number>>);

  it('a queue oscillating inside the yellow band (one rule at or above 80% of yellow, none at red) never flaps', () => {
    // Max share in [0.8, 2): at least one rule keeps yellow up, none reaches red (red is 2x yellow by default).
    const bandArb = sharesArb(0, 1.99).filter((shares) => Math.max(...Object.values(shares)) >= 0.8);
    fc.assert(fc.property(fc.array(bandArb, { minLength: 1, maxLength: 40 }), (steps) => {
      let previous = { light: 'yellow' as Light, since: new Date(now.getTime() - 24 * HOUR) };
      steps.forEach((shares, i) => {
        const decision = decideLight({ metrics: atShareOfYellow(DEFAULT_SETTINGS, shares), settings: DEFAULT_SETTINGS, previous, stale: [], now: new Date(now.getTime() + i * 5 * 60_000) });
        expect(decision.transition).toBeNull();
        expect(decision.light).toBe('yellow');
        previous = { light: decision.light, since: decision.since };
      });
    }), { numRuns: 200 });
  });

  it('no sequence of polls goes A → B → A within the dwell, except an escalation to red or a queue that emptied', () => {
    const dwellMs = DEFAULT_SETTINGS.coolDownMinutes * 60_000;
    // Any rule values from quiet to far past red, any queue size (0 included), polled 1 to 40 minutes apart.
    const pollArb = fc.record({ shares: sharesArb(0, 3), queue: fc.integer({ min: 0, max: 30 }), gapMinutes: fc.integer({ min: 1, max: 40 }) });
    fc.assert(fc.property(fc.constantFrom<Light>('green', 'yellow', 'red'), fc.array(pollArb, { minLength: 2, maxLength: 60 }), (start, polls) => {
      let previous = { light: start, since: new Date(now.getTime() - 24 * HOUR) };
      let t = now.getTime();
      const changes: Array<{ from: Light; to: Light; at: number; emptied: boolean }> = [];
      for (const poll of polls) {
        t += poll.gapMinutes * 60_000;
        const metrics = { ...atShareOfYellow(DEFAULT_SETTINGS, poll.shares), awaitingReview: poll.queue };
        const decision = decideLight({ metrics, settings: DEFAULT_SETTINGS, previous, stale: [], now: new Date(t) });
        if (decision.transition) changes.push({ from: decision.transition.from, to: decision.transition.to, at: t, emptied: poll.queue === 0 });
        previous = { light: decision.light, since: decision.since };
      }
      for (let i = 1; i < changes.length; i += 1) {
        const [first, back] = [changes[i - 1]!, changes[i]!];
        const flap = back.to === first.from && back.at - first.at < dwellMs;
        if (flap) expect(back.to === 'red' || (back.to === 'green' && back.emptied)).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('with the persistence filter (any range the queue spanned lately), still no A → B → A within the dwell, except red or a queue that stayed empty', () => {
    const dwellMs = DEFAULT_SETTINGS.coolDownMinutes * 60_000;
    const pollArb = fc.record({ shares: sharesArb(0, 3), queue: fc.integer({ min: 0, max: 30 }), below: fc.integer({ min: 0, max: 10 }), above: fc.integer({ min: 0, max: 10 }), gapMinutes: fc.integer({ min: 1, max: 40 }) });
    fc.assert(fc.property(fc.constantFrom<Light>('green', 'yellow', 'red'), fc.array(pollArb, { minLength: 2, maxLength: 60 }), (start, polls) => {
      let previous = { light: start, since: new Date(now.getTime() - 24 * HOUR) };
      let t = now.getTime();
      const changes: Array<{ from: Light; to: Light; at: number; emptied: boolean }> = [];
      for (const poll of polls) {
        t += poll.gapMinutes * 60_000;
        const metrics = { ...atShareOfYellow(DEFAULT_SETTINGS, poll.shares), awaitingReview: poll.queue };
        const recent = { fewestAwaiting: Math.max(0, poll.queue - poll.below), mostAwaiting: poll.queue + poll.above, fewestLines: 0, mostLines: metrics.linesAwaitingReview * 2 };
        const decision = decideLight({ metrics, settings: DEFAULT_SETTINGS, previous, stale: [], now: new Date(t), recent });
        if (decision.transition) changes.push({ from: decision.transition.from, to: decision.transition.to, at: t, emptied: recent.mostAwaiting === 0 });
        previous = { light: decision.light, since: decision.since };
      }
      for (let i = 1; i < changes.length; i += 1) {
        const [first, back] = [changes[i - 1]!, changes[i]!];
        const flap = back.to === first.from && back.at - first.at < dwellMs;
        if (flap) expect(back.to === 'red' || (back.to === 'green' && back.emptied)).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('a queue oscillating inside the red band (some rule at or above yellow) never flaps', () => {
    const bandArb = sharesArb(0, 5).filter((shares) => Math.max(...Object.values(shares)) >= 1);
    fc.assert(fc.property(fc.array(bandArb, { minLength: 1, maxLength: 40 }), (steps) => {
      let previous = { light: 'red' as Light, since: new Date(now.getTime() - 24 * HOUR) };
      steps.forEach((shares, i) => {
        const decision = decideLight({ metrics: atShareOfYellow(DEFAULT_SETTINGS, shares), settings: DEFAULT_SETTINGS, previous, stale: [], now: new Date(now.getTime() + i * 5 * 60_000) });
        expect(decision.transition).toBeNull();
        expect(decision.light).toBe('red');
        previous = { light: decision.light, since: decision.since };
      });
    }), { numRuns: 200 });
  });

  it('decideLight with any stale repository is grey', () => {
    const staleArb = fc.array(fc.record({ repo: fc.constantFrom('acme/api', 'acme/web'), lastSuccessAt: fc.constant(null), error: fc.option(fc.string(), { nil: null }), missedPolls: fc.constant(null) }), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(sharesArb(0, 5), previousArb, staleArb, (shares, previous, stale: StaleRepo[]) => {
      expect(decideLight({ metrics: atShareOfYellow(DEFAULT_SETTINGS, shares), settings: DEFAULT_SETTINGS, previous, stale, now }).light).toBe('grey');
    }), { numRuns: 200 });
  });
});

describe('properties of suggestions and swarm plans', () => {
  const context = (open: PullRequestFacts[]): SuggestContext => ({ claims: [], openPullRequests: open, settings: DEFAULT_SETTINGS, now });

  it('suggestions never include the person\'s own PRs, whatever the case of the login', () => {
    fc.assert(fc.property(prsArb, fc.constantFrom('alice', 'ALICE', 'bob', 'Bob', 'carol'), (prs, person) => {
      const suggestions = nextReviews(rankQueue(classifyOpen(prs, DEFAULT_SETTINGS.skipLabels), context(prs)), person).top;
      for (const suggestion of suggestions) expect(suggestion.pr.facts.author?.toLowerCase()).not.toBe(person.toLowerCase());
    }), { numRuns: 300 });
  });

  it('the swarm plan never gives a PR to its author, nor one PR to two people unless it is oversized', () => {
    fc.assert(fc.property(prsArb, fc.subarray(['alice', 'bob', 'Bob', 'carol', 'dave', 'erin'], { minLength: 1 }), (prs, reviewers) => {
      const plan = swarmPlan(reviewers, rankQueue(classifyOpen(prs, DEFAULT_SETTINGS.skipLabels), context(prs)));
      const perPr = new Map<number, string[]>();
      for (const { reviewer, suggestion } of plan) {
        expect(suggestion.pr.facts.author?.toLowerCase()).not.toBe(reviewer.toLowerCase());
        perPr.set(suggestion.pr.facts.number, [...(perPr.get(suggestion.pr.facts.number) ?? []), reviewer.toLowerCase()]);
      }
      for (const [number, people] of perPr) {
        const lines = prs.find((pr) => pr.number === number)!.additions;
        expect(new Set(people).size).toBe(people.length);
        expect(people.length).toBeLessThanOrEqual(lines > DEFAULT_SETTINGS.oversizedLines ? 2 : 1);
      }
      const perReviewer = plan.map((a) => a.reviewer.toLowerCase());
      expect(new Set(perReviewer).size).toBe(perReviewer.length);
    }), { numRuns: 300 });
  });
});
