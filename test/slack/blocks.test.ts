import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/domain/light.js';
import type { TeamMetrics } from '../../src/domain/metrics.js';
import type { Suggestion } from '../../src/domain/suggest.js';
import { buildConfig } from '../../src/slack/blocks/config.js';
import { buildHelp } from '../../src/slack/blocks/help.js';
import { buildQueuePage, QUEUE_PAGE_SIZE } from '../../src/slack/blocks/queue.js';
import { buildRepos } from '../../src/slack/blocks/repos.js';
import { buildSettingChanged } from '../../src/slack/blocks/settingChanged.js';
import { buildStatus } from '../../src/slack/blocks/status.js';
import { buildSuggestion, decodeSkipped, encodeSkipped } from '../../src/slack/blocks/suggestion.js';
import { blockKitViolations } from '../../src/sim/slack/blockKitLimits.js';
import { pullRequest } from '../domain/builders.js';
import { shownText } from '../helpers/shownText.js';

// The Block Kit builders are pure: read them without any fake. Whatever the data, what they build
// stays inside Slack's limits and shows untrusted text as text.

const HOSTILE = '<!channel> fix <https://evil.example|click> & <@U123> *bold* `code`';
const now = new Date('2026-11-25T10:00:00Z');

function suggestion(number: number, title = `Change ${number}`): Suggestion {
  return {
    pr: { facts: pullRequest({ number, title, author: number % 2 ? '<!here>' : null }), queue: 'awaiting_review', awaitingReviewSince: now },
    priority: 1 / number,
    effortMinutes: 20,
    waitBusinessHours: 12,
    totalWaitBusinessHours: 12,
    requested: number % 3 === 0 ? 'direct' : null,
    requestedVia: null,
    openedWhileRed: false,
    blocks: [],
    explanation: `waiting 1.5 days · 120 lines, about 20 min · ${HOSTILE}`,
  };
}

const metrics: TeamMetrics = {
  awaitingReview: 120, awaitingAuthor: 4, approved: 2, linesAwaitingReview: 40_000, oldestWaitBusinessHours: 50, medianWaitBusinessHours: 10,
  reviewers: 6, throughputPerDay: 2, arrivalsPerDay: 6, expectedWaitBusinessDays: 60,
  rankedWaitBusinessHours: 50, waitRank: 1, reviewersKnown: true, anyoneToSwarm: true,
  basis: { reviewersFrom: 'linked', reviewsInWindow: 20, enoughHistory: true, waitRank: 1 },
  forecast: { kind: 'growing', netPerDay: 4, nextLight: null, crossesInBusinessDays: null, crossesAt: null, earliestBusinessDays: null, latestBusinessDays: null, withheld: 'already_red' },
};

const reason = (text: string): Reason => ({ rule: 'oldest_wait', value: 50, threshold: 16, light: 'red', text });

function expectSafe(message: { text: string; blocks: unknown[] }): void {
  expect(blockKitViolations(message as unknown as Record<string, unknown>)).toEqual([]);
  const shown = JSON.stringify(message);
  expect(shown).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
}

