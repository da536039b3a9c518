import { createSlackApp, type SlackApp, type SlackAppDeps } from '../../src/slack/app.js';
import { signSlackRequest } from '../../src/slack/receiver/verifySignature.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Db } from '../../src/store/open.js';
import { startFakeSlack, type FakeResponse, type FakeSlack, type FakeSlackOptions } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';
import { fixedClock } from '../helpers/fixedClock.js';

// The Slack app under test, for real: a SQLite file with the migrations, the Bolt app in HTTP mode
// on a loopback port, its Web API client pointed at the fake Slack API. Requests are signed exactly
// as Slack signs them.

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const CHANNEL = 'C0TEAM';
export const USER = 'U0ALICE';
/** What the harness's operator configured: USER is a flowlight admin, and acme's repositories may be watched. */
export const HARNESS_ACCESS = Object.freeze({ admins: [USER], githubOwners: ['acme'], githubAuthKind: 'token' as const });

export interface Harness {
  url: string;
  db: Db;
  slack: FakeSlack;
  app: SlackApp;
  clock: { now: () => Date; set: (iso: string) => void; advance: (ms: number) => void };
  logLines: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startHarness(options: { now?: string; deps?: Partial<SlackAppDeps>; slack?: FakeSlackOptions } = {}): Promise<Harness> {
  const store = await tempStore();
  const slack = await startFakeSlack(options.slack);
  const clock = fixedClock(options.now ?? '2026-11-25T10:00:00Z');
  const logLines: Array<Record<string, unknown>> = [];
  const logger: Logger = createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
  const app = createSlackApp({
    config: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: slack.url, mode: 'http', port: 0 },
    db: store.db,
    logger,
    clock: clock.now,
    pollIntervalMs: 60_000,
    access: HARNESS_ACCESS,
    ...options.deps,
  });
  const { port } = await app.start();
  return {
    url: `http://127.0.0.1:${port}`,
    db: store.db,
    slack,
    app,
    clock,
    logLines,
    async close() {
      await app.stop();
      await slack.close();
      await store.cleanup();
    },
  };
}

export interface SignOptions {
  timestamp?: number;
  secret?: string;
  signature?: string | null;
  omitTimestamp?: boolean;
}

/** POSTs a raw body to /slack/events, signed like Slack unless told otherwise. */
export async function postSigned(h: Harness, body: string, contentType: string, sign: SignOptions = {}): Promise<Response> {
  const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (!sign.omitTimestamp) headers['x-slack-request-timestamp'] = String(timestamp);
  const signature = sign.signature === undefined ? signSlackRequest(sign.secret ?? SIGNING_SECRET, timestamp, body) : sign.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  return fetch(`${h.url}/slack/events`, { method: 'POST', headers, body });
}

let requests = 0;

export function slashCommandBody(h: Harness, text: string, who: { user?: string; channel?: string } = {}): { body: string; responseId: string } {
  requests += 1;
  const responseId = `cmd-${requests}`;
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: who.channel ?? CHANNEL,
    channel_name: 'team',
    user_id: who.user ?? USER,
    user_name: 'alice',
    command: '/flow',
    text,
    api_app_id: 'A0001',
    response_url: h.slack.responseUrl(responseId),
    trigger_id: `trigger-${requests}`,
  }).toString();
  return { body, responseId };
}

/** `/flow TEXT` as Slack sends it; resolves with the ephemeral reply posted to the response URL. */
export async function flow(h: Harness, text: string, who: { user?: string; channel?: string } = {}): Promise<FakeResponse['body'] & { text: string; blocks?: unknown[] }> {
  const { body, responseId } = slashCommandBody(h, text, who);
  const res = await postSigned(h, body, 'application/x-www-form-urlencoded');
  if (res.status !== 200) throw new Error(`/flow ${text}: HTTP ${res.status}`);
  const reply = await h.slack.waitForResponse((r) => r.id === responseId);
  return reply.body as FakeResponse['body'] & { text: string; blocks?: unknown[] };
}

/** A button press (block_actions) as Slack sends it; resolves with the reply posted to its response URL. */
export async function press(
  h: Harness,
  actionId: string,
  value: string,
  who: { user?: string; channel?: string } = {},
): Promise<FakeResponse['body'] & { text: string; blocks?: unknown[]; replace_original?: boolean }> {
  requests += 1;
  const responseId = `action-${requests}`;
  const channel = who.channel ?? CHANNEL;
  const payload = {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: who.user ?? USER, username: 'alice', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: channel, is_ephemeral: true },
    trigger_id: `trigger-${requests}`,
    channel: { id: channel, name: 'team' },
    response_url: h.slack.responseUrl(responseId),
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, text: { type: 'plain_text', text: 'x' }, action_ts: '1700000000.000002' }],
  };
  const res = await postSigned(h, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  if (res.status !== 200) throw new Error(`${actionId}: HTTP ${res.status}`);
  const reply = await h.slack.waitForResponse((r) => r.id === responseId);
  return reply.body as FakeResponse['body'] & { text: string; blocks?: unknown[]; replace_original?: boolean };
}

/** Everything a reply shows, blocks included, as one string to search. */
export function shownText(reply: { text?: unknown; blocks?: unknown }): string {
  return JSON.stringify([reply.text, reply.blocks]);
}

/** The buttons of a reply: action id → value. */
export function buttonsOf(reply: { blocks?: unknown[] }): Map<string, string> {
  const buttons = new Map<string, string>();
  for (const block of (reply.blocks ?? []) as Array<{ type: string; elements?: Array<{ type: string; action_id: string; value: string }> }>) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) if (element.type === 'button') buttons.set(element.action_id, element.value);
  }
  return buttons;
}
