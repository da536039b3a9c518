import type { webApi } from '@slack/bolt';
import { joinChannel, type JoinOutcome } from '../slack/joinChannel.js';

// Slack's chat.postMessage has no idempotency key, so after an attempt whose outcome we did not
// see (crash, timeout, 5xx) we look for the message itself: every outbox post carries its dedupe key
// in message metadata, and conversations.history returns that metadata when asked.
// Needs the history scope of the conversation type (channels:history, groups:history, im:history)
// and, in a public channel, membership: the bot posts there through chat:write.public without being
// in it, and Slack answers not_in_channel. Then the bot joins (channels:join) and looks again.

export const OUTBOX_METADATA_EVENT = 'flowlight_outbox';

/** Looking further back than this many messages is not worth it: the attempt was recent. */
const MAX_PAGES = 5;
const PAGE_SIZE = 200;
/** Slack's clock and ours may disagree a little: search from a bit before the message was enqueued. */
const CLOCK_SKEW_MS = 10 * 60_000;

export type Lookup =
  | { kind: 'found'; ts: string }
  | { kind: 'absent' }
  /** the history could not be read; `error` is what the Web API threw, `joined` what joining the channel did */
  | { kind: 'failed'; error: unknown; joined: JoinOutcome | null };

export async function findPostedMessage(client: webApi.WebClient, channel: string, dedupeKey: string, enqueuedAt: Date): Promise<Lookup> {
  const first = await searchHistory(client, channel, dedupeKey, enqueuedAt);
  if (first.kind !== 'failed' || errorCode(first.error) !== 'not_in_channel') return first;
  const joined = await joinChannel(client, channel);
  if (joined.kind !== 'joined') return { ...first, joined };
  const again = await searchHistory(client, channel, dedupeKey, enqueuedAt);
  return again.kind === 'failed' ? { ...again, joined } : again;
}

async function searchHistory(client: webApi.WebClient, channel: string, dedupeKey: string, enqueuedAt: Date): Promise<Lookup> {
  const oldest = ((enqueuedAt.getTime() - CLOCK_SKEW_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await client.conversations.history({ channel, oldest, limit: PAGE_SIZE, include_all_metadata: true, cursor });
      for (const message of result.messages ?? []) {
        const metadata = message.metadata as { event_type?: string; event_payload?: { key?: unknown } } | undefined;
        if (metadata?.event_type === OUTBOX_METADATA_EVENT && metadata.event_payload?.key === dedupeKey && message.ts) {
          return { kind: 'found', ts: message.ts };
        }
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return { kind: 'absent' };
    }
    return { kind: 'absent' };
  } catch (error) {
    return { kind: 'failed', error, joined: null };
  }
}

export function errorCode(error: unknown): string | null {
  return (error as { data?: { error?: string } } | null)?.data?.error ?? null;
}
