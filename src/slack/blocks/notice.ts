import { fallback, section, type SlackMessage } from './kit.js';

/** A short reply: a confirmation, a refusal, what to do next. `mrkdwn` is already escaped. */
export function buildNotice(mrkdwn: string): SlackMessage {
  return { text: fallback(mrkdwn), blocks: [section(mrkdwn)] };
}

/** Several short replies in one message (e.g. one line per repository), within the limits. */
export function buildNoticeLines(lines: string[]): SlackMessage {
  return buildNotice(lines.join('\n'));
}
