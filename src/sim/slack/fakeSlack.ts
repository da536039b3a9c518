import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitViolations, viewViolations } from './blockKitLimits.js';
import { createFakeFileUploads, type FakeFileUploads } from './fakeFileUploads.js';

// A fake Slack Web API over loopback HTTP, the one the demo, the benchmarks and the tests share.
// Point Bolt / WebClient at `url` (clientOptions.slackApiUrl).
// It records every call, keeps a channel transcript that chat.update edits in place, serves
// response_url endpoints for slash commands and buttons, injects failures on demand, and rejects
// messages over Block Kit's limits with `invalid_blocks` so a test fails if flowlight ever builds one.
// Channels behave like Slack's: the bot may post in a public channel it is not in (chat:write.public)
// but not read its history (not_in_channel) until it joins (conversations.join) or is invited; a
// private channel it is not in does not exist for it (channel_not_found); an archived one refuses posts.

export interface FakeSlackCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
  /** the bearer token (or body token) the call was made with; null when none */
  token: string | null;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs: string | null;
  /** how many times chat.update changed it */
  edits: number;
  /** the message metadata posted with it (event_type, event_payload), null when none */
  metadata: Record<string, unknown> | null;
  postedAt: number;
  updatedAt: number;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[];
  at: number;
}

export interface FakeResponse {
  /** the id given to responseUrl(id) */
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakePublishedView {
  /** the user whose Home tab it is */
  user: string;
  view: { type: string; blocks: unknown[] } & Record<string, unknown>;
  at: number;
}

export interface FakeRejection {
  method: string;
  body: Record<string, unknown>;
  reasons: string[];
  at: number;
}

export interface FailureSpec {
  /** the Slack error code to answer with (`ok: false`), e.g. not_in_channel, invalid_auth, msg_too_long */
  error?: 'not_in_channel' | 'channel_not_found' | 'invalid_auth' | 'msg_too_long' | (string & {});
  /** an HTTP status to answer with instead (429 rate limit, 5xx server trouble) */
  status?: 429 | 500 | 502 | 503 | (number & {});
  /** seconds, sent as Retry-After (429 defaults to 1) */
  retryAfter?: number;
  /** how many calls fail before it answers normally again; default 1, Infinity for "until cleared" */
  times?: number;
  /** close the connection without answering, as a dropped or reset connection does (the call is not handled) */
  drop?: boolean;
}

/** What changed in the workspace, as it happens: the demo prints these as its transcript. */
export type FakeSlackEvent =
  | { kind: 'posted'; message: FakeSlackMessage }
  | { kind: 'updated'; message: FakeSlackMessage; previous: { text: string; blocks: unknown[] } }
  | { kind: 'ephemeral'; ephemeral: FakeEphemeral }
  | { kind: 'response'; response: FakeResponse };

export interface FakeChannel {
  id: string;
  kind: 'public' | 'private' | 'im' | 'mpim';
  archived: boolean;
  /** the bot user is a member (joined or invited) */
  botIsMember: boolean;
}

export interface FakeSlackOptions {
  /** channels as the workspace has them; undeclared ids: D… a DM with the bot, G… private, others public, the bot in none */
  channels?: Record<string, Partial<Omit<FakeChannel, 'id'>>>;
  /** the app has chat:write.public (default true, as manifest.yml asks): it may post in public channels it is not in */
  chatWritePublic?: boolean;
  /** the clock stamped on calls (`at`); default Date.now */
  clock?: () => number;
  /** tokens accepted; any non-empty token when absent */
  tokens?: string[];
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** the WebSocket URL apps.connections.open hands to Socket Mode clients (settable later too) */
  socketModeUrl?: string;
  /** the enterprise auth.test names (Enterprise Grid); none by default */
  enterpriseId?: string;
  /** users.info answers; unknown users get a minimal profile (no admin) */
  users?: Record<string, { name?: string; realName?: string; tz?: string; isBot?: boolean; isAdmin?: boolean; isOwner?: boolean; isPrimaryOwner?: boolean; deleted?: boolean }>;
  /** the workspace name and URL auth.test reports */
  teamName?: string;
  teamUrl?: string;
  /** told of every accepted post, edit, ephemeral message and response_url reply, after it is recorded */
  onEvent?: (event: FakeSlackEvent) => void;
  /** told of a method this fake does not speak (it answers unknown_method), so a caller can say so */
  onUnknownMethod?: (method: string) => void;
}

export interface FakeSlack {
  /** base URL ending in `/api/`, for slackApiUrl */
  url: string;
  /** the server's origin, e.g. http://127.0.0.1:1234 */
  origin: string;
  calls: FakeSlackCall[];
  messages: FakeSlackMessage[];
  ephemerals: FakeEphemeral[];
  responses: FakeResponse[];
  rejections: FakeRejection[];
  /** Home tabs published with views.publish, in order (the last one per user is what they see) */
  publishedViews: FakePublishedView[];
  socketModeUrl: string | null;
  /** DM channel id → the user it talks to, for every DM conversations.open opened */
  dmUsers: Map<string, string>;
  /** a channel's state (created as undeclared ids are, on first use); change it to move the bot in or out */
  channel(id: string): FakeChannel;
  /** someone invited the bot to the channel (the Events API would now send member_joined_channel) */
  invite(id: string): void;
  /** a URL this fake serves as a slash command's or action's response_url; posts to it land in `responses` */
  responseUrl(id?: string): string;
  /** make the next `times` calls of `method` fail ('response_url' targets response URLs) */
  fail(method: string, spec: FailureSpec): void;
  /** drop every pending failure */
  clearFailures(): void;
  callsTo(method: string): FakeSlackCall[];
  /** messages of one channel in posting order */
  transcript(channel: string): FakeSlackMessage[];
  /** resolves with the first recorded call (past or future) that matches; rejects after timeoutMs */
  waitForCall(predicate: (call: FakeSlackCall) => boolean, timeoutMs?: number): Promise<FakeSlackCall>;
  /** resolves with the first response_url post (past or future) that matches */
  waitForResponse(predicate?: (response: FakeResponse) => boolean, timeoutMs?: number): Promise<FakeResponse>;
  /** files uploaded with files.getUploadURLExternal, a POST of the bytes and files.completeUploadExternal */
  files: FakeFileUploads;
  /** forget recorded calls, messages, responses and rejections (failures stay) */
  reset(): void;
  /** slow Slack: every call of `method` waits this long before it is handled (posted, answered); 0 or absent: none */
  latencyMs: Record<string, number>;
  /** the next call of `method` waits, unhandled, until released: `arrived` resolves when it is waiting */
  holdNext(method: string): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

/** Methods whose payload is a message Slack checks against Block Kit's limits. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'chat.scheduleMessage']);
const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'users', 'view'];

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const clock = options.clock ?? Date.now;
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const teamId = options.teamId ?? 'T0001';
  const failures = new Map<string, Array<Required<Pick<FailureSpec, 'times'>> & FailureSpec>>();
  const channels = new Map<string, FakeChannel>();
  const chatWritePublic = options.chatWritePublic ?? true;
  const callWaiters = new Set<() => void>();
  let tsCounter = 0;
  let responseCounter = 0;

  const fake: FakeSlack = {
    url: '',
    origin: '',
    calls: [],
    messages: [],
    ephemerals: [],
    responses: [],
    rejections: [],
    publishedViews: [],
    socketModeUrl: options.socketModeUrl ?? null,
    dmUsers: new Map(),
    channel(id) {
      let known = channels.get(id);
      if (!known) {
        const declared = options.channels?.[id] ?? {};
        const kind = declared.kind ?? (id.startsWith('D') ? 'im' : id.startsWith('G') ? 'private' : 'public');
        known = { id, kind, archived: declared.archived ?? false, botIsMember: declared.botIsMember ?? kind === 'im' };
        channels.set(id, known);
      }
      return known;
    },
    invite(id) {
      fake.channel(id).botIsMember = true;
    },
    responseUrl(id?: string) {
      responseCounter += 1;
      return `${fake.origin}/respond/${encodeURIComponent(id ?? `r${responseCounter}`)}`;
    },
    fail(method, spec) {
      const list = failures.get(method) ?? [];
      list.push({ ...spec, times: spec.times ?? 1 });
      failures.set(method, list);
    },
    clearFailures() {
      failures.clear();
    },
    callsTo(method) {
      return fake.calls.filter((c) => c.method === method);
    },
    transcript(channel) {
      return fake.messages.filter((m) => m.channel === channel);
    },
    waitForCall(predicate, timeoutMs = 5_000) {
      return waitFor(() => fake.calls.find(predicate), timeoutMs, 'Slack API call');
    },
    waitForResponse(predicate = () => true, timeoutMs = 5_000) {
      return waitFor(() => fake.responses.find(predicate), timeoutMs, 'response_url post');
    },
    files: createFakeFileUploads(() => fake.origin),
    latencyMs: {},
    holdNext(method) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      const list = holds.get(method) ?? [];
      list.push({ arrive, released });
      holds.set(method, list);
      return { arrived, release };
    },
    reset() {
      fake.files.reset();
      fake.calls.length = 0;
      fake.messages.length = 0;
      fake.ephemerals.length = 0;
      fake.responses.length = 0;
      fake.rejections.length = 0;
      fake.publishedViews.length = 0;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };

  // Event-driven waiting (no polling on real time): each recorded call wakes the waiters.
  function waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return false;
        callWaiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        callWaiters.delete(check);
        reject(new Error(`fake Slack: no matching ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) callWaiters.add(check);
    });
  }

  function notify(): void {
    for (const waiter of [...callWaiters]) waiter();
  }

  function takeFailure(method: string): FailureSpec | null {
    const list = failures.get(method);
    const next = list?.[0];
    if (!list || !next) return null;
    next.times -= 1;
    if (next.times <= 0) list.shift();
    return next;
  }

  // Like Slack: epoch seconds of the (injected) clock, then a counter that keeps every ts unique and
  // increasing, so `oldest`/`latest` bounds in conversations.history mean what they mean on Slack.
  function nextTs(): string {
    tsCounter += 1;
    return `${Math.floor(clock() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (fake.files.handleUploadRequest(path, Buffer.concat(chunks), req.headers['content-type'] ?? '', res, notify)) return;
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = parseBody(raw, req.headers['content-type'] ?? '', (req.url ?? '').split('?')[1] ?? '');
      if (path.startsWith('/respond/')) return handleResponse(decodeURIComponent(path.slice('/respond/'.length)), body, res);
      if (path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        return void slowedDown(method).then(() => handleApi(method, body, bearer(req.headers.authorization), res));
      }
      send(res, 404, { ok: false, error: 'not_found' });
    });
  });

  // A slow or stalled Slack (latencyMs, holdNext): the call waits before it is handled at all.
  const holds = new Map<string, Array<{ arrive: () => void; released: Promise<void> }>>();
  async function slowedDown(method: string): Promise<void> {
    const hold = holds.get(method)?.shift();
    if (hold) {
      hold.arrive();
      await hold.released;
    }
    const latency = fake.latencyMs[method] ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  }

  function handleResponse(id: string, body: Record<string, unknown>, res: http.ServerResponse): void {
    const failure = takeFailure('response_url');
    if (failure) return sendFailure(res, failure);
    const reasons = body.delete_original ? [] : blockKitViolations(body);
    if (reasons.length > 0) {
      fake.rejections.push({ method: 'response_url', body, reasons, at: clock() });
      notify();
      return send(res, 400, { ok: false, error: 'invalid_blocks', reasons });
    }
    const response: FakeResponse = { id, body, at: clock() };
    fake.responses.push(response);
    options.onEvent?.({ kind: 'response', response });
    notify();
    send(res, 200, { ok: true });
  }

  function handleApi(method: string, body: Record<string, unknown>, headerToken: string | null, res: http.ServerResponse): void {
    const token = headerToken ?? (typeof body.token === 'string' ? body.token : null);
    const call: FakeSlackCall = { method, body, at: clock(), token };
    fake.calls.push(call);
    try {
      const failure = takeFailure(method);
      if (failure) return sendFailure(res, failure);
      if (!token) return send(res, 200, { ok: false, error: 'not_authed' });
      if (options.tokens && !options.tokens.includes(token)) return send(res, 200, { ok: false, error: 'invalid_auth' });
      if (method === 'views.publish') {
        const reasons = viewViolations(body.view);
        if (reasons.length > 0) {
          fake.rejections.push({ method, body, reasons, at: call.at });
          return send(res, 200, { ok: false, error: 'invalid_arguments', response_metadata: { messages: reasons } });
        }
      }
      if (MESSAGE_METHODS.has(method)) {
        const reasons = blockKitViolations(body);
        if (reasons.length > 0) {
          fake.rejections.push({ method, body, reasons, at: call.at });
          return send(res, 200, { ok: false, error: 'invalid_blocks', errors: reasons });
        }
      }
      send(res, 200, answer(method, body, token, call.at));
    } finally {
      notify();
    }
  }

  function answer(method: string, body: Record<string, unknown>, token: string, at: number): Record<string, unknown> {
    const channel = typeof body.channel === 'string' ? body.channel : '';
    switch (method) {
      case 'api.test':
        return { ok: true, args: body };
      case 'auth.test':
        return token.startsWith('xapp-')
          ? { ok: true, app_id: 'A0001' }
          : { ok: true, url: options.teamUrl ?? 'https://fake.slack.test/', team: options.teamName ?? 'Fake team', user: 'flowlight', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false, ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}) };
      case 'apps.connections.open':
        if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
        if (!fake.socketModeUrl) return { ok: false, error: 'fake_has_no_socket_mode_url' };
        return { ok: true, url: fake.socketModeUrl };
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const refused = postRefusal(fake.channel(channel));
        if (refused) return { ok: false, error: refused };
        const message: FakeSlackMessage = {
          channel, ts: nextTs(), text: String(body.text ?? ''), blocks: asArray(body.blocks),
          threadTs: typeof body.thread_ts === 'string' ? body.thread_ts : null, edits: 0, postedAt: at, updatedAt: at,
          metadata: isObject(body.metadata) ? body.metadata : null,
        };
        fake.messages.push(message);
        options.onEvent?.({ kind: 'posted', message });
        return { ok: true, channel, ts: message.ts, message: { type: 'message', text: message.text, blocks: message.blocks, user: botUserId, bot_id: botId, ts: message.ts } };
      }
      case 'chat.update': {
        const message = fake.messages.find((m) => m.channel === channel && m.ts === body.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        const previous = { text: message.text, blocks: message.blocks };
        if (body.text !== undefined) message.text = String(body.text);
        if (body.blocks !== undefined) message.blocks = asArray(body.blocks);
        message.edits += 1;
        message.updatedAt = at;
        options.onEvent?.({ kind: 'updated', message, previous });
        return { ok: true, channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (typeof body.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
        const ephemeral: FakeEphemeral = { channel, user: body.user, text: String(body.text ?? ''), blocks: asArray(body.blocks), at };
        fake.ephemerals.push(ephemeral);
        options.onEvent?.({ kind: 'ephemeral', ephemeral });
        return { ok: true, message_ts: nextTs() };
      }
      case 'conversations.history': {
        // Newest first, `oldest`/`latest` bounds (exclusive), `limit` and a numeric cursor, like Slack.
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const target = fake.channel(channel);
        if (!target.botIsMember) return { ok: false, error: target.kind === 'private' ? 'channel_not_found' : 'not_in_channel' };
        const oldest = Number(body.oldest ?? 0);
        const latest = body.latest === undefined ? Infinity : Number(body.latest);
        const limit = Math.min(Math.max(Number(body.limit ?? 100) || 100, 1), 999);
        const start = Number(body.cursor ?? 0) || 0;
        const includeMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
        const inRange = fake.messages
          .filter((m) => m.channel === channel && m.threadTs === null && Number(m.ts) > oldest && Number(m.ts) < latest)
          .reverse();
        const page = inRange.slice(start, start + limit);
        const hasMore = start + limit < inRange.length;
        return {
          ok: true,
          messages: page.map((m) => ({
            type: 'message', user: botUserId, bot_id: botId, ts: m.ts, text: m.text, blocks: m.blocks,
            ...(includeMetadata && m.metadata ? { metadata: m.metadata } : {}),
          })),
          has_more: hasMore,
          response_metadata: { next_cursor: hasMore ? String(start + limit) : '' },
        };
      }
      case 'conversations.join': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const target = fake.channel(channel);
        if (target.kind === 'private' && !target.botIsMember) return { ok: false, error: 'channel_not_found' };
        if (target.kind !== 'public') return { ok: false, error: 'method_not_supported_for_channel_type' };
        if (target.archived) return { ok: false, error: 'is_archived' };
        const already = target.botIsMember;
        target.botIsMember = true;
        return { ok: true, channel: channelInfo(target), ...(already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {}) };
      }
      case 'conversations.info': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        // Slack hides a private channel from a bot that is not in it.
        const target = fake.channel(channel);
        if ((target.kind === 'private' || target.kind === 'mpim') && !target.botIsMember) return { ok: false, error: 'channel_not_found' };
        const kind = target.kind;
        return {
          ok: true,
          channel: {
            id: channel, is_channel: kind === 'public', is_group: kind === 'private', is_im: kind === 'im', is_mpim: kind === 'mpim', is_private: kind !== 'public', is_member: target.botIsMember, is_archived: target.archived,
            ...(fake.dmUsers.has(channel) ? { user: fake.dmUsers.get(channel) } : {}),
          },
        };
      }
      case 'conversations.open': {
        const users = String(body.users ?? '').split(',').filter(Boolean);
        if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
        const id = `D${users.join('')}`;
        if (users.length === 1) fake.dmUsers.set(id, users[0]!);
        return { ok: true, channel: { id } };
      }
      case 'views.publish': {
        const user = typeof body.user_id === 'string' ? body.user_id : '';
        if (!user) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['user_id is required'] } };
        const view = body.view as FakePublishedView['view'];
        fake.publishedViews.push({ user, view, at });
        return { ok: true, view: { id: `V${fake.publishedViews.length}`, team_id: teamId, type: 'home', blocks: view.blocks } };
      }
      case 'users.info': {
        const id = String(body.user ?? '');
        if (!id) return { ok: false, error: 'user_not_found' };
        const known = options.users?.[id];
        const name = known?.name ?? id.toLowerCase();
        return {
          ok: true,
          user: {
            id, team_id: teamId, name, real_name: known?.realName ?? name, tz: known?.tz ?? 'UTC', is_bot: known?.isBot ?? false, deleted: known?.deleted ?? false,
            is_admin: known?.isAdmin ?? false, is_owner: known?.isOwner ?? false, is_primary_owner: known?.isPrimaryOwner ?? false,
            profile: { display_name: name, real_name: known?.realName ?? name },
          },
        };
      }
      default: {
        const file = fake.files.answer(method, body);
        if (file) return file;
        options.onUnknownMethod?.(method);
        return { ok: false, error: 'unknown_method' };
      }
    }
  }

  /** Why Slack would refuse a post in this channel, or null. */
  function postRefusal(target: FakeChannel): string | null {
    if (target.archived) return 'is_archived';
    if (target.botIsMember) return null;
    if (target.kind === 'private') return 'channel_not_found';
    return target.kind === 'public' && chatWritePublic ? null : 'not_in_channel';
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.origin = `http://127.0.0.1:${port}`;
  fake.url = `${fake.origin}/api/`;
  return fake;
}

function channelInfo(channel: FakeChannel): Record<string, unknown> {
  return {
    id: channel.id, is_channel: channel.kind === 'public', is_group: false, is_im: channel.kind === 'im', is_private: channel.kind !== 'public',
    is_archived: channel.archived, is_member: channel.botIsMember,
  };
}

function sendFailure(res: http.ServerResponse, failure: FailureSpec): void {
  if (failure.drop) return void res.socket?.resetAndDestroy();
  if (failure.status !== undefined) {
    const headers: Record<string, string> = {};
    if (failure.status === 429 || failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter ?? 1);
    const error = failure.status === 429 ? 'ratelimited' : failure.error ?? 'internal_error';
    return send(res, failure.status, { ok: false, error }, headers);
  }
  send(res, 200, { ok: false, error: failure.error ?? 'fatal_error' });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim() || null;
}

/** The WebClient sends form-encoded bodies with JSON-encoded blocks; respond() and others send JSON. */
function parseBody(raw: string, contentType: string, query: string): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (contentType.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw || '{}');
      body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { _raw: parsed };
    } catch {
      body = { _unparsable: raw };
    }
  } else {
    body = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const [key, value] of new URLSearchParams(query)) if (!(key in body)) body[key] = value;
  for (const field of JSON_FIELDS) {
    const value = body[field];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        body[field] = JSON.parse(value);
      } catch {
        /* keep the string: Slack would reject it, and the Block Kit check reports it */
      }
    }
  }
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
