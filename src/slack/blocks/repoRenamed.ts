import { buildNotice } from './notice.js';
import type { SlackMessage } from './kit.js';
import { escapeText } from './text.js';

/** The channel's note that a watched repository was renamed on GitHub and flowlight follows it. */
export function buildRepoRenamed(from: string, to: string): SlackMessage {
  return buildNotice(`:truck: \`${escapeText(from)}\` was renamed to \`${escapeText(to)}\` on GitHub; now watching \`${escapeText(to)}\`. Its pull requests, history and claims moved with it.`);
}
