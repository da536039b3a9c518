import type { webApi } from '@slack/bolt';

// Slack's chat.postMessage has no idempotency key, so after an attempt whose outcome we did not
// see (crash, timeout, 5xx) we look for the message itself: every outbox post carries its dedupe key
// in message metadata, and conversations.history returns that metadata when asked.
// Needs the history scope of the conversation type (channels:history, groups:history, im:history);
// without it we cannot tell, and the caller sends again (at-least-once) and says so in the log.

export const OUTBOX_METADATA_EVENT = 'flowlight_outbox';

/** Looking further back than this many messages is not worth it: the attempt was recent. */
const MAX_PAGES = 5;
const PAGE_SIZE = 200;
/** Slack's clock and ours may disagree a little: search from a bit before the message was enqueued. */
const CLOCK_SKEW_MS = 10 * 60_000;

export type Lookup = { kind: 'found'; ts: string } | { kind: 'absent' } | { kind: 'unknown'; error: string };

export async function findPostedMessage(client: webApi.WebClient, channel: string, dedupeKey: string, enqueuedAt: Date): Promise<Lookup> {
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
    const code = (error as { data?: { error?: string } }).data?.error;
    return { kind: 'unknown', error: code ?? (error instanceof Error ? error.message : String(error)) };
  }
}
