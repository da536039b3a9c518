import { renderMrkdwn, renderPlain, type MrkdwnContext } from './mrkdwn.js';

// What the Slack stand-in saw, as a channel transcript people can read in a terminal: who posted
// where and when (simulated time), the text of the blocks, buttons as [Pick up], DMs and
// ephemeral replies marked as such, edits marked "(updated)". Pure: events in, lines out.

export type TranscriptEvent =
  | { kind: 'message'; at: Date; channel: string; text: string; blocks: unknown[]; updateOf: EditedMessage | null }
  | { kind: 'ephemeral'; at: Date; channel: string; user: string; text: string; blocks: unknown[]; replacesPrevious: boolean }
  | { kind: 'command'; at: Date; channel: string; user: string; text: string }
  | { kind: 'button'; at: Date; channel: string; user: string; label: string };

/** The message a chat.update changed, as it was before. */
export interface EditedMessage {
  postedAt: Date;
  text: string;
  blocks: unknown[];
}

export interface TranscriptContext extends MrkdwnContext {
  /** "10:40": the time of day an event happened */
  formatTime: (at: Date) => string;
  /** the user a DM channel talks to; undefined for other channels */
  dmUserOf: (channelId: string) => string | undefined;
}

const INDENT = '       ';
const BAR = '│ ';

export function renderEvent(event: TranscriptEvent, ctx: TranscriptContext): string[] {
  const time = ctx.style.dim(ctx.formatTime(event.at).padEnd(INDENT.length - 1));
  switch (event.kind) {
    case 'message': {
      const dmUser = ctx.dmUserOf(event.channel);
      const where = dmUser ? `DM to ${userName(dmUser, ctx)}` : channelName(event.channel, ctx);
      if (event.updateOf) {
        // An edit shows what changed; the lines it kept are folded, so a plan edited ten times stays readable.
        const before = bodyLines(event.updateOf.text, event.updateOf.blocks, ctx);
        const after = bodyLines(event.text, event.blocks, ctx);
        return [
          `${time} ${ctx.style.bold(where)} · flowlight ${ctx.style.dim(`(updated: the message of ${ctx.formatTime(event.updateOf.postedAt)})`)}`,
          ...framed(foldUnchanged(before, after, ctx), ctx),
        ];
      }
      return [`${time} ${ctx.style.bold(where)} · flowlight`, ...body(event.text, event.blocks, ctx)];
    }
    case 'ephemeral': {
      const note = event.replacesPrevious ? ' (replaces the reply above)' : '';
      return [`${time} ${channelName(event.channel, ctx)} · flowlight, ${ctx.style.dim(`only visible to ${userName(event.user, ctx)}${note}`)}`, ...body(event.text, event.blocks, ctx)];
    }
    case 'command':
      return [`${time} ${ctx.style.bold(userName(event.user, ctx))} in ${channelName(event.channel, ctx)}: ${event.text}`];
    case 'button':
      return [`${time} ${ctx.style.bold(userName(event.user, ctx))} presses [${event.label}]`];
    default: {
      const _exhaustive: never = event;
      return [String(_exhaustive)];
    }
  }
}

function userName(id: string, ctx: TranscriptContext): string {
  return `@${ctx.userNames.get(id) ?? id}`;
}

function channelName(id: string, ctx: TranscriptContext): string {
  return `#${ctx.channelNames.get(id) ?? id}`;
}

function body(text: string, blocks: unknown[], ctx: TranscriptContext): string[] {
  return framed(bodyLines(text, blocks, ctx), ctx);
}

function bodyLines(text: string, blocks: unknown[], ctx: TranscriptContext): string[] {
  return blocks.length > 0 ? blocks.flatMap((block) => renderBlock(block, ctx)) : renderMrkdwn(text, ctx).split('\n');
}

function framed(lines: string[], ctx: TranscriptContext): string[] {
  return lines.map((line) => `${INDENT}${ctx.style.dim(BAR)}${line}`);
}

/**
 * The edited message with runs of lines it shares with its previous version folded into one
 * "… N lines as before" line. A single kept line is shown: folding it would save nothing.
 */
export function foldUnchanged(before: readonly string[], after: readonly string[], ctx: Pick<TranscriptContext, 'style'>): string[] {
  const remaining = new Map<string, number>();
  for (const line of before) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  const kept = after.map((line) => {
    const left = remaining.get(line) ?? 0;
    if (left === 0) return false;
    remaining.set(line, left - 1);
    return true;
  });
  if (!kept.includes(false)) return [ctx.style.dim('(no visible change)')];
  const out: string[] = [];
  for (let i = 0; i < after.length; ) {
    let run = 0;
    while (i + run < after.length && kept[i + run]) run += 1;
    if (run >= 2) {
      out.push(ctx.style.dim(`… ${run} lines as before`));
      i += run;
    } else {
      out.push(after[i]!);
      i += 1;
    }
  }
  return out;
}

interface TextObject {
  type?: string;
  text?: string;
}

interface BlockShape {
  type?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: { type?: string; text?: TextObject; alt_text?: string };
  elements?: Array<{ type?: string; text?: TextObject | string; alt_text?: string }>;
  alt_text?: string;
}

/** One Block Kit block as terminal lines. */
export function renderBlock(raw: unknown, ctx: MrkdwnContext): string[] {
  const block = (raw ?? {}) as BlockShape;
  switch (block.type) {
    case 'header':
      return [ctx.style.bold(textOf(block.text, ctx))];
    case 'section': {
      const lines = block.text ? textOf(block.text, ctx).split('\n') : [];
      for (const field of block.fields ?? []) lines.push(...textOf(field, ctx).split('\n'));
      if (block.accessory?.type === 'button' && block.accessory.text) {
        const button = `[${textOf(block.accessory.text, ctx)}]`;
        if (lines.length > 0) lines[lines.length - 1] = `${lines[lines.length - 1]}  ${button}`;
        else lines.push(button);
      }
      return lines;
    }
    case 'context':
      return [ctx.style.dim((block.elements ?? []).map((e) => (typeof e.text === 'string' ? renderMrkdwn(e.text, ctx) : e.type === 'image' ? `[${e.alt_text ?? 'image'}]` : textOf(e.text, ctx))).join(' · '))];
    case 'divider':
      return [ctx.style.dim('─'.repeat(40))];
    case 'actions':
      return [(block.elements ?? []).map((e) => (e.type === 'button' && e.text && typeof e.text !== 'string' ? `[${textOf(e.text, ctx)}]` : `[${e.type ?? 'control'}]`)).join(' ')];
    case 'image':
      return [`[image: ${block.alt_text ?? ''}]`];
    default:
      return [ctx.style.dim(`[${block.type ?? 'block'}]`)];
  }
}

function textOf(text: TextObject | undefined, ctx: MrkdwnContext): string {
  if (!text?.text) return '';
  // plain_text is shown as typed; only mrkdwn carries markup.
  return text.type === 'mrkdwn' ? renderMrkdwn(text.text, ctx) : renderPlain(text.text);
}
