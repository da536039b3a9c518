import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assessTeam } from '../../src/domain/assess.js';
import { evaluateTeam } from '../../src/jobs/evaluate.js';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { planFor } from '../../src/app/swarmMessage.js';
import { refreshSwarmPlanAfterClaim } from '../../src/slack/listeners/actions/refreshSwarmPlan.js';
import { silentLogger } from '../../src/logger.js';
import { claimPullRequest, listClaims } from '../../src/store/claims.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { loadTeamSnapshot } from '../../src/store/snapshot.js';
import { buttonsOf, CHANNEL, flow, press, shownText, startHarness, type Harness } from './harness.js';
import { seedTeam, waitingPr } from './seed.js';
import { shownText as shownMessage } from '../helpers/shownText.js';

// The buttons under /flow next and /flow queue, pressed as Slack sends block_actions: each replaces
// the ephemeral message it sat in.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.slack.rejections).toEqual([]);
  await h.close();
});

const older = (day: number) => new Date(`2026-11-${String(day).padStart(2, '0')}T09:00:00Z`);

describe('Pick up', () => {
  it('claims the suggested PR for the presser, so others are not suggested it', async () => {
    await seedTeam(h, [waitingPr(1, { createdAt: older(20) }), waitingPr(2, { author: 'carol' })]);
    const next = await flow(h, 'next');
    const key = buttonsOf(next).get('flow_pick_up')!;
    expect(key).toBe('acme/api#1');

    const reply = await press(h, 'flow_pick_up', key);
    expect(reply.replace_original).toBe(true);
    expect(shownText(reply)).toContain('You picked up');
    expect(shownText(reply)).toContain('2 business hours');
    expect(await listClaims(h.db, CHANNEL)).toMatchObject([{ repo: 'acme/api', number: 1, login: 'alice' }]);

    const carolsNext = await flow(h, 'next', { user: 'U0CAROL' });
    expect(buttonsOf(carolsNext).get('flow_pick_up')).toBeUndefined(); // #1 claimed by alice, #2 is carol's own
    const queue = shownText(await flow(h, 'queue'));
    expect(queue).toContain('picked up by <@U0ALICE>');
  });

  it('does not take a PR someone else picked up meanwhile, and offers the next one', async () => {
    await seedTeam(h, [waitingPr(1, { createdAt: older(20) }), waitingPr(2)]);
    await claimPullRequest(h.db, CHANNEL, { repo: 'acme/api', number: 1, login: 'carol', slackUserId: 'U0CAROL' }, h.clock.now());
    const reply = await press(h, 'flow_pick_up', 'acme/api#1');
    expect(shownText(reply)).toContain('<@U0CAROL> picked up `acme/api#1` first');
    expect(buttonsOf(reply).get('flow_pick_up')).toBe('acme/api#2');
    expect(await listClaims(h.db, CHANNEL)).toMatchObject([{ number: 1, login: 'carol' }]);
  });

  it('does not claim a PR that stopped waiting for review (merged meanwhile)', async () => {
    await seedTeam(h, [waitingPr(1), waitingPr(2, { createdAt: older(23) })]);
    await savePullRequests(h.db, [waitingPr(1, { state: 'MERGED', mergedAt: h.clock.now(), closedAt: h.clock.now() })], h.clock.now());
    const reply = await press(h, 'flow_pick_up', 'acme/api#1');
    expect(shownText(reply)).toContain('`acme/api#1` no longer waits for review');
    expect(buttonsOf(reply).get('flow_pick_up')).toBe('acme/api#2');
    expect(await listClaims(h.db, CHANNEL)).toEqual([]);
  });

  it.each([
    ['not-a-key', 'out of date'],
    ['../../etc#1', 'out of date'],
    ['', 'out of date'],
  ])('answers a tampered value %j without claiming anything', async (value, expected) => {
    await seedTeam(h, [waitingPr(1)]);
    expect(shownText(await press(h, 'flow_pick_up', value))).toContain(expected);
    expect(await listClaims(h.db, CHANNEL)).toEqual([]);
  });

  it('asks an unlinked presser to link first', async () => {
    await seedTeam(h, [waitingPr(1)], { people: {} });
    expect(shownText(await press(h, 'flow_pick_up', 'acme/api#1'))).toContain('/flow link GITHUB-LOGIN');
  });

  it('while the team swarms, updates the swarm plan message in place', async () => {
    const prs = Array.from({ length: 8 }, (_, i) => waitingPr(i + 1, { createdAt: older(18), author: i % 2 ? 'dave' : 'erin' }));
    await seedTeam(h, prs);
    const evaluation = await evaluateTeam(h.db, CHANNEL, h.clock.now(), { pollIntervalMs: 60_000, logger: silentLogger });
    expect(evaluation?.transition?.to).toBe('red');
    const client = createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url });
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    expect(h.slack.transcript(CHANNEL)).toHaveLength(1);

    // A PR the plan gives to bob, picked up by alice: the plan changes.
    const snapshot = await loadTeamSnapshot(h.db, CHANNEL, 60_000, h.clock.now());
    const plan = planFor(snapshot, assessTeam(snapshot, h.clock.now()), h.clock.now());
    const bobs = plan.view.assignments.find((a) => a.reviewer === 'bob')!;
    const key = `${bobs.suggestion.pr.facts.repo}#${bobs.suggestion.pr.facts.number}`;

    h.clock.advance(60_000);
    const reply = await press(h, 'flow_pick_up', key);
    expect(shownText(reply)).toContain('the swarm plan');
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    const [alert] = h.slack.transcript(CHANNEL);
    expect(h.slack.transcript(CHANNEL)).toHaveLength(1);
    expect(alert?.edits).toBe(1);
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);
  });
});

