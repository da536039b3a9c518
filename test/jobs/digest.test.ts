import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postDigest } from '../../src/jobs/digest.js';
import { ensureTeam } from '../../src/store/teams.js';
import { shownText } from '../helpers/shownText.js';
import { startTeamWorld, TEAM, type TeamWorld } from './teamWorld.js';

describe('the daily standup digest', () => {
  let world: TeamWorld;
  beforeEach(async () => {
    // Monday: three PRs arrive (one oversized), the queue goes yellow, reviews land, back to green.
    // (The team's first evaluation is at 07:00, so the light's two-hour dwell is over when work starts.)
    world = await startTeamWorld('2026-03-02T07:00:00Z');
    await world.tick();
    world.clock.set('2026-03-02T09:30:00Z');
    await world.open(1, 'alice');
    await world.open(2, 'bob');
    await world.open(3, 'carol', { additions: 1400, deletions: 100, title: 'Big <b>bang</b>' });
    await world.tick(60); // the light rises once the queue has held its level for the hour-long persistence window
    world.clock.set('2026-03-02T11:00:00Z');
    await world.review(1, 'bob');
    await world.review(3, 'bob', 'CHANGES_REQUESTED');
    await world.review(2, 'alice', 'COMMENTED');
    await world.tick();
    // The queue emptied at 11:00; it has stayed empty for the persistence window by noon: green.
    world.clock.set('2026-03-02T12:00:00Z');
    await world.tick();
    // Tuesday morning: one new PR waits.
    world.clock.set('2026-03-03T09:00:00Z');
    await world.open(4, 'alice');
    await world.tick();
    world.clock.set('2026-03-03T09:30:00Z');
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    await world.close();
  });

  it('sums up the light, the queue, yesterday, the forecast, the trend, big PRs, the top of the queue and thanks', async () => {
    expect(await postDigest(world.db, TEAM, world.clock.now())).toMatchObject({ status: 'enqueued', day: '2026-03-03' });
    await world.deliver();
    const digests = world.channel().filter((m) => m.text.includes('digest'));
    expect(digests).toHaveLength(1);
    const text = shownText(digests[0]!);
    expect(text).toContain('Review queue digest, 2026-03-03');
    // Three reviews in ten working days is too little history for a rate: no expected wait (it used
    // to call one waiting PR 3.3 days of wait, and red), and no forecast.
    expect(text).toContain('*Light:* green');
    expect(text).toContain('*Since the last digest:* 🟢 6.5 hours · 🟡 1.5 hours');
    expect(text).toMatch(/\*Queue:\* 1 awaiting review \(oldest 30 min, median 30 min\) · 2 with their authors · 1 approved/);
    expect(text).toContain('*Monday:* 3 PRs entered review, 3 reviews done');
    expect(text).toMatch(/\*Flow:\* 0\.3 reviewed and [\d.]+ arriving a business day \(last 10\) · too few reviews lately for an expected wait \(5 in 10 business days needed\)/);
    expect(text).toMatch(/\*Forecast:\* :chart_with_upwards_trend: Growing by [\d.]+ a day; too few reviews in the last 10 business days to say when it turns yellow\./);
    expect(text).toContain('*Trend, last 10 business days:* `▁▁▁▁▁▁▁▁▁█` 0 → 0 → 0 → 0 → 0 → 0 → 0 → 0 → 0 → 1');
    expect(text).toContain('*Oversized PRs*');
    expect(text).toContain('acme/api#3 Big &lt;b&gt;bang&lt;/b&gt;>: 1,500 lines');
    expect(text).toMatch(/\*Top of the queue\*[^]*acme\/api#4/);
    expect(text).toContain("Thanks for Monday's reviews: <@U0BOB> (2), <@U0ALICE> (1)");
  });

  it('posts once per local day on schedule; `/flow digest` posts on request', async () => {
    await postDigest(world.db, TEAM, world.clock.now());
    world.clock.advance(60_000);
    expect(await postDigest(world.db, TEAM, world.clock.now())).toEqual({ status: 'already_posted', day: '2026-03-03' });
    expect(await postDigest(world.db, TEAM, world.clock.now(), { requested: true })).toMatchObject({ status: 'enqueued' });
    await world.deliver();
    expect(world.channel().filter((m) => m.text.includes('digest'))).toHaveLength(2);
  });

  it('counts the time in each light from the last digest on', async () => {
    await postDigest(world.db, TEAM, world.clock.now());
    world.clock.set('2026-03-04T09:30:00Z');
    await world.tick();
    await postDigest(world.db, TEAM, world.clock.now());
    await world.deliver();
    const wednesday = shownText(world.channel().at(-1)!);
    expect(wednesday).toContain('Review queue digest, 2026-03-04');
    expect(wednesday).toMatch(/\*Since the last digest:\* 🟢 1 day$/m);
    expect(wednesday).toContain('*Tuesday:* 1 PR entered review, 0 reviews done');
    expect(wednesday).not.toContain('Thanks for');
  });

  it('is skipped for a channel that watches no repositories', async () => {
    await ensureTeam(world.db, 'C0EMPTY', world.clock.now());
    expect(await postDigest(world.db, 'C0EMPTY', world.clock.now())).toEqual({ status: 'skipped', reason: 'no_repositories' });
    expect(await postDigest(world.db, 'C0EMPTY', world.clock.now(), { requested: true })).toEqual({ status: 'skipped', reason: 'no_repositories' });
  });
});
