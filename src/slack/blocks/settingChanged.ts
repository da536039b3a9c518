import { fallback, section, type SlackMessage } from './kit.js';
import { escapeText } from './text.js';

// Posted in the channel when someone changes a setting: the team's rules changed, everyone should know.

export function buildSettingChanged(userId: string, summary: string): SlackMessage {
  const text = `:gear: <@${userId}> changed a setting: ${escapeText(summary)}`;
  return { text: fallback(text), blocks: [section(text)] };
}
