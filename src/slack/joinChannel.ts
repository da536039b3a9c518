import { webApi } from '@slack/bolt';

// The bot joins a public channel (conversations.join, scope channels:join) so it can read the channel's
// history: without membership Slack refuses conversations.history with not_in_channel, and flowlight
// could not look for a post whose answer was lost, so exactly-once would become at-least-once there.
// Private channels cannot be joined; there the bot must be invited.

export type JoinOutcome =
  | { kind: 'joined' }
  /** a private channel (or a DM): someone must `/invite @flowlight` */
  | { kind: 'needs_invite'; code: string }
  /** Slack refused for a reason an admin must fix (missing_scope, is_archived, ...) */
  | { kind: 'refused'; code: string }
  /** Slack did not answer (429, 5xx, network): try again later */
  | { kind: 'unreachable'; error: string };

const NEEDS_INVITE = new Set(['method_not_supported_for_channel_type', 'channel_not_found', 'is_private']);

export async function joinChannel(client: webApi.WebClient, channel: string): Promise<JoinOutcome> {
  try {
    await client.conversations.join({ channel });
    return { kind: 'joined' }; // also when already in it (ok, warning already_in_channel)
  } catch (error) {
    const e = error as { code?: string; data?: { error?: string } };
    if (e.code === webApi.ErrorCode.PlatformError) {
      const code = e.data?.error ?? 'unknown_error';
      return NEEDS_INVITE.has(code) ? { kind: 'needs_invite', code } : { kind: 'refused', code };
    }
    return { kind: 'unreachable', error: error instanceof Error ? error.message : String(error) };
  }
}
