import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { ACTION_IDS } from '../../src/slack/blocks/actionIds.js';
import { getSettingsOverrides } from '../../src/store/teams.js';
import type { PullRequestFacts } from '../../src/domain/types.js';
import { review } from '../domain/builders.js';
import { buttonsOf, CHANNEL, flow, press, shownText, startHarness, type Harness } from './harness.js';
import { seedTeam, waitingPr } from './seed.js';

// /flow replay through signed requests to the real Bolt app, on a store holding three working weeks of
// history: every business day some PRs open at 09:00 and are approved and merged later that day,
// a different number each day, so the queue has a distribution to calibrate on.

const NOW = '2026-11-25T10:00:00Z'; // a Wednesday

function history(): PullRequestFacts[] {
  const prs: PullRequestFacts[] = [];
  let number = 1;
  const start = new Date('2026-11-04T00:00:00Z'); // three weeks before
  for (let day = 0; day < 21; day += 1) {
    const date = new Date(start.getTime() + day * 86_400_000);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    const ymd = date.toISOString().slice(0, 10);
    const count = [1, 2, 6, 3, 9][day % 5]!;
    for (let i = 0; i < count; i += 1) {
      const reviewedAt = `${ymd}T${String(11 + (i % 6)).padStart(2, '0')}:30:00Z`;
      prs.push(waitingPr(number, {
        number,
        createdAt: new Date(`${ymd}T09:00:00Z`),
        lastCommitAt: new Date(`${ymd}T09:00:00Z`),
        commitTimes: [new Date(`${ymd}T09:00:00Z`)],
        reviews: [review('carol', 'APPROVED', reviewedAt)],
        state: 'MERGED',
        mergedAt: new Date(`${ymd}T17:30:00Z`),
        closedAt: new Date(`${ymd}T17:30:00Z`),
      }));
      number += 1;
    }
  }
  return prs;
}

describe('/flow replay', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: NOW });
  });
  afterEach(async () => h.close());

  it('shows yellow and red shares and changes with the current and the suggested levels, says the history is shorter than asked, and offers one button', async () => {
    await seedTeam(h, history());
    const reply = await flow(h, 'replay');
    const shown = shownText(reply);
    expect(shown).toMatch(/With the current levels:\* yellow \d+% and red \d+% of business hours, \d+ light changes?/);
    expect(shown).toMatch(/With the suggested levels:\* yellow \d+% and red \d+% of business hours/);
    expect(shown).toContain('You asked for 4 weeks; the stored history covers 3 weeks (since 2026-11-04)');
    expect(shown).toMatch(/\*Suggested:\* `(yellow|red)\.\w+ [\d.]+`/);
    expect(shown).toContain('worst ~10% of business hours');
    const buttons = buttonsOf(reply);
    expect([...buttons.keys()]).toEqual([ACTION_IDS.applySuggestion]);
    expect(Object.keys(JSON.parse(buttons.get(ACTION_IDS.applySuggestion)!)).length).toBeGreaterThan(0);
  });

  it('the button, pressed by an admin, saves the suggested levels and announces them in the channel', async () => {
    await seedTeam(h, history());
    const value = buttonsOf(await flow(h, 'replay 2')).get(ACTION_IDS.applySuggestion)!;
    const suggested = JSON.parse(value) as Record<string, number>;
    const reply = await press(h, ACTION_IDS.applySuggestion, value);
    expect(shownText(reply)).toContain('Saved');
    const stored = JSON.parse(await getSettingsOverrides(h.db, CHANNEL)) as { rules: Record<string, { yellow?: number; red?: number }> };
    for (const [key, level] of Object.entries(suggested)) {
      const [which, rule] = key.split('.') as ['yellow' | 'red', string];
      expect(stored.rules[rule]?.[which], key).toBe(level);
    }
    await deliverDue(h.db, createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url }), h.clock.now(), { logger: silentLogger });
    const [announcement] = h.slack.transcript(CHANNEL);
    expect(announcement?.text).toContain('<@U0ALICE> changed a setting');
    expect(announcement?.text).toContain('levels suggested by /flow replay');
  });

  it('the button refuses someone who is not an admin and changes nothing', async () => {
    await seedTeam(h, history());
    const value = buttonsOf(await flow(h, 'replay')).get(ACTION_IDS.applySuggestion)!;
    const reply = await press(h, ACTION_IDS.applySuggestion, value, { user: 'U0BOB' });
    expect(shownText(reply)).toContain('Only a flowlight admin can');
    expect(await getSettingsOverrides(h.db, CHANNEL)).toMatch(/^\{\}$|^$/);
  });

  it('a tampered button value is refused with what to do', async () => {
    await seedTeam(h, history());
    const reply = await press(h, ACTION_IDS.applySuggestion, '{"colour": "blue"}');
    expect(shownText(reply)).toContain('Run `/flow replay` again');
  });

  it.each([
    ['replay abc', 'is not a number of weeks'],
    ['replay 2 3', 'is not a number of weeks'],
    ['replay 0', 'Replay from 1 to 12 weeks (got 0)'],
    ['replay 99', 'Replay from 1 to 12 weeks (got 99)'],
  ])('/flow %s: says what to type instead', async (text, message) => {
    await seedTeam(h, history());
    expect(shownText(await flow(h, text))).toContain(message);
  });

  it('a channel without repositories is told how to start', async () => {
    expect(shownText(await flow(h, 'replay'))).toContain('watches no repositories yet');
  });

  it('with too little history it says so instead of suggesting', async () => {
    await seedTeam(h, history().filter((pr) => pr.createdAt >= new Date('2026-11-23T00:00:00Z')));
    const shown = shownText(await flow(h, 'replay'));
    expect(shown).toContain('Too little history to suggest levels');
    expect(buttonsOf(await flow(h, 'replay')).size).toBe(0);
  });
});
