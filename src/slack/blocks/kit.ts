import type { types } from '@slack/bolt';
import { LIMITS, truncate } from './text.js';

// Small Block Kit constructors that cannot break Slack's limits: every text is cut to its limit
// here, so a builder only decides what to say. Texts passed in are mrkdwn already escaped
// (escapeText / link from text.ts) except where noted as plain text.

export type Block = types.KnownBlock;
export type Button = types.Button;

/** What every builder returns: the blocks and the notification/fallback text. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function section(mrkdwn: string, accessory?: Button): types.SectionBlock {
  const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(nonEmpty(mrkdwn), LIMITS.sectionText) } };
  if (accessory) block.accessory = accessory;
  return block;
}

/** `plain` is shown as typed (no mrkdwn), so it needs no escaping. */
export function header(plain: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(nonEmpty(plain), LIMITS.header), emoji: true } };
}

export function context(...mrkdwn: string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn' as const, text: truncate(nonEmpty(text), LIMITS.sectionText) })),
  };
}

export function divider(): types.DividerBlock {
  return { type: 'divider' };
}

export function actions(blockId: string, ...buttons: Button[]): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: buttons };
}

export function button(label: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  const b: Button = { type: 'button', text: { type: 'plain_text', text: truncate(label, LIMITS.buttonText), emoji: true }, action_id: actionId, value };
  if (style) b.style = style;
  return b;
}

/** The fallback text shown in notifications: plain, short. */
export function fallback(text: string): string {
  return truncate(nonEmpty(text), LIMITS.fallbackText);
}

/** Keeps a message inside the block limit, ending with a note of what was left out. */
export function capBlocks(blocks: Block[], note: (omitted: number) => string): Block[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  const kept = blocks.slice(0, LIMITS.blocks - 1);
  return [...kept, context(note(blocks.length - kept.length))];
}

function nonEmpty(text: string): string {
  return text.trim() === '' ? '—' : text;
}
