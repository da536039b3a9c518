import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessHoursBetween } from '../../src/domain/businessHours.js';
import { classifyOpen } from '../../src/domain/classify.js';
import { breakOffAfterHours, reviewAsk, type ReviewCadenceInput } from '../../src/domain/reviewCadence.js';
import { DEFAULT_SETTINGS, type TeamSettings } from '../../src/domain/settingsModel.js';
import type { Claim, Light, PullRequestFacts } from '../../src/domain/types.js';
import { at, pullRequest, review } from './builders.js';

// What the light asks of people, from the queue and `now` (Wednesday 25 Nov 2026, 11:00 UTC; business
// hours 09:00-17:00 UTC, so "opened 10:30" has waited half an hour and "opened 09:00" two hours).

const NOW = at('2026-11-25T11:00:00Z');
const MEMBERS = ['alice', 'bob', 'carol'];

function waiting(number: number, openedAt: string, overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  return pullRequest({ number, author: 'alice', createdAt: at(openedAt), lastCommitAt: at(openedAt), ...overrides });
}

function input(light: Light, prs: PullRequestFacts[], overrides: Partial<ReviewCadenceInput> = {}): ReviewCadenceInput {
  const settings = overrides.settings ?? DEFAULT_SETTINGS;
  return { light, queue: classifyOpen(prs, settings.skipLabels), claims: [], members: MEMBERS, settings, now: NOW, ...overrides };
}

const claim = (number: number, login: string, claimedAt: string): Claim => ({ repo: 'acme/api', number, login, claimedAt: at(claimedAt) });

describe('reviewAsk', () => {
  it('breaks off for a review once it has waited an eighth of the oldest-wait yellow level (1 hour by default)', () => {
    expect(breakOffAfterHours(DEFAULT_SETTINGS)).toBe(1);
    const stricter: TeamSettings = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, oldest_wait: { enabled: true, yellow: 4, red: 8 } } };
    expect(breakOffAfterHours(stricter)).toBe(0.5);
  });

  it.each([
    // [case, light, PRs, claims, members, kind, waiting, overdue]
    ['an empty queue: build', 'green', [], [], MEMBERS, 'build', 0, 0],
    ['one fresh review: review before starting anything new', 'green', [waiting(1, '2026-11-25T10:30:00Z')], [], MEMBERS, 'review_first', 1, 0],
    ['one that waited 2 hours: break off for it', 'green', [waiting(1, '2026-11-25T09:00:00Z'), waiting(2, '2026-11-25T10:45:00Z')], [], MEMBERS, 'break_off', 2, 1],
    ['exactly the limit counts as overdue', 'green', [waiting(1, '2026-11-25T10:00:00Z')], [], MEMBERS, 'break_off', 1, 1],
    ['yellow asks the same, from the queue', 'yellow', [waiting(1, '2026-11-24T16:00:00Z'), waiting(2, '2026-11-25T09:30:00Z'), waiting(3, '2026-11-25T10:59:00Z')], [], MEMBERS, 'break_off', 3, 2],
    ['a claimed PR is someone\'s already', 'green', [waiting(1, '2026-11-25T09:00:00Z')], [claim(1, 'bob', '2026-11-25T10:30:00Z')], MEMBERS, 'build', 0, 0],
    ['a claim older than the claim hours has lapsed', 'green', [waiting(1, '2026-11-24T09:00:00Z')], [claim(1, 'bob', '2026-11-24T10:00:00Z')], MEMBERS, 'break_off', 1, 1],
    ['a claim ends with its claimer\'s review (the PR waits again after a push)', 'green',
      [waiting(1, '2026-11-25T09:00:00Z', { reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-25T10:40:00Z')], lastCommitAt: at('2026-11-25T10:50:00Z') })],
      [claim(1, 'bob', '2026-11-25T10:30:00Z')], MEMBERS, 'review_first', 1, 0],
    ['approved and awaiting-author PRs ask nothing', 'green',
      [waiting(1, '2026-11-25T09:00:00Z', { reviews: [review('bob', 'APPROVED', '2026-11-25T10:00:00Z')] }), waiting(2, '2026-11-25T09:00:00Z', { reviews: [review('bob', 'CHANGES_REQUESTED', '2026-11-25T10:00:00Z')] })],
      [], MEMBERS, 'build', 0, 0],
    ['a solo developer\'s own PR: nobody on the team can take it', 'green', [waiting(1, '2026-11-25T09:00:00Z')], [], ['alice'], 'build', 0, 0],
    ['nobody linked: anyone but the author may take it', 'green', [waiting(1, '2026-11-25T09:00:00Z')], [], [], 'break_off', 1, 1],
    ['red: swarm, whatever waits', 'red', [waiting(1, '2026-11-25T10:30:00Z')], [], MEMBERS, 'swarm', 1, 0],
    ['grey: nothing to ask on stale data', 'grey', [waiting(1, '2026-11-25T09:00:00Z')], [], MEMBERS, 'unknown', 1, 1],
  ] as const)('%s', (_case, light, prs, claims, members, kind, waitingCount, overdue) => {
    const ask = reviewAsk(input(light, [...prs], { claims: [...claims], members: [...members] }));
    expect(ask).toEqual({ kind, waiting: waitingCount, overdue, breakOffAfterHours: 1 });
  });

  it('counts waits in business hours: a PR opened at 16:30 yesterday has waited 2.5 hours at 11:00, not 18.5', () => {
    const ask = reviewAsk(input('green', [waiting(1, '2026-11-24T16:30:00Z')], { settings: { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, oldest_wait: { enabled: true, yellow: 24, red: 40 } } } }));
    expect(ask).toEqual({ kind: 'review_first', waiting: 1, overdue: 0, breakOffAfterHours: 3 });
  });

  it('counts as overdue exactly the PRs whose own business-hours wait reaches the limit, whatever their starts (property)', () => {
    const week = 7 * 24 * 60; // minutes before now a wait may have started
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: week }), { maxLength: 40 }), (minutesAgo) => {
      const prs = minutesAgo.map((m, i) => waiting(i + 1, new Date(NOW.getTime() - m * 60_000).toISOString()));
      const ask = reviewAsk(input('green', prs));
      const expected = prs.filter((pr) => businessHoursBetween(pr.createdAt, NOW, DEFAULT_SETTINGS.workingHours) >= 1).length;
      expect(ask.waiting).toBe(prs.length);
      expect(ask.overdue).toBe(expected);
    }));
  });
});
