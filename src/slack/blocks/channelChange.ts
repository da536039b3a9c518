import { fallback, section, type SlackMessage } from './kit.js';

// Posted in the channel when someone changes what the channel watches or who counts as its reviewers:
// like a setting, a change everyone should be able to see. `what` is already escaped mrkdwn.

export function buildChannelChange(userId: string, what: string): SlackMessage {
  const text = `:gear: <@${userId}> ${what}`;
  return { text: fallback(text), blocks: [section(text)] };
}
