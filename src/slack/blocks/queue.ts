import { pullRequestKey, type Suggestion } from '../../domain/suggest.js';
import { ACTION_IDS } from './actionIds.js';
import { actions, button, context, fallback, header, section, type Block, type Button, type SlackMessage } from './kit.js';
import { authorOf, pullRequestLink } from './pullRequestLine.js';
import { escapeText } from './text.js';

// `/flow queue`: the whole review queue in priority order, a page at a time (Block Kit allows 50
// blocks a message), with Previous / Next buttons whose value is the page to show.

export const QUEUE_PAGE_SIZE = 10;

export interface QueuePageView {
  items: readonly Suggestion[];
  /** 0-based; clamped into range */
  page: number;
  /** who has claimed which PR key, as mrkdwn (a mention or an escaped login) */
  claimedBy: ReadonlyMap<string, string>;
  awaitingAuthor: number;
  approved: number;
}

export function buildQueuePage(view: QueuePageView): SlackMessage {
  const total = view.items.length;
  if (total === 0) {
    const text = `:tada: Nothing is waiting for review${view.awaitingAuthor + view.approved > 0 ? ` (${view.awaitingAuthor} with their authors, ${view.approved} approved)` : ''}.`;
    return { text: fallback(text), blocks: [section(text)] };
  }
  const pages = Math.ceil(total / QUEUE_PAGE_SIZE);
  const page = Math.min(Math.max(0, Math.floor(view.page)), pages - 1);
  const first = page * QUEUE_PAGE_SIZE;
  const shown = view.items.slice(first, first + QUEUE_PAGE_SIZE);
  const blocks: Block[] = [
    header(`Review queue: ${total} waiting`),
    ...shown.map((s, i) => section(itemText(s, first + i + 1, view.claimedBy))),
    context(`Page ${page + 1} of ${pages} · ${view.awaitingAuthor} with their authors · ${view.approved} approved · in priority order: cost of waiting ÷ review effort`),
  ];
  const nav: Button[] = [];
  if (page > 0) nav.push(button('◀ Previous', ACTION_IDS.queuePrevious, String(page - 1)));
  if (page < pages - 1) nav.push(button('Next ▶', ACTION_IDS.queueNext, String(page + 1)));
  if (nav.length > 0) blocks.push(actions('flow_queue_nav', ...nav));
  return { text: fallback(`Review queue: ${total} waiting (page ${page + 1} of ${pages})`), blocks };
}

function itemText(s: Suggestion, rank: number, claimedBy: ReadonlyMap<string, string>): string {
  const claim = claimedBy.get(pullRequestKey(s.pr.facts.repo, s.pr.facts.number));
  return `*${rank}.* ${pullRequestLink(s.pr.facts)} ${authorOf(s.pr.facts)}\n${escapeText(s.explanation)}${claim ? ` · :hand: picked up by ${claim}` : ''}`;
}
