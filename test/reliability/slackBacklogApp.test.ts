import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryClient, deliverDue, startOutboxLoop, type OutboxLoop } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { enqueueMessage, findMessage } from '../../src/store/outbox.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { CHANNEL, flow, postSigned, shownText, startHarness, type Harness } from '../slack/harness.js';

// "Nothing lost", the Slack app's side, through the real Bolt app over signed HTTP and the fake Slack
// API: the bot invited to a channel (member_joined_channel) sends what waited for it; `/flow watch`
// joins a public channel so the outbox can read its history (exactly-once), and says what to do where
// it cannot; `/flow status` shows the backlog and what clears it.

const BOT_USER = 'UBOT'; // the fake's auth.test user_id: Bolt's context.botUserId
let h: Harness | null = null;
let loop: OutboxLoop | null = null;
afterEach(async () => {
  await loop?.stop();
  loop = null;
  await h?.close();
  h = null;
});

const post = (key: string, text: string, channel = CHANNEL) => ({
  teamId: channel, dedupeKey: key, kind: 'alert' as const, payload: { action: 'post' as const, channel, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
});

/** The Events API request Slack sends when someone joins a channel. */
function memberJoined(user: string, channel: string): string {
  return JSON.stringify({
    token: 'deprecated-verification-token', team_id: 'T0001', api_app_id: 'A0001', type: 'event_callback',
    event_id: `Ev${user}${channel}`, event_time: 1_764_064_800,
    event: { type: 'member_joined_channel', user, channel, channel_type: 'C', team: 'T0001', inviter: 'U0ALICE', event_ts: '1764064800.000100' },
    authorizations: [{ team_id: 'T0001', user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
  });
}

describe('the bot invited: what waited for the channel goes out', () => {
  it('not_in_channel, then /invite @flowlight: member_joined_channel releases the messages and delivers them at once, each once', async () => {
    let kicked = 0;
    h = await startHarness({ slack: { chatWritePublic: false }, deps: { onDeliveryUnblocked: async () => void (kicked += 1) } });
    // Watched before this version, which never joined: the bot is not in the channel.
    await ensureTeam(h.db, CHANNEL, h.clock.now());
    await watchRepo(h.db, CHANNEL, 'acme/api', 'U0ALICE', h.clock.now());
    for (const key of ['alert:1', 'alert:2', 'alert:3']) await enqueueMessage(h.db, post(key, key), h.clock.now());
    const client = createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url });
    loop = startOutboxLoop(h.db, client, { logger: silentLogger, now: h.clock.now, setTimer: () => null, clearTimer: () => {} });
    await loop.kick();
    expect(await findMessage(h.db, 'alert:1')).toMatchObject({ status: 'parked', parkCause: 'channel_access' });
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1); // the channel refused once; the rest were not sent to be refused

    // /flow status says how many wait and what to do.
    const status = shownText(await flow(h, 'status'));
    expect(status).toContain('3 messages to <#C0TEAM> waiting for Slack');
    expect(status).toContain('/invite @flowlight');

    // Someone else joining changes nothing; the bot joining releases them.
    expect((await postSigned(h, memberJoined('U0CAROL', CHANNEL), 'application/json')).status).toBe(200);
    h.slack.invite(CHANNEL);
    expect((await postSigned(h, memberJoined(BOT_USER, CHANNEL), 'application/json')).status).toBe(200);
    await waitFor(() => kicked > 0);
    expect(kicked).toBe(1);
    await loop.kick();
    expect(h.slack.transcript(CHANNEL).map((m) => m.text)).toEqual(['alert:1', 'alert:2', 'alert:3']);
    expect(shownText(await flow(h, 'status'))).not.toContain('waiting for Slack');
  });

  it('the event for another channel leaves this one waiting', async () => {
    h = await startHarness({ slack: { chatWritePublic: false } });
    const client = createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url });
    await enqueueMessage(h.db, post('alert:1', 'x'), h.clock.now());
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    await postSigned(h, memberJoined(BOT_USER, 'C0OTHER'), 'application/json');
    await waitFor(() => h!.logLines.some((l) => l.msg === 'the bot was added to a channel'));
    expect(await findMessage(h.db, 'alert:1')).toMatchObject({ status: 'parked' });
  });
});

