import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TranscriptEvent } from './transcript.js';

// The demo's Slack: a loopback HTTP server speaking the part of the Web API the real Bolt app and
// the real outbox deliverer use (their WebClient points here through slackApiUrl), plus the
// response URLs of the slash commands and buttons the demo sends. Every message posted, edited or
// answered is handed on as a transcript event; nothing here decides what the bot says.
// Like Slack, it lets the bot post in a public channel it is not in (chat:write.public) but not read
// that channel's history (not_in_channel) until the bot joins it (conversations.join).

export interface SlackStandInOptions {
  /** the simulated clock: message timestamps and transcript times */
  clock: () => Date;
  onEvent: (event: TranscriptEvent) => void;
  /** a call the stand-in does not speak: the demo says so rather than failing silently */
  onUnknownMethod?: (method: string) => void;
  botUserId?: string;
  teamId?: string;
  /** the channels conversations.info describes; the team's channel is private, as the demo's repositories are */
  privateChannels?: readonly string[];
}

/** A response_url post: what the app answered to a command or a button. */
export interface StandInReply {
  id: string;
  body: Record<string, unknown>;
  text: string;
  blocks: unknown[];
}

export interface StandInStats {
  channelPosts: number;
  updates: number;
  directMessages: number;
  ephemeralReplies: number;
}

export interface SlackStandIn {
  /** Web API base ending in /api/, for slackApiUrl */
  url: string;
  /** a response_url for a request the demo sends as `user`; `quiet` replies are not printed */
  responseUrl(request: { user: string; channel: string; quiet: boolean }): { id: string; url: string };
  /** the reply posted to a response_url, past or future */
  waitForReply(id: string, timeoutMs?: number): Promise<StandInReply>;
  /** DM channel id → the user it talks to */
  dmUsers: ReadonlyMap<string, string>;
  /** a channel's messages as people see them now (edits applied), newest last */
  channelMessages(channel: string): Array<{ text: string; blocks: unknown[] }>;
  stats(): StandInStats;
  close(): Promise<void>;
}

interface StoredMessage {
  channel: string;
  ts: string;
  postedAt: Date;
  text: string;
  blocks: unknown[];
  metadata: Record<string, unknown> | null;
}

interface PendingRequest {
  user: string;
  channel: string;
  quiet: boolean;
  replies: number;
}

