import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateAllTeams, evaluateTeam } from '../../src/jobs/evaluate.js';
import { silentLogger } from '../../src/logger.js';
import { claimPullRequest } from '../../src/store/claims.js';
import { getTeamLight } from '../../src/store/lights.js';
import { ensureTeam } from '../../src/store/teams.js';
import { captureLogger } from './support.js';
import { shownText } from '../helpers/shownText.js';
import { PEOPLE, REPO, startTeamWorld, TEAM, type TeamWorld } from './teamWorld.js';

const planLine = (text: string, slackId: string) => new RegExp(`<@${slackId}> → <https://github\\.com/acme/api/pull/(\\d+)\\|`).exec(text)?.[1];

describe('alerts on light transitions', () => {
  let world: TeamWorld;
  beforeEach(async () => {
    world = await startTeamWorld();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]); // every message stayed within Block Kit's limits
    await world.close();
  });

  async function goRed(): Promise<void> {
    const authors = ['alice', 'bob', 'carol', 'alice', 'bob', 'carol', 'alice'];
    for (const [i, author] of authors.entries()) await world.open(i + 1, author);
    await world.tick(5);
  }

  it('posts exactly one alert per transition, however often the team is evaluated', async () => {
    expect(await world.tick()).toMatchObject({ light: 'green', transition: null });
    for (const [i, author] of ['alice', 'bob', 'carol', 'alice'].entries()) await world.open(i + 1, author);
    const held = await world.tick(5); // green holds for its two-hour dwell (since the first evaluation)
    expect(held).toMatchObject({ light: 'green', transition: null });
    const first = await world.tick(120);
    expect(first?.transition).toMatchObject({ from: 'green', to: 'yellow' });
    await world.tick(1);
    await world.tick(1);
    expect(world.channel()).toHaveLength(1);
    const text = shownText(world.channel()[0]!);
    expect(text).toContain('green → yellow');
    expect(text).toContain('before starting new work, pick up a review: `/flow next`');
    expect(text).toMatch(/per reviewer/i); // the reason, worded for people
    expect((await getTeamLight(world.db, TEAM))?.light).toBe('yellow');
  });

  it('announces a transition once when two evaluations race', async () => {
    for (const [i, author] of ['alice', 'bob', 'carol', 'alice'].entries()) await world.open(i + 1, author);
    world.clock.advance(60_000);
    const [a, b] = await Promise.all([world.evaluate(), world.evaluate()]);
    expect([a?.alerts, b?.alerts].sort()).toEqual([0, 1]);
    await world.deliver();
    expect(world.channel()).toHaveLength(1);
  });

  it('goes red with a swarm plan: each linked person → a PR they did not write, why', async () => {
    await goRed();
    expect(world.channel()).toHaveLength(1);
    const red = world.channel()[0]!;
    const text = shownText(red);
    expect(text).toContain('stop starting');
    expect(text).toContain('Swarm plan');
    for (const [login, slackId] of Object.entries(PEOPLE)) {
      const number = Number(planLine(text, slackId));
      expect(number, `${login} has a line in the plan`).toBeGreaterThan(0);
      expect(world.prs.get(number)?.author).not.toBe(login);
    }
    expect(text).toMatch(/waiting \d+ min · 100 lines, about 15 min/);
    expect(text).toMatch(/4 more PRs are waiting/);
  });

  it('edits the red alert in place when a PR is claimed or reviewed, and only then', async () => {
    await goRed();
    const red = world.channel()[0]!;
    await world.tick(1);
    await world.tick(1);
    expect(red.edits).toBe(0); // wait times ticking up do not change the plan

    const carolsPr = Number(planLine(shownText(red), PEOPLE.carol));
    const claimed = world.prs.get(carolsPr)!.author === 'bob' ? Number(planLine(shownText(red), PEOPLE.alice)) : carolsPr;
    await claimPullRequest(world.db, TEAM, { repo: REPO, number: claimed, login: 'bob', slackUserId: PEOPLE.bob }, world.clock.now());
    await world.tick(1);
    expect(red.edits).toBe(1);
    expect(Number(planLine(shownText(red), PEOPLE.bob))).toBe(claimed);
    expect(shownText(red)).toContain('Plan updated');

    await world.review(claimed, 'bob');
    await world.tick(1);
    expect(red.edits).toBe(2);
    expect(shownText(red)).not.toContain(`/pull/${claimed}|`);
    expect(world.channel()).toHaveLength(1);
  });

  it('DMs a person whose new PR enters the queue while red, once per red period', async () => {
    await goRed();
    await world.open(8, 'alice');
    await world.tick(1);
    await world.open(9, 'alice');
    await world.tick(1);
    const dms = world.slack.transcript(`D${PEOPLE.alice}`);
    expect(dms).toHaveLength(1);
    const text = shownText(dms[0]!);
    expect(text).toContain('Your team is swarming');
    expect(text).toContain(`<#${TEAM}>`);
    expect(text).toContain('/pull/8|');
    expect(text).toMatch(/Pick up first:\* <https:\/\/github\.com\/acme\/api\/pull\/\d+\|/);
    // People whose PRs were already in the queue when it went red get no DM.
    expect(world.slack.transcript(`D${PEOPLE.bob}`)).toHaveLength(0);
  });

  it('names the same PR in the gate DM as the person\'s line of the swarm plan, even a large PR that ranks last', async () => {
    await world.open(1, 'bob', { additions: 3000, deletions: 0, pendingReviewers: [{ kind: 'user', login: 'alice' }] });
    await world.open(2, 'carol', { pendingReviewers: [{ kind: 'user', login: 'bob' }] }); // small: alice's best by priority alone
    for (let n = 3; n <= 7; n += 1) await world.open(n, 'alice');
    expect((await world.tick(5))?.light).toBe('red');
    await world.open(8, 'alice');
    await world.tick(1);

    const alicesLine = Number(planLine(shownText(world.channel()[0]!), PEOPLE.alice));
    expect(alicesLine).toBe(1);
    const dm = shownText(world.slack.transcript(`D${PEOPLE.alice}`)[0]!);
    expect(dm).toMatch(new RegExp(`Pick up first:\\* <https://github\\.com/acme/api/pull/${alicesLine}\\|.*your line of the swarm plan · `));
  });

  it('sends no gate DMs when the team switched them off', async () => {
    await world.close();
    world = await startTeamWorld('2026-03-02T10:00:00Z', { gateDms: false });
    await goRed();
    await world.open(8, 'alice');
    await world.tick(1);
    expect(world.slack.callsTo('conversations.open')).toHaveLength(0);
  });

  it('clears back to green with how long it took and who reviewed, and closes the swarm', async () => {
    await goRed();
    const red = world.channel()[0]!;
    world.clock.advance(45 * 60_000); // past the cool-down
    const reviewers = ['bob', 'carol', 'alice', 'carol', 'alice', 'bob', 'bob'];
    for (const [i, reviewer] of reviewers.entries()) await world.review(i + 1, reviewer);
    // A queue emptied a minute ago is not yet cleared: green once it has stayed empty for the hour-long persistence window.
    expect(await world.tick(1)).toMatchObject({ light: 'red', transition: null });
    const result = await world.tick(60);
    expect(result?.transition).toMatchObject({ from: 'red', to: 'green' });

    expect(world.channel()).toHaveLength(2);
    const cleared = shownText(world.channel()[1]!);
    expect(cleared).toContain('Review queue cleared: back to green');
    expect(cleared).toContain('7 reviews done by <@U0BOB> (3), <@U0ALICE> (2), <@U0CAROL> (2)');
    expect(cleared).toMatch(/The queue left green .* and reached red; clearing it took 1.8 hours of working time, 1.8 hours on the clock\./);
    expect(shownText(red)).toContain('Swarm over');
    expect(shownText(red)).not.toContain('Swarm plan');
  });

  it('starts a new red period with a new plan message and new gate DMs', async () => {
    await goRed();
    await world.open(8, 'alice');
    await world.tick(1);
    world.clock.advance(45 * 60_000);
    for (const number of world.prs.keys()) await world.review(number, world.prs.get(number)!.author === 'bob' ? 'carol' : 'bob');
    await world.tick(61); // the queue stayed empty for the persistence window
    expect((await getTeamLight(world.db, TEAM))?.light).toBe('green');

    for (let n = 20; n < 27; n += 1) await world.open(n, ['alice', 'bob', 'carol'][n % 3]!);
    await world.tick(5);
    await world.open(30, 'alice');
    await world.tick(1);
    expect(world.channel().map((m) => m.text.slice(0, 2))).toEqual(['🔴', '🟢', '🔴']);
    expect(world.slack.transcript(`D${PEOPLE.alice}`)).toHaveLength(2);
  });

  it('turns grey when GitHub cannot be read, naming the repository, and says when data is fresh again', async () => {
    await world.open(1, 'alice');
    await world.tick();
    for (let i = 0; i < 4; i += 1) await world.tick(1, { failed: 'GitHub refused the token (401 Bad credentials)' });
    expect(world.channel()).toHaveLength(1);
    const grey = shownText(world.channel()[0]!);
    expect(grey).toContain('flowlight cannot read GitHub: the light is grey');
    expect(grey).toContain('acme/api');
    expect(grey).toContain('401 Bad credentials');
    expect(grey).toContain('GITHUB_TOKEN');

    await world.tick(1);
    expect(world.channel()).toHaveLength(2);
    expect(shownText(world.channel()[1]!)).toContain('Fresh data again: the review queue is clear');
  });

  it('shows PR titles as text: a title cannot ping the channel or hide a link', async () => {
    const authors = ['alice', 'bob', 'carol', 'alice', 'bob', 'carol', 'alice'];
    for (const [i, author] of authors.entries()) {
      await world.open(i + 1, author, { title: i % 2 ? '<!channel> fix & <https://evil.example|click>' : `<@U999> ${'x'.repeat(5000)}` });
    }
    await world.tick(5);
    const text = shownText(world.channel()[0]!);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).not.toContain('<@U999>');
    expect(text).toContain('&lt;!channel&gt; fix &amp; &lt;https://evil.example¦click&gt;');
  });

  it('gives a channel without repositories no light and no messages', async () => {
    await ensureTeam(world.db, 'C0EMPTY', world.clock.now());
    expect(await evaluateTeam(world.db, 'C0EMPTY', world.clock.now(), { pollIntervalMs: 60_000, logger: silentLogger })).toBeNull();
    const all = await evaluateAllTeams(world.db, world.clock.now(), { pollIntervalMs: 60_000, logger: silentLogger });
    expect(all.map((e) => e.teamId)).toEqual([TEAM]);
    expect(await getTeamLight(world.db, 'C0EMPTY')).toBeNull();
  });

  it('keeps the light of a team whose stored settings are not JSON and logs what to fix, instead of judging it by the defaults', async () => {
    for (const [i, author] of ['alice', 'bob', 'carol', 'alice'].entries()) await world.open(i + 1, author);
    await world.db.updateTable('teams').set({ settings: '{"rules": {oops' }).where('id', '=', TEAM).execute();
    const { logger, lines } = captureLogger();
    expect(await evaluateAllTeams(world.db, world.clock.now(), { pollIntervalMs: 60_000, logger })).toEqual([]);
    expect(await getTeamLight(world.db, TEAM)).toBeNull();
    expect(JSON.stringify(lines)).toContain('not valid JSON');
  });
});
