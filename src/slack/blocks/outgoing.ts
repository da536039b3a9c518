import type { Light } from '../../domain/types.js';
import { section, type Block } from './kit.js';
import { escapeText, LIMITS, truncate } from './text.js';

// Parts shared by the messages the jobs post to channels and DMs (alerts, swarm plan, gate DMs,
// digest), on top of kit.ts's limit-safe blocks.

export const LIGHT_EMOJI: Readonly<Record<Light, string>> = Object.freeze({
  green: '🟢',
  yellow: '🟡',
  red: '🔴',
  grey: '⚪',
});

/**
 * Lines packed into as few sections as fit (3000 characters each), so a long list never splits
 * a line and never overflows a section.
 */
export function sectionsOf(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, LIMITS.sectionText);
    if (current && current.length + 1 + line.length > LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

/** A Slack mention when we know the person's Slack id, else the escaped GitHub login in bold. */
export function personRef(login: string, slackUserIdByLogin: ReadonlyMap<string, string>): string {
  const slackId = slackUserIdByLogin.get(login.toLowerCase());
  if (slackId && /^[UW][A-Z0-9]{2,}$/.test(slackId)) return `<@${slackId}>`;
  return `*${escapeText(login)}*`;
}
