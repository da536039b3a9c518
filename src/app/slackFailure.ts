import { webApi } from '@slack/bolt';
import type { OutboxParkCause } from '../store/outbox.js';

// What a failed Slack call means for a message, in three kinds:
//   transient  Slack had trouble (429, 5xx, timeout, dropped connection): retry with backoff, never park
//   blocked    Slack refused for a cause that can clear (the token, the channel, a scope): park until it does
//   permanent  Slack can never accept this message (too long, invalid blocks, the person left): drop it

export type BlockingCause = Exclude<OutboxParkCause, 'awaiting_target'>;

export type SlackFailure =
  | { kind: 'transient'; reason: string; retryAfterMs: number | null; mayHaveArrived: boolean; rateLimited: boolean }
  | { kind: 'blocked'; cause: BlockingCause; code: string; reason: string }
  | { kind: 'permanent'; code: string; reason: string };

/** Refusals about the bot token: the outbox checks it again with auth.test until Slack accepts it. */
const TOKEN_REFUSALS: Record<string, string> = {
  invalid_auth: 'Slack rejected the bot token (invalid_auth): check SLACK_BOT_TOKEN or reinstall the app',
  not_authed: 'no bot token was sent (not_authed): set SLACK_BOT_TOKEN',
  token_revoked: 'the bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN',
  token_expired: 'the bot token expired: reinstall the app and update SLACK_BOT_TOKEN',
  account_inactive: 'the bot token belongs to a deactivated app or user: reinstall the app',
};

/** Refusals about the channel: retried when the bot is invited (member_joined_channel), and slowly meanwhile. */
const CHANNEL_REFUSALS: Record<string, string> = {
  not_in_channel: 'the bot is not in this channel: invite it with `/invite @flowlight`',
  channel_not_found: 'the channel was not found (archived, or private without the bot): invite the bot to the channel',
  is_archived: 'the channel is archived: unarchive it or move the team to another channel',
};

/** Refusals no retry can fix: the message itself, or who it is for. */
const PERMANENT_REFUSALS: Record<string, string> = {
  msg_too_long: 'Slack refused the message as too long (msg_too_long): please report this flowlight bug',
  invalid_blocks: 'Slack refused the message blocks (invalid_blocks): please report this flowlight bug',
  invalid_metadata_format: 'Slack refused the message metadata: please report this flowlight bug',
  message_not_found: 'the message to update was deleted',
  cant_update_message: 'the message to update can no longer be edited by the bot',
  edit_window_closed: 'the message to update is too old to edit',
  user_not_found: 'the Slack user was not found (left the workspace?)',
  user_disabled: 'the Slack user is deactivated',
  cannot_dm_bot: 'the person is a bot and cannot be sent a DM',
};

/** Platform errors that say Slack had trouble, not us. */
const TRANSIENT_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Known refusals that an admin can lift (a scope, a workspace policy); unknown codes are treated the same way. */
const OTHER_REFUSALS: Record<string, string> = {
  missing_scope: 'the app lacks a scope for this message (missing_scope): reinstall it from manifest.yml',
  restricted_action: 'a workspace setting stops the bot from posting here (restricted_action): ask a Slack admin',
  ekm_access_denied: 'Slack administrators suspended posting (ekm_access_denied)',
};

export function classifySlackFailure(error: unknown): SlackFailure {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; headers?: Record<string, string>; data?: { error?: string } } | null;
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { kind: 'transient', reason: `rate limited by Slack (Retry-After ${e.retryAfter ?? 1} s)`, retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000, mayHaveArrived: false, rateLimited: true };
    case webApi.ErrorCode.HTTPError: {
      const retryAfter = Number.parseInt(e.headers?.['retry-after'] ?? '', 10);
      const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
      return { kind: 'transient', reason: `Slack answered HTTP ${e.statusCode ?? '?'}`, retryAfterMs, mayHaveArrived: (e.statusCode ?? 500) >= 500, rateLimited: e.statusCode === 429 };
    }
    case webApi.ErrorCode.PlatformError:
      return classifyCode(e.data?.error ?? 'unknown_error');
    default: {
      // A network error or timeout: Slack may have posted the message before the connection dropped.
      const detail = error instanceof Error ? error.message : String(error);
      return { kind: 'transient', reason: `cannot reach Slack: ${detail}`, retryAfterMs: null, mayHaveArrived: true, rateLimited: false };
    }
  }
}

/** A Slack `error` code (ok: false) as a failure. */
function classifyCode(code: string): SlackFailure {
  if (TRANSIENT_ERRORS.has(code)) return { kind: 'transient', reason: `Slack error ${code}`, retryAfterMs: null, mayHaveArrived: false, rateLimited: code === 'ratelimited' };
  const token = TOKEN_REFUSALS[code];
  if (token) return { kind: 'blocked', cause: 'bot_token', code, reason: `${code}: ${token}` };
  const channel = CHANNEL_REFUSALS[code];
  if (channel) return { kind: 'blocked', cause: 'channel_access', code, reason: `${code}: ${channel}` };
  const permanent = PERMANENT_REFUSALS[code];
  if (permanent) return { kind: 'permanent', code, reason: `${code}: ${permanent}` };
  return { kind: 'blocked', cause: 'other_refusal', code, reason: `${code}: ${OTHER_REFUSALS[code] ?? 'Slack refused the message'}` };
}
