import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { webApi } from '@slack/bolt';
import { buildHome, HOME_BLOCK_LIMIT, type HomeTeam } from '../../src/slack/blocks/home.js';
import { claimPullRequest, listClaims } from '../../src/store/claims.js';
import { viewViolations } from '../../src/sim/slack/blockKitLimits.js';
import { waitingPr, seedTeam } from './seed.js';
import { CHANNEL, postSigned, startHarness, USER, type Harness } from './harness.js';
import { pullRequest } from '../domain/builders.js';

// The App Home for real: Slack's app_home_opened event and the Home tab's Pick up button arrive as
// signed HTTP requests; the Home is published through the fake Slack API, which checks Home-view limits.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.slack.rejections).toEqual([]);
  await h.close();
});

let events = 0;

async function openHome(user = USER, tab: 'home' | 'messages' = 'home'): Promise<Response> {
  events += 1;
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: `Ev${events}`,
    event_time: 1_700_000_000,
    event: { type: 'app_home_opened', user, channel: `D${user}`, tab, event_ts: `1700000000.00${events}` },
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
  });
  return postSigned(h, body, 'application/json');
}

/** A button pressed on the Home tab: a view container, no channel and no response URL. */
async function pressOnHome(actionId: string, value: string, user = USER): Promise<Response> {
  events += 1;
  const payload = {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: user, username: 'alice', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: 'V1' },
    trigger_id: `trigger-home-${events}`,
    view: { id: 'V1', type: 'home', team_id: 'T0001', blocks: [], hash: 'h', app_id: 'A0001', bot_id: 'BBOT' },
    actions: [{ type: 'button', action_id: actionId, block_id: `home_next_${CHANNEL}`, value, text: { type: 'plain_text', text: 'Pick up' }, action_ts: '1700000000.000002' }],
  };
  return postSigned(h, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
}

async function nthPublish(n: number) {
  await h.slack.waitForCall(() => h.slack.publishedViews.length >= n);
  return h.slack.publishedViews[n - 1]!;
}

const shown = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks);

function homePickUpValue(view: { blocks: unknown[] }): string | undefined {
  for (const block of view.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>) {
    for (const element of block.elements ?? []) if (element.action_id === 'flow_home_pick_up') return element.value;
  }
  return undefined;
}

