import { formatAgo, plural } from '../../domain/format.js';
import { escapeText, truncate } from './text.js';

// The "waiting for Slack" lines of `/flow status`: how many of the channel's messages have not reached
// Slack, why, and what fixes it. The states mirror the outbox's (src/store/outbox.ts listBacklog).

export type BacklogViewState = 'bot_token' | 'channel_access' | 'other_refusal' | 'awaiting_target' | 'retrying' | 'dropped';

export interface BacklogView {
  state: BacklogViewState;
  /** a channel id, or the Slack user of a DM */
  target: string;
  count: number;
  reason: string;
  oldest: Date;
}

/** How often the outbox checks again (src/app/outboxCauses.ts), in the words people read. */
export interface RecheckWords {
  token: string;
  slow: string;
}

export function backlogLine(entry: BacklogView, now: Date, recheck: RecheckWords): string {
  const where = /^[CG][A-Z0-9]{2,}$/.test(entry.target) ? `<#${entry.target}>` : 'a direct message';
  const messages = `${entry.count} ${plural(entry.count, 'message', 'messages')}`;
  const waiting = `:hourglass: ${messages} to ${where} waiting for Slack (the oldest enqueued ${formatAgo(entry.oldest, now)})`;
  const reason = escapeText(truncate(entry.reason, 200));
  switch (entry.state) {
    case 'channel_access':
      return /^is_archived/.test(entry.reason)
        ? `${waiting}: the channel is archived. Unarchive it, or watch the repositories from another channel.`
        : `${waiting}: the bot is not in this channel (${escapeText(entry.reason.split(':')[0] ?? '')}) — \`/invite @flowlight\` and they go out at once.`;
    case 'bot_token':
      return `${waiting}: Slack refuses the bot token (${reason}). Whoever runs flowlight must set a fresh SLACK_BOT_TOKEN or reinstall the app; checked again every ${recheck.token}.`;
    case 'other_refusal':
      return `${waiting}: Slack refused them (${reason}). Tried again every ${recheck.slow}.`;
    case 'awaiting_target':
      return `${waiting}: edits of a message that is waiting itself.`;
    case 'retrying':
      return `${waiting}: Slack is not answering (${reason}); retrying until it does.`;
    case 'dropped':
      return `:wastebasket: ${messages} to ${where} could not be delivered and ${plural(entry.count, 'was', 'were')} dropped (${reason}).`;
    default: {
      const _exhaustive: never = entry.state;
      return String(_exhaustive);
    }
  }
}