/** The WebClient sends these form fields as JSON strings. */
const JSON_FIELDS = ['blocks', 'attachments', 'metadata'];

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const botUserId = options.botUserId ?? 'U0FLOWLIGHT';
  const teamId = options.teamId ?? 'T0DEMO';
  const messages: StoredMessage[] = [];
  const dmUsers = new Map<string, string>();
  const joinedChannels = new Set<string>();
  const requests = new Map<string, PendingRequest>();
  const replies = new Map<string, StandInReply>();
  const waiters = new Map<string, Array<(reply: StandInReply) => void>>();
  const stats: StandInStats = { channelPosts: 0, updates: 0, directMessages: 0, ephemeralReplies: 0 };
  let tsCounter = 0;
  let requestCounter = 0;
  let origin = '';

  // Like Slack: epoch seconds, then a counter that keeps every ts unique and increasing.
  const nextTs = () => `${Math.floor(options.clock().getTime() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;

  function handleApi(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof body.channel === 'string' ? body.channel : '';
    const at = options.clock();
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://flowlight-demo.slack.invalid/', team: 'flowlight demo', user: 'flowlight', team_id: teamId, user_id: botUserId, bot_id: 'B0FLOWLIGHT', is_enterprise_install: false };
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const message: StoredMessage = { channel, ts: nextTs(), postedAt: at, text: String(body.text ?? ''), blocks: asArray(body.blocks), metadata: asObject(body.metadata) };
        messages.push(message);
        if (dmUsers.has(channel)) stats.directMessages += 1;
        else stats.channelPosts += 1;
        options.onEvent({ kind: 'message', at, channel, text: message.text, blocks: message.blocks, updateOf: null });
        return { ok: true, channel, ts: message.ts, message: { type: 'message', text: message.text, user: botUserId, ts: message.ts } };
      }
      case 'chat.update': {
        const message = messages.find((m) => m.channel === channel && m.ts === body.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        const previous = { text: message.text, blocks: message.blocks };
        if (body.text !== undefined) message.text = String(body.text);
        if (body.blocks !== undefined) message.blocks = asArray(body.blocks);
        stats.updates += 1;
        options.onEvent({ kind: 'message', at, channel, text: message.text, blocks: message.blocks, updateOf: { postedAt: message.postedAt, ...previous } });
        return { ok: true, channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (typeof body.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
        stats.ephemeralReplies += 1;
        options.onEvent({ kind: 'ephemeral', at, channel, user: body.user, text: String(body.text ?? ''), blocks: asArray(body.blocks), replacesPrevious: false });
        return { ok: true, message_ts: nextTs() };
      }
      case 'conversations.open': {
        const users = String(body.users ?? '').split(',').filter(Boolean);
        if (users.length !== 1) return { ok: false, error: 'users_list_not_supplied' };
        const id = `D${users[0]!.replace(/^[UW]/, '')}`;
        dmUsers.set(id, users[0]!);
        return { ok: true, channel: { id } };
      }
      case 'conversations.join':
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (dmUsers.has(channel)) return { ok: false, error: 'method_not_supported_for_channel_type' };
        if (joinedChannels.has(channel)) return { ok: true, channel: { id: channel, is_member: true }, warning: 'already_in_channel' };
        joinedChannels.add(channel);
        return { ok: true, channel: { id: channel, is_member: true } };
      case 'conversations.history':
        if (channel && !dmUsers.has(channel) && !joinedChannels.has(channel)) return { ok: false, error: 'not_in_channel' };
        return history(channel, body);
      case 'conversations.info': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (dmUsers.has(channel)) return { ok: true, channel: { id: channel, is_im: true, is_private: true, user: dmUsers.get(channel) } };
        const isPrivate = (options.privateChannels ?? []).includes(channel);
        return { ok: true, channel: { id: channel, is_channel: !isPrivate, is_group: isPrivate, is_im: false, is_mpim: false, is_private: isPrivate } };
      }
      case 'users.info': {
        // Nobody in the demo is a Slack workspace admin: the demo's admin comes from its FLOWLIGHT_ADMINS.
        const user = typeof body.user === 'string' ? body.user : '';
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: user, team_id: teamId, name: user.toLowerCase(), deleted: false, is_admin: false, is_owner: false, is_primary_owner: false, is_bot: false } };
      }
      default:
        options.onUnknownMethod?.(method);
        return { ok: false, error: 'unknown_method' };
    }
  }

  // The outbox reads history (with metadata) to reconcile an interrupted post; newest first, like Slack.
  function history(channel: string, body: Record<string, unknown>): Record<string, unknown> {
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const oldest = Number(body.oldest ?? 0);
    const latest = body.latest === undefined ? Infinity : Number(body.latest);
    const limit = Math.min(Math.max(Number(body.limit ?? 100) || 100, 1), 999);
    const start = Number(body.cursor ?? 0) || 0;
    const inRange = messages.filter((m) => m.channel === channel && Number(m.ts) > oldest && Number(m.ts) < latest).reverse();
    const page = inRange.slice(start, start + limit);
    const hasMore = start + limit < inRange.length;
    return {
      ok: true,
      messages: page.map((m) => ({ type: 'message', user: botUserId, ts: m.ts, text: m.text, ...(m.metadata ? { metadata: m.metadata } : {}) })),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? String(start + limit) : '' },
    };
  }

  function handleResponse(id: string, body: Record<string, unknown>): Record<string, unknown> {
    const request = requests.get(id);
    if (!request) return { ok: false, error: 'expired_url' };
    const reply: StandInReply = { id, body, text: String(body.text ?? ''), blocks: asArray(body.blocks) };
    request.replies += 1;
    if (!request.quiet && !body.delete_original) {
      const at = options.clock();
      if (body.response_type === 'in_channel') {
        stats.channelPosts += 1;
        options.onEvent({ kind: 'message', at, channel: request.channel, text: reply.text, blocks: reply.blocks, updateOf: null });
      } else {
        stats.ephemeralReplies += 1;
        options.onEvent({ kind: 'ephemeral', at, channel: request.channel, user: request.user, text: reply.text, blocks: reply.blocks, replacesPrevious: body.replace_original === true });
      }
    }
    replies.set(id, reply);
    for (const resolve of waiters.get(id) ?? []) resolve(reply);
    waiters.delete(id);
    return { ok: true };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '', query);
      let answer: Record<string, unknown>;
      if (path.startsWith('/api/')) answer = handleApi(path.slice('/api/'.length), body);
      else if (path.startsWith('/respond/')) answer = handleResponse(decodeURIComponent(path.slice('/respond/'.length)), body);
      else answer = { ok: false, error: 'not_found' };
      const text = JSON.stringify(answer);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/api/`,
    dmUsers,
    responseUrl(request) {
      requestCounter += 1;
      const id = `r${requestCounter}`;
      requests.set(id, { ...request, replies: 0 });
      return { id, url: `${origin}/respond/${id}` };
    },
    waitForReply(id, timeoutMs = 10_000) {
      const ready = replies.get(id);
      if (ready) {
        replies.delete(id);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the app did not answer request ${id} within ${timeoutMs} ms`)), timeoutMs);
        const list = waiters.get(id) ?? [];
        list.push((reply) => {
          clearTimeout(timer);
          replies.delete(id);
          resolve(reply);
        });
        waiters.set(id, list);
      });
    },
    channelMessages: (channel) => messages.filter((m) => m.channel === channel).map((m) => ({ text: m.text, blocks: m.blocks })),
    stats: () => ({ ...stats }),
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** The WebClient posts form-encoded bodies with JSON-encoded blocks; respond() posts JSON. */
function parseBody(raw: string, contentType: string, query: string): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (contentType.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = {};
    }
  } else {
    body = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const [key, value] of new URLSearchParams(query)) if (!(key in body)) body[key] = value;
  for (const field of JSON_FIELDS) {
    const value = body[field];
    if (typeof value === 'string') {
      try {
        body[field] = JSON.parse(value);
      } catch {
        /* not JSON: keep the string */
      }
    }
  }
  return body;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