describe('Pick up by two people at once while the team swarms', () => {
  it('plans from the claims committed so far, not from the presser\'s view of them', async () => {
    const prs = Array.from({ length: 8 }, (_, i) => waitingPr(i + 1, { createdAt: older(18), author: i % 2 ? 'dave' : 'erin' }));
    await seedTeam(h, prs);
    await evaluateTeam(h.db, CHANNEL, h.clock.now(), { pollIntervalMs: 60_000, logger: silentLogger });
    const client = createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url });
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    // Carol's press loaded its view before alice's claim committed: the view knows no claims.
    const staleSnapshot = await loadTeamSnapshot(h.db, CHANNEL, 60_000, h.clock.now());
    const staleView = { snapshot: staleSnapshot, assessment: assessTeam(staleSnapshot, h.clock.now()) };
    const lineOf = (plan: ReturnType<typeof planFor>, reviewer: string) => plan.view.assignments.find((a) => a.reviewer === reviewer)!.suggestion.pr.facts;
    const first = planFor(staleSnapshot, staleView.assessment, h.clock.now());
    const carols = lineOf(first, 'carol');
    const bobs = lineOf(first, 'bob');
    h.clock.advance(60_000);
    await claimPullRequest(h.db, CHANNEL, { repo: carols.repo, number: carols.number, login: 'alice', slackUserId: 'U0ALICE' }, h.clock.now());
    await h.db.transaction().execute(async (trx) => {
      await claimPullRequest(trx, CHANNEL, { repo: bobs.repo, number: bobs.number, login: 'carol', slackUserId: 'U0CAROL' }, h.clock.now());
      expect(await refreshSwarmPlanAfterClaim(trx, CHANNEL, staleView, h.clock.now())).toBe(true);
    });
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    const shown = shownMessage(h.slack.transcript(CHANNEL)[0]!);
    const line = (mention: string) => shown.split('\n').find((l) => l.startsWith(mention)) ?? '';
    expect(line('<@U0ALICE>')).toContain(`/pull/${carols.number}|`);
    expect(line('<@U0CAROL>')).toContain(`/pull/${bobs.number}|`);
  });
});

describe('Skip', () => {
  it('shows the next suggestion each time, then says everything was skipped', async () => {
    await seedTeam(h, [waitingPr(1, { createdAt: older(19) }), waitingPr(2, { createdAt: older(20) }), waitingPr(3, { createdAt: older(23) })]);
    let reply = await flow(h, 'next');
    const seen: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      seen.push(buttonsOf(reply).get('flow_pick_up')!);
      reply = await press(h, 'flow_skip', buttonsOf(reply).get('flow_skip')!);
      expect(reply.replace_original).toBe(true);
    }
    expect(new Set(seen)).toEqual(new Set(['acme/api#1', 'acme/api#2', 'acme/api#3']));
    expect(shownText(reply)).toContain('You skipped every suggestion');
  });

  it('treats a malformed value as nothing skipped', async () => {
    await seedTeam(h, [waitingPr(1)]);
    expect(buttonsOf(await press(h, 'flow_skip', '{not json')).get('flow_pick_up')).toBe('acme/api#1');
  });
});

describe('Queue pages', () => {
  it('moves between pages and clamps a page out of range', async () => {
    await seedTeam(h, Array.from({ length: 23 }, (_, i) => waitingPr(i + 1)));
    const second = await press(h, 'flow_queue_next', '1');
    expect(shownText(second)).toContain('Page 2 of 3');
    expect([...buttonsOf(second).keys()]).toEqual(['flow_queue_previous', 'flow_queue_next']);
    expect(shownText(await press(h, 'flow_queue_previous', '0'))).toContain('Page 1 of 3');
    expect(shownText(await press(h, 'flow_queue_next', '999'))).toContain('Page 3 of 3');
    expect(shownText(await press(h, 'flow_queue_next', '-1'))).toContain('Page 1 of 3');
  });
});