describe('the App Home tab', () => {
  it('is published on app_home_opened with the channel\'s light, the next review with Pick up, and the person\'s own PRs waiting and for how long', async () => {
    await seedTeam(h, [
      waitingPr(1, { createdAt: new Date('2026-11-20T09:00:00Z'), title: 'Fix the login <script>' }),
      waitingPr(2, { author: 'alice', createdAt: new Date('2026-11-24T09:00:00Z'), title: 'Alice\'s change' }),
    ]);
    const res = await openHome();
    expect(res.status).toBe(200);
    const published = await nthPublish(1);
    expect(published.user).toBe(USER);
    expect(published.view.type).toBe('home');
    const text = shown(published.view);
    expect(text).toContain(`<#${CHANNEL}>`);
    expect(text).toMatch(/is \*(green|yellow|red)\*/);
    expect(text).toContain('*Your next review:* <https://github.com/acme/api/pull/1|acme/api#1 Fix the login &lt;script&gt;>');
    expect(homePickUpValue(published.view)).toBe(JSON.stringify({ team: CHANNEL, pr: 'acme/api#1' }));
    expect(text).toContain('Your PRs waiting for review (1):');
    expect(text).toMatch(/acme\/api#2 Alice's change>: waiting \d/);
  });

  it('Pick up on the Home claims the PR in that team and publishes the Home again with what happened and the next review', async () => {
    await seedTeam(h, [waitingPr(1, { createdAt: new Date('2026-11-20T09:00:00Z') }), waitingPr(3, { createdAt: new Date('2026-11-21T09:00:00Z') })]);
    await openHome();
    const value = homePickUpValue((await nthPublish(1)).view)!;
    expect((await pressOnHome('flow_home_pick_up', value)).status).toBe(200);
    const after = await nthPublish(2);
    expect(after.user).toBe(USER);
    expect(shown(after.view)).toContain('You picked up <https://github.com/acme/api/pull/1|acme/api#1');
    expect(shown(after.view)).toContain('*You picked up:*\\n• <https://github.com/acme/api/pull/1|acme/api#1');
    expect(homePickUpValue(after.view)).toBe(JSON.stringify({ team: CHANNEL, pr: 'acme/api#3' }));
    expect(await listClaims(h.db, CHANNEL)).toMatchObject([{ repo: 'acme/api', number: 1, login: 'alice' }]);
    expect(h.slack.responses).toEqual([]); // a Home has no response URL: nothing went anywhere else
  });

  it('Pick up of a PR someone else picked up meanwhile does not claim it, and says who has it', async () => {
    await seedTeam(h, [waitingPr(1, { createdAt: new Date('2026-11-20T09:00:00Z') }), waitingPr(3)]);
    await openHome();
    const value = homePickUpValue((await nthPublish(1)).view)!;
    await claimPullRequest(h.db, CHANNEL, { repo: 'acme/api', number: 1, login: 'carol', slackUserId: 'U0CAROL' }, h.clock.now());
    await pressOnHome('flow_home_pick_up', value);
    const after = await nthPublish(2);
    expect(shown(after.view)).toContain('<@U0CAROL> picked up `acme/api#1` first');
    expect(await listClaims(h.db, CHANNEL)).toMatchObject([{ number: 1, login: 'carol' }]);
  });

  it('a tampered or stale Pick up value claims nothing and shows a fresh Home', async () => {
    await seedTeam(h, [waitingPr(1)]);
    await pressOnHome('flow_home_pick_up', '{"team":"C0TEAM","pr":"not a key"}');
    expect(shown((await nthPublish(1)).view)).toContain('This button is out of date');
    expect(await listClaims(h.db, CHANNEL)).toEqual([]);
  });

  it('tells someone linked nowhere how to link, and ignores the Messages tab', async () => {
    await openHome('U0NOBODY', 'messages');
    await openHome('U0NOBODY', 'home');
    const published = await nthPublish(1);
    expect(h.slack.publishedViews).toHaveLength(1);
    expect(shown(published.view)).toContain('/flow link GITHUB-LOGIN');
  });
});

describe('when Slack refuses the Home', () => {
  it('logs why and keeps answering: the next opening publishes it', async () => {
    await seedTeam(h, [waitingPr(1)]);
    h.slack.fail('views.publish', { error: 'internal_error' });
    expect((await openHome()).status).toBe(200);
    await vi.waitFor(() => expect(h.logLines.some((l) => l.msg === 'Could not publish the App Home')).toBe(true));
    expect(h.slack.publishedViews).toEqual([]);
    await openHome();
    expect((await nthPublish(1)).user).toBe(USER);
  });
});

describe('Home view limits', () => {
  const team = (i: number): HomeTeam => ({
    teamId: `C${String(i).padStart(6, '0')}`,
    light: 'yellow',
    next: { pr: { facts: pullRequest({ number: i }), queue: 'awaiting_review', awaitingReviewSince: new Date() }, priority: 1, effortMinutes: 15, waitBusinessHours: 3, totalWaitBusinessHours: 3, requested: null, requestedVia: null, openedWhileRed: false, blocks: [], explanation: 'waiting 3 hours' },
    pickedUp: [pullRequest({ number: 50 + i })],
    none: 'none_for_you',
    remaining: 2,
    own: Array.from({ length: 15 }, (_, n) => ({ facts: pullRequest({ number: 100 + n, title: 'x'.repeat(300) }), waited: '2 hours', pickedUpBy: null })),
  });

  it('a person in many teams gets at most 100 blocks, with a note of the teams left out, and Slack accepts it', () => {
    const view = buildHome({ teams: Array.from({ length: 40 }, (_, i) => team(i)), notice: 'hello' });
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCK_LIMIT);
    expect(JSON.stringify(view.blocks.at(-1))).toMatch(/\d+ more teams are not shown/);
    expect(viewViolations(view)).toEqual([]);
  });

  it('the fake Slack API refuses a Home over 100 blocks, as Slack does', async () => {
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });
    const blocks = Array.from({ length: HOME_BLOCK_LIMIT + 1 }, () => ({ type: 'divider' }));
    await expect(client.views.publish({ user_id: USER, view: { type: 'home', blocks } })).rejects.toThrow(/invalid_arguments/);
    expect(h.slack.rejections.map((r) => r.reasons)).toEqual([[`${HOME_BLOCK_LIMIT + 1} blocks; at most ${HOME_BLOCK_LIMIT}`]]);
    h.slack.rejections.length = 0;
  });
});