describe('/flow watch joins the channel, so the outbox can read its history', () => {
  it('in a public channel: joins it (conversations.join), and a post whose answer is lost is then found in the history, not posted again', async () => {
    h = await startHarness();
    expect(h.slack.channel(CHANNEL)).toMatchObject({ kind: 'public', botIsMember: false });
    const reply = shownText(await flow(h, 'watch acme/api'));
    expect(reply).toContain('Watching');
    expect(reply).not.toContain('could not join');
    expect(h.slack.callsTo('conversations.join').map((c) => c.body.channel)).toEqual([CHANNEL]);
    expect(h.slack.channel(CHANNEL).botIsMember).toBe(true);

    let lose = 1;
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (lose > 0 && String(input instanceof Request ? input.url : input).endsWith('/chat.postMessage')) {
        lose -= 1;
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const client = createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url, fetch: losing });
    await enqueueMessage(h.db, post('alert:1', 'red'), h.clock.now());
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    h.clock.advance(5_000);
    expect(await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger })).toMatchObject({ reconciled: 1 });
    expect(h.slack.callsTo('conversations.history')).toHaveLength(1); // read at once: no not_in_channel, no join needed
    expect(h.slack.callsTo('conversations.join')).toHaveLength(1);
    // the watch's own announcement, and the alert once
    expect(h.slack.transcript(CHANNEL).filter((m) => m.text === 'red')).toHaveLength(1);
    expect(h.slack.transcript(CHANNEL)).toHaveLength(2);
  });

  it('in a private channel: says to invite the bot', async () => {
    h = await startHarness();
    const reply = shownText(await flow(h, 'watch acme/api', { channel: 'G0PRIVATE' }));
    expect(reply).toContain('Watching');
    expect(reply).toContain('This is a private channel');
    expect(reply).toContain('/invite @flowlight');
  });

  it('without the channels:join scope: says what it costs and how to fix it, and still watches', async () => {
    h = await startHarness();
    h.slack.fail('conversations.join', { error: 'missing_scope' });
    const reply = shownText(await flow(h, 'watch acme/api'));
    expect(reply).toContain('Watching');
    expect(reply).toContain('could not join this channel (missing_scope)');
    expect(reply).toContain('channels:join');
    expect(reply).toContain('may appear here twice');
    expect(h.logLines.some((l) => l.msg === '/flow watch: could not join the channel')).toBe(true);
  });

  it('when Slack does not answer the join: still watches, and says the bot will try again', async () => {
    h = await startHarness();
    h.slack.fail('conversations.join', { status: 503 });
    const reply = shownText(await flow(h, 'watch acme/api'));
    expect(reply).toContain('Watching');
    expect(reply).toContain('could not join this channel just now');
  });
});

describe('/flow status shows the backlog and what clears it', () => {
  it('names the cause and the fix for a refused token, a Slack outage and a dropped message', async () => {
    h = await startHarness();
    await flow(h, 'watch acme/api');
    const client = createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url });
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger }); // the watch's announcement
    await enqueueMessage(h.db, post('alert:1', 'a'), h.clock.now());
    await enqueueMessage(h.db, post('alert:2', 'b'), h.clock.now());
    h.slack.fail('chat.postMessage', { error: 'invalid_auth' });
    h.slack.fail('auth.test', { error: 'invalid_auth', times: Infinity });
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    let status = shownText(await flow(h, 'status'));
    expect(status).toContain('2 messages to <#C0TEAM> waiting for Slack');
    expect(status).toContain('Slack refuses the bot token (invalid_auth');
    expect(status).toContain('SLACK_BOT_TOKEN');
    expect(status).toContain('checked again every 5 min');

    h.slack.clearFailures();
    h.clock.advance(5 * 60_000);
    h.slack.fail('chat.postMessage', { status: 503, times: Infinity });
    h.slack.fail('conversations.history', { status: 503, times: Infinity });
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    status = shownText(await flow(h, 'status'));
    expect(status).toContain('Slack is not answering (Slack answered HTTP 503); retrying until it does');

    h.slack.clearFailures();
    h.slack.fail('chat.postMessage', { error: 'msg_too_long' });
    h.clock.advance(10 * 60_000);
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    status = shownText(await flow(h, 'status'));
    expect(status).toContain('1 message to <#C0TEAM> could not be delivered and was dropped (msg_too_long');
  });
});

/** Waits for something the app does after acknowledging a request (no fixed sleeps). */
async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
