import type { types } from '@slack/bolt';
import type { Light } from '../../domain/types.js';
import { escapeText, LIMITS, truncate } from './text.js';

// Small parts shared by the messages the jobs post (alerts, swarm plan, gate DMs, digest).
// Every part keeps within Block Kit's limits so the builders cannot produce a message Slack rejects.

export type Block = types.KnownBlock;

/** What the outbox sends: the fallback text (notifications, screen readers) and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const LIGHT_EMOJI: Readonly<Record<Light, string>> = Object.freeze({
  green: '🟢',
  yellow: '🟡',
  red: '🔴',
  grey: '⚪',
});

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.header), emoji: true } };
}

/** A mrkdwn section; `text` must already be escaped where it carries untrusted parts. */
export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

export function context(...texts: string[]): Block {
  return {
    type: 'context',
    elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn' as const, text: truncate(t, LIMITS.sectionText) })),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

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

/** Caps a message at Block Kit's 50 blocks, ending with a note of what was left out. */
export function capBlocks(blocks: Block[], overflowNote: string): Block[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  return [...blocks.slice(0, LIMITS.blocks - 1), context(overflowNote)];
}

export function message(text: string, blocks: Block[], overflowNote = 'More than fits in one message: see `/flow queue`.'): SlackMessage {
  return { text: truncate(text, LIMITS.fallbackText), blocks: capBlocks(blocks, overflowNote) };
}

/** A Slack user mention when we know a valid Slack id, else the escaped GitHub login. */
export function personRef(login: string, slackUserIdByLogin: ReadonlyMap<string, string>): string {
  const slackId = slackUserIdByLogin.get(login.toLowerCase());
  if (slackId && /^[UW][A-Z0-9]{2,}$/.test(slackId)) return `<@${slackId}>`;
  return `*${escapeText(login)}*`;
}

/** "3 h", "1.5 business days": business time as people say it (a business day is 8 hours). */
export function businessDuration(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return '0 h';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 8) return `${round1(hours)} h`;
  const days = hours / 8;
  return `${round1(days)} business day${days === 1 ? '' : 's'}`;
}

/** Wall-clock durations: "45 min", "3 h 10 min", "2 d 4 h". */
export function wallDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export function round1(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}
