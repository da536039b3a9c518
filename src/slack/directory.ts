import type { webApi } from '@slack/bolt';
import type { ChannelKind } from '../domain/watchPolicy.js';

// What flowlight asks Slack about people and channels before letting them change things:
// is this person a workspace admin or owner (users.info), is this conversation private
// (conversations.info). Answers are kept for a while so a busy channel does not call Slack on
// every command; failures are never kept, and never taken as a yes.

export type Lookup<T> = { ok: true; value: T } | { ok: false; error: string };

export interface SlackDirectory {
  isWorkspaceAdmin(client: webApi.WebClient, userId: string): Promise<Lookup<boolean>>;
  channelKind(client: webApi.WebClient, channelId: string): Promise<Lookup<ChannelKind>>;
}

/** The directory with the bot's client: what listeners use. */
export interface BoundDirectory {
  isWorkspaceAdmin(userId: string): Promise<Lookup<boolean>>;
  channelKind(channelId: string): Promise<Lookup<ChannelKind>>;
}

export function bindDirectory(directory: SlackDirectory, client: webApi.WebClient): BoundDirectory {
  return {
    isWorkspaceAdmin: (userId) => directory.isWorkspaceAdmin(client, userId),
    channelKind: (channelId) => directory.channelKind(client, channelId),
  };
}

export interface SlackDirectoryOptions {
  clock: () => Date;
  /** how long an answer is kept (default 10 minutes: a demoted admin loses the right within that) */
  ttlMs?: number;
  /** answers kept at most per kind (default 5,000); the oldest go first */
  maxEntries?: number;
}

export function createSlackDirectory(options: SlackDirectoryOptions): SlackDirectory {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 5000;
  const admins = new ExpiringAnswers<boolean>(options.clock, ttlMs, maxEntries);
  const channels = new ExpiringAnswers<ChannelKind>(options.clock, ttlMs, maxEntries);
  return {
    isWorkspaceAdmin: (client, userId) =>
      admins.get(userId, async () => {
        const { user } = await client.users.info({ user: userId });
        if (!user) throw new Error('users.info answered without a user');
        return !user.deleted && Boolean(user.is_admin || user.is_owner || user.is_primary_owner);
      }),
    channelKind: (client, channelId) =>
      channels.get(channelId, async () => {
        const { channel } = await client.conversations.info({ channel: channelId });
        if (!channel) throw new Error('conversations.info answered without a channel');
        if (channel.is_im) return 'im';
        if (channel.is_mpim) return 'mpim';
        return channel.is_private ? 'private' : 'public';
      }),
  };
}

class ExpiringAnswers<T> {
  private readonly answers = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly clock: () => Date,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  async get(key: string, ask: () => Promise<T>): Promise<Lookup<T>> {
    const now = this.clock().getTime();
    const kept = this.answers.get(key);
    if (kept && kept.expiresAt > now) return { ok: true, value: kept.value };
    try {
      const value = await ask();
      this.answers.delete(key);
      this.answers.set(key, { value, expiresAt: now + this.ttlMs });
      if (this.answers.size > this.maxEntries) this.answers.delete(this.answers.keys().next().value!);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: slackErrorCode(error) };
    }
  }
}

/** Slack's error code (`channel_not_found`, `ratelimited`, …), or what went wrong on the way. */
function slackErrorCode(error: unknown): string {
  const code = (error as { data?: { error?: unknown }; code?: unknown }).data?.error;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
