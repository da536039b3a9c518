import { startFakeSlack, type FakeSlackEvent } from '../sim/slack/fakeSlack.js';
import type { TranscriptEvent } from './transcript.js';

// The demo's Slack: the shared fake Slack (src/sim/slack/) that the real Bolt app and the real
// outbox deliverer talk to over loopback, seen the way the demo prints it. Every message posted,
// edited or answered is handed on as a transcript event; nothing here decides what the bot says.
// The fake refuses what Slack refuses (Block Kit limits, history of a public channel the bot has not
// joined), so the demo cannot show a message real Slack would reject.

export interface SlackStandInOptions {
  /** the simulated clock: message timestamps and transcript times */
  clock: () => Date;
  onEvent: (event: TranscriptEvent) => void;
  /** a call the stand-in does not speak: the demo says so rather than failing silently */
  onUnknownMethod?: (method: string) => void;
  botUserId?: string;
  teamId?: string;
  /** private channels the bot was invited to; the team's channel is private, as the demo's repositories are */
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

interface PendingRequest {
  user: string;
  channel: string;
  quiet: boolean;
}

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const requests = new Map<string, PendingRequest>();
  const replies = new Map<string, StandInReply>();
  const waiters = new Map<string, Array<(reply: StandInReply) => void>>();
  const stats: StandInStats = { channelPosts: 0, updates: 0, directMessages: 0, ephemeralReplies: 0 };
  let requestCounter = 0;

  const fake = await startFakeSlack({
    clock: () => options.clock().getTime(),
    botUserId: options.botUserId ?? 'U0FLOWLIGHT',
    botId: 'B0FLOWLIGHT',
    teamId: options.teamId ?? 'T0DEMO',
    teamName: 'flowlight demo',
    teamUrl: 'https://flowlight-demo.slack.invalid/',
    channels: Object.fromEntries((options.privateChannels ?? []).map((id) => [id, { kind: 'private' as const, botIsMember: true }])),
    onEvent: (event) => show(event),
    ...(options.onUnknownMethod ? { onUnknownMethod: options.onUnknownMethod } : {}),
  });

  function show(event: FakeSlackEvent): void {
    const at = options.clock();
    switch (event.kind) {
      case 'posted': {
        const { message } = event;
        if (fake.dmUsers.has(message.channel)) stats.directMessages += 1;
        else stats.channelPosts += 1;
        options.onEvent({ kind: 'message', at, channel: message.channel, text: message.text, blocks: message.blocks, updateOf: null });
        return;
      }
      case 'updated': {
        const { message, previous } = event;
        stats.updates += 1;
        options.onEvent({ kind: 'message', at, channel: message.channel, text: message.text, blocks: message.blocks, updateOf: { postedAt: new Date(message.postedAt), ...previous } });
        return;
      }
      case 'ephemeral': {
        const { ephemeral } = event;
        stats.ephemeralReplies += 1;
        options.onEvent({ kind: 'ephemeral', at, channel: ephemeral.channel, user: ephemeral.user, text: ephemeral.text, blocks: ephemeral.blocks, replacesPrevious: false });
        return;
      }
      case 'response':
        answered(event.response.id, event.response.body, at);
        return;
      default: {
        const unexpected: never = event;
        throw new Error(`unexpected fake Slack event ${JSON.stringify(unexpected)}`);
      }
    }
  }

  // A response_url reply: printed as the user saw it (unless the demo asked quietly), then handed back.
  function answered(id: string, body: Record<string, unknown>, at: Date): void {
    const request = requests.get(id);
    if (!request) return;
    const reply: StandInReply = { id, body, text: String(body.text ?? ''), blocks: Array.isArray(body.blocks) ? body.blocks : [] };
    if (!request.quiet && !body.delete_original) {
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
  }

  return {
    url: fake.url,
    dmUsers: fake.dmUsers,
    responseUrl(request) {
      requestCounter += 1;
      const id = `r${requestCounter}`;
      requests.set(id, request);
      return { id, url: fake.responseUrl(id) };
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
    channelMessages: (channel) => fake.transcript(channel).map((m) => ({ text: m.text, blocks: m.blocks })),
    stats: () => ({ ...stats }),
    close: () => fake.close(),
  };
}