describe('Block Kit builders', () => {
  it('page a queue of 120 PRs with 10,000-character hostile titles within the limits', () => {
    const items = Array.from({ length: 120 }, (_, i) => suggestion(i + 1, `${HOSTILE} ${'t'.repeat(10_000)}`));
    for (let page = 0; page < 120 / QUEUE_PAGE_SIZE; page += 1) {
      const message = buildQueuePage({ items, page, claimedBy: new Map([['acme/api#1', '<@U0BOB>']]), awaitingAuthor: 1, approved: 0 });
      expectSafe(message);
    }
    expect(JSON.stringify(buildQueuePage({ items, page: 0, claimedBy: new Map(), awaitingAuthor: 0, approved: 0 }))).toContain('&lt;!channel&gt; fix');
  });

  it('build a status with many reasons and delivery problems within the limits', () => {
    const message = buildStatus({
      light: 'grey', since: new Date('2026-11-24T10:00:00Z'),
      reasons: Array.from({ length: 200 }, (_, i) => reason(`acme/repo-${i} has not been read for 12 min: ${HOSTILE} ${'e'.repeat(500)}`)),
      metrics, dayHours: 8, top: [suggestion(1, HOSTILE), suggestion(2), suggestion(3)],
      mine: { kind: 'suggestion', suggestion: suggestion(4, HOSTILE) },
      repoCount: 200,
      backlog: Array.from({ length: 60 }, (_, i) => ({
        state: (['channel_access', 'bot_token', 'other_refusal', 'retrying', 'dropped', 'awaiting_target'] as const)[i % 6]!,
        target: i % 2 ? 'C0TEAM' : 'U0BOB', count: i + 1, reason: `not_in_channel ${HOSTILE}`, oldest: now,
      })),
      recheck: { token: '5 min', slow: '30 min' },
      now,
    });
    expectSafe(message);
    expect(JSON.stringify(message)).toContain('<#C0TEAM>');
  });

  it('word every forecast and an unknown expected wait', () => {
    for (const forecast of [
      { kind: 'shrinking' as const, netPerDay: -2, clearsInBusinessDays: 3 },
      { kind: 'shrinking' as const, netPerDay: -2, clearsInBusinessDays: null },
      { kind: 'steady' as const },
      { kind: 'growing' as const, netPerDay: 1.5, nextLight: 'red' as const, crossesInBusinessDays: 2, crossesAt: now, earliestBusinessDays: 1.2, latestBusinessDays: 4.5, withheld: null },
      { kind: 'growing' as const, netPerDay: 0.2, nextLight: 'red' as const, crossesInBusinessDays: null, crossesAt: null, earliestBusinessDays: null, latestBusinessDays: null, withheld: 'beyond_history' as const },
      { kind: 'growing' as const, netPerDay: 0.2, nextLight: 'red' as const, crossesInBusinessDays: null, crossesAt: null, earliestBusinessDays: null, latestBusinessDays: null, withheld: 'already_over' as const },
      { kind: 'growing' as const, netPerDay: 1.5, nextLight: 'red' as const, crossesInBusinessDays: 2, crossesAt: now, earliestBusinessDays: 0, latestBusinessDays: 4.5, withheld: null, burst: 3 },
    ]) {
      const message = buildStatus({ light: 'yellow', since: now, reasons: [], metrics: { ...metrics, forecast, expectedWaitBusinessDays: null }, dayHours: 8, top: [], mine: { kind: 'nothing' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now });
      expectSafe(message);
      expect(JSON.stringify(message)).toMatch(/Shrinking by 2 a day|Steady|turns red in 1.2–4.5 business days \(80% range, most likely 2\)|too uncertain to say when it turns red: it may not within the next 10 business days|already at the red level, the light holds a while before it rises|turns red within 4.5 business days, maybe at any moment: 3 PRs arrived within an hour lately \(80% range, most likely 2\)/);
      expect(JSON.stringify(message)).toContain('too few reviews lately for an expected wait (5 in 10 business days needed)');
      expect(JSON.stringify(message)).toContain('Based on 6 linked reviewers · 20 reviews in the last 10 business days · oldest wait read on the oldest PR.');
    }
  });

  it.each([
    // [basis, reviewers, anyone to swarm, what /flow status says the light is based on]
    [{ reviewersFrom: 'linked', reviewsInWindow: 40, enoughHistory: true, waitRank: 4 }, 20, true, 'Based on 20 linked reviewers · 40 reviews in the last 10 business days · oldest wait read on the 4th oldest PR (one per 6 reviewers).'],
    [{ reviewersFrom: 'linked', reviewsInWindow: 2, enoughHistory: false, waitRank: 1 }, 1, false, 'Based on 1 linked reviewer · too little history (2 reviews in 10 business days, 5 needed), so no expected wait and no forecast · oldest wait read on the oldest PR · no red: nobody but the authors could review what waits.'],
    [{ reviewersFrom: 'unknown', reviewsInWindow: 0, enoughHistory: false, waitRank: 1 }, 1, true, 'Based on no known reviewers (nobody linked, no reviews lately), so no per-reviewer rules: `/flow link GITHUB-LOGIN` · too little history (0 reviews in 10 business days, 5 needed), so no expected wait and no forecast · oldest wait read on the oldest PR.'],
  ] as const)('say what the light is based on (%j)', (basis, reviewers, anyoneToSwarm, line) => {
    const message = buildStatus({ light: 'green', since: now, reasons: [], metrics: { ...metrics, basis, reviewers, anyoneToSwarm }, dayHours: 8, top: [], mine: { kind: 'nothing' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now });
    expectSafe(message);
    expect(shownText(message)).toContain(line);
  });

  it('say when the minimum dwell holds the light, and for how long', () => {
    const message = buildStatus({ light: 'yellow', since: now, reasons: [], metrics, dayHours: 8, top: [], mine: { kind: 'nothing' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now, dwellEndsAt: new Date(now.getTime() + 45 * 60_000) });
    expectSafe(message);
    expect(shownText(message)).toContain('it holds for its minimum dwell (`/flow set cooldown`; only a rise to red or a queue empty for the last hour does not wait) for 45 min more.');
    expect(shownText(buildStatus({ light: 'yellow', since: now, reasons: [], metrics, dayHours: 8, top: [], mine: { kind: 'nothing' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now }))).not.toContain('minimum dwell');
  });

  it.each([
    // [what the light asks, the line /flow status shows]
    [{ kind: 'build', waiting: 0, overdue: 0, breakOffAfterHours: 1 }, '*What the light asks:* nothing waits for a review that someone besides its author could take: build.'],
    [{ kind: 'review_first', waiting: 1, overdue: 0, breakOffAfterHours: 1 }, '*What the light asks:* 1 review waits that nobody has picked up. Whoever opens a PR or finishes a review takes one before starting something new (`/flow next`); break off from your own work only for one that has waited 1 hour (none has).'],
    [{ kind: 'break_off', waiting: 3, overdue: 1, breakOffAfterHours: 1 }, '*What the light asks:* 3 reviews wait that nobody has picked up, 1 of them for 1 hour or more: one of you, break off what you are building and take it now (`/flow next`); everyone else, review before starting something new.'],
    [{ kind: 'break_off', waiting: 3, overdue: 2, breakOffAfterHours: 0.5 }, '3 reviews wait that nobody has picked up, 2 of them for 30 min or more: 2 of you, break off what you are building and take one each now'],
    [{ kind: 'swarm', waiting: 4, overdue: 4, breakOffAfterHours: 1 }, '*What the light asks:* everyone stops starting new work and swarms the queue (4 reviews wait that nobody has picked up).'],
    [{ kind: 'unknown', waiting: 4, overdue: 4, breakOffAfterHours: 1 }, '*What the light asks:* nothing until the data is fresh again.'],
  ] as const)('say what the light asks of people right now (%j)', (ask, line) => {
    const message = buildStatus({ light: 'green', since: now, reasons: [], metrics, dayHours: 8, top: [], mine: { kind: 'nothing' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now, ask });
    expectSafe(message);
    expect(shownText(message)).toContain(line);
  });

  it('say when the persistence filter holds the light below what the rules call for', () => {
    const held = buildStatus({ light: 'green', since: now, reasons: [], metrics, dayHours: 8, top: [], mine: { kind: 'nothing' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now, heldByPersistence: true });
    expectSafe(held);
    expect(shownText(held)).toContain('it rises once the queue has held that level for a whole hour');
    expect(shownText(buildStatus({ light: 'green', since: now, reasons: [], metrics, dayHours: 8, top: [], mine: { kind: 'nothing' }, repoCount: 1, backlog: [], recheck: { token: '5 min', slow: '30 min' }, now }))).not.toContain('held that level');
  });

  it('build a suggestion whose Skip value stays under 2000 characters however much was skipped', () => {
    const skipped = Array.from({ length: 500 }, (_, i) => `some-long-owner-name/some-long-repository-name#${i}`);
    const message = buildSuggestion({ suggestion: suggestion(1, HOSTILE), skipped, remaining: 3 });
    expectSafe(message);
    const skip = JSON.stringify(message.blocks).match(/"action_id":"flow_skip","value":"((?:[^"\\]|\\.)*)"/);
    const value = JSON.parse(`"${skip![1]}"`) as string;
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(decodeSkipped(value)).toContain('acme/api#1');
    expect(decodeSkipped(value)).toContain('some-long-owner-name/some-long-repository-name#499');
  });

  it.each(['', 'null', '{"skip":"x"}', '{"skip":[1,2]}', '[]', '3000 x'])('decode a malformed Skip value %j as nothing skipped', (label) => {
    const value = label === '3000 x' ? 'x'.repeat(3000) : label;
    expect(decodeSkipped(value)).toEqual([]);
  });

  it('keep a round trip of skipped keys', () => {
    expect(decodeSkipped(encodeSkipped(['a/b#1', 'a/b#2', 'a/b#1']))).toEqual(['a/b#1', 'a/b#2']);
  });

  it('list 100 repositories with hostile errors within the limits', () => {
    expectSafe(buildRepos(Array.from({ length: 100 }, (_, i) => ({ repo: `acme/r${i}`, lastSuccessAt: i % 2 ? now : null, lastError: i % 3 ? null : HOSTILE })), now));
  });

  it('show settings, help and a setting change within the limits', () => {
    expectSafe(buildConfig(Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: HOSTILE, help: HOSTILE }))));
    expectSafe(buildHelp(`I don't know ${HOSTILE.replace(/</g, '&lt;').replace(/>/g, '&gt;')}`));
    const changed = buildSettingChanged('U0ALICE', `skip labels: wip → ${HOSTILE}`);
    expectSafe(changed);
    expect(changed.text).toContain('<@U0ALICE>');
  });
});
