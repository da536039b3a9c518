import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/domain/light.js';
import type { Suggestion } from '../../src/domain/suggest.js';
import type { SwarmAssignment } from '../../src/domain/swarm.js';
import type { PullRequestFacts } from '../../src/domain/types.js';
import { buildAlert } from '../../src/slack/blocks/alert.js';
import { buildDigest, type DigestData } from '../../src/slack/blocks/digest.js';
import { buildGateDm } from '../../src/slack/blocks/gateDm.js';
import { blockKitViolations } from '../../src/sim/slack/blockKitLimits.js';
import { pullRequest } from '../domain/builders.js';
import { shownText } from '../helpers/shownText.js';

// The job messages, built from hostile and huge input, stay within Block Kit's limits (what the fake
// Slack enforces) and show untrusted text as text.

const at = new Date('2026-03-02T10:00:00Z');
const people = new Map([['alice', 'U0ALICE'], ['bob', 'U0BOB']]);

function suggestion(pr: PullRequestFacts, explanation = 'waiting 2 hours · 100 lines, about 15 min'): Suggestion {
  return { pr: { facts: pr, queue: 'awaiting_review', awaitingReviewSince: at }, priority: 1, effortMinutes: 15, waitBusinessHours: 2, totalWaitBusinessHours: 2, requested: null, requestedVia: null, openedWhileRed: false, blocks: [], explanation };
}

function reason(text: string): Reason {
  return { rule: 'queue_per_reviewer', value: 3, threshold: 2, light: 'red', text };
}

function redAlert(titles: string[], logins: string[]) {
  const assignments: SwarmAssignment[] = titles.map((title, i) => ({
    reviewer: logins[i % logins.length]!,
    suggestion: suggestion(pullRequest({ number: i + 1, title, author: 'mallory' })),
    role: 'planned',
  }));
  return buildAlert({ transition: { from: 'yellow', to: 'red', reasons: [reason('3 per reviewer; red at 2')], at }, plan: { assignments, unassigned: 7, people }, planUpdatedAt: at, people });
}

function digest(overrides: Partial<DigestData> = {}): DigestData {
  return {
    day: '2026-03-03', light: 'yellow', reasons: [reason('1.2 per reviewer; yellow at 1')],
    timeInLights: [{ light: 'green', businessHours: 6 }, { light: 'yellow', businessHours: 2 }],
    queue: { awaitingReview: 4, awaitingAuthor: 1, approved: 2, oldestWaitBusinessHours: 9, medianWaitBusinessHours: 3 },
    previousDay: { weekday: 'Monday', arrivals: 3, reviewers: [{ login: 'bob', reviews: 2 }] },
    expectedWaitBusinessDays: 1.3, throughputPerDay: 3, arrivalsPerDay: 4,
    forecast: { kind: 'growing', netPerDay: 1, nextLight: 'red', crossesInBusinessDays: 2, crossesAt: null, earliestBusinessDays: 1.2, latestBusinessDays: 4.5, withheld: null },
    trend: [{ date: '2026-03-02', queue: 1 }, { date: '2026-03-03', queue: 4 }], sparkline: '▁█',
    oversized: [], topOfQueue: [], dayHours: 8, people,
    ...overrides,
  };
}

describe('job messages within Block Kit limits', () => {
  it('keeps a swarm plan of 1,000 people with 10,000-character titles inside 50 blocks of at most 3,000 characters', () => {
    const message = redAlert(Array.from({ length: 1000 }, (_, i) => `${i} ${'<!here> '.repeat(1250)}`), Array.from({ length: 1000 }, (_, i) => `dev${i}`));
    expect(blockKitViolations(message as unknown as Record<string, unknown>)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(shownText(message)).toContain('The plan is longer than one message holds');
    expect(shownText(message)).not.toContain('<!here>');
  });

  it('keeps a digest with huge lists and titles inside the limits', () => {
    const big = Array.from({ length: 400 }, (_, i) => pullRequest({ number: i, title: 'x'.repeat(10_000), additions: 5000 }));
    const message = buildDigest(digest({
      oversized: big.map((pr) => ({ pr, lines: 5000 })),
      topOfQueue: big.map((pr) => ({ pr, why: '<!channel> '.repeat(500) })),
      previousDay: { weekday: 'Monday', arrivals: 400, reviewers: Array.from({ length: 500 }, (_, i) => ({ login: `<@U${i}>`, reviews: 1 })) },
      reasons: Array.from({ length: 100 }, () => reason('y'.repeat(500))),
    }));
    expect(blockKitViolations(message as unknown as Record<string, unknown>)).toEqual([]);
    expect(shownText(message)).not.toMatch(/<!channel>|<@U\d/);
  });

  it('escapes whatever GitHub sends in titles, logins and explanations (property)', () => {
    const hostile = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('<!channel>', '<@U123>', '<https://evil.example|click>', '&lt;', '*bold*', '`code`', '|', '>'));
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 30 }), fc.array(hostile, { minLength: 1, maxLength: 5 }), (titles, logins) => {
        const messages = [
          redAlert(titles, logins),
          buildGateDm({ channelId: 'C0TEAM', ownPullRequest: pullRequest({ title: titles[0]! }), suggestion: suggestion(pullRequest({ number: 2, title: titles.at(-1)! }), logins[0]!) }),
          buildDigest(digest({ topOfQueue: titles.map((title, i) => ({ pr: pullRequest({ number: i, title }), why: logins[i % logins.length]! })), previousDay: { weekday: 'Monday', arrivals: 1, reviewers: logins.map((login) => ({ login, reviews: 1 })) } })),
        ];
        for (const message of messages) {
          expect(blockKitViolations(message as unknown as Record<string, unknown>)).toEqual([]);
          const text = shownText(message);
          // Only flowlight's own markup may open with "<": known mentions, channel refs, dates and PR links.
          for (const match of text.matchAll(/<([^>]*)>/g)) {
            expect(match[1]).toMatch(/^(@U0(ALICE|BOB)|#C0TEAM|!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^<]*|https:\/\/github\.com\/acme\/api\/pull\/\d+\|[^<|]*)$/);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('words each transition for people', () => {
    const text = (from: 'green' | 'yellow' | 'red' | 'grey', to: 'green' | 'yellow' | 'red' | 'grey') =>
      shownText(buildAlert({ transition: { from, to, reasons: [reason('why')], at }, people }));
    expect(text('green', 'yellow')).toContain('The review queue is filling up');
    expect(text('red', 'yellow')).toContain('Down to yellow');
    expect(text('grey', 'yellow')).toContain('Fresh data again');
    expect(text('yellow', 'grey')).toContain('the light is grey');
    expect(text('grey', 'green')).toContain('Fresh data again: the review queue is clear');
    expect(text('green', 'red')).toContain('Nothing left to hand out');
    const nobodyLinked = buildAlert({ transition: { from: 'green', to: 'red', reasons: [], at }, people: new Map() });
    expect(shownText(nobodyLinked)).toContain('No reviewers are linked yet');
  });
});
