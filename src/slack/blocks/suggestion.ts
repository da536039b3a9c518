import type { Suggestion } from '../../domain/suggest.js';
import { pullRequestKey } from '../../domain/suggest.js';
import { ACTION_IDS } from './actionIds.js';
import { actions, button, context, fallback, section, type Block, type SlackMessage } from './kit.js';
import { authorOf, pullRequestLink } from './pullRequestLine.js';
import { escapeText } from './text.js';

// `/flow next` and the Skip button: one suggestion with Pick up and Skip. Skip carries the PRs skipped
// so far in its value, so the next one is worked out again from fresh data without server state.

export type NoSuggestion = 'queue_empty' | 'none_for_you' | 'all_skipped' | 'unlinked';

export interface SuggestionView {
  suggestion: Suggestion | null;
  /** why there is none, when there is none */
  none?: NoSuggestion;
  /** PR keys skipped before this one */
  skipped: string[];
  /** suggestions left after this one */
  remaining: number;
  /** a line before the suggestion (already escaped), e.g. why the previous pick did not work */
  lead?: string;
}

/** Button values are at most 2000 characters; the oldest skips are forgotten first. */
const SKIP_VALUE_BUDGET = 1900;

export function buildSuggestion(view: SuggestionView): SlackMessage {
  const lead: Block[] = view.lead ? [section(view.lead)] : [];
  const s = view.suggestion;
  if (!s) {
    const text = noneText(view.none ?? 'none_for_you');
    return { text: fallback(`${view.lead ? `${view.lead} ` : ''}${text}`), blocks: [...lead, section(text)] };
  }
  const key = pullRequestKey(s.pr.facts.repo, s.pr.facts.number);
  const blocks: Block[] = [
    ...lead,
    section(`*Your next review:* ${pullRequestLink(s.pr.facts)} ${authorOf(s.pr.facts)}\n${escapeText(s.explanation)}`),
    actions(
      'flow_next',
      button('Pick up', ACTION_IDS.pickUp, key, 'primary'),
      button('Skip', ACTION_IDS.skip, encodeSkipped([...view.skipped, key])),
    ),
    context(view.remaining > 0 ? `${view.remaining} more after this one. Pick up tells the others you have it for a while.` : 'The last one for you right now.'),
  ];
  return { text: fallback(`Your next review: ${s.pr.facts.repo}#${s.pr.facts.number}`), blocks };
}

export function encodeSkipped(keys: string[]): string {
  let kept = [...new Set(keys)];
  let value = JSON.stringify({ skip: kept });
  while (value.length > SKIP_VALUE_BUDGET && kept.length > 1) {
    kept = kept.slice(1);
    value = JSON.stringify({ skip: kept });
  }
  return value;
}

/** The skipped keys from a Skip button's value; [] for anything malformed. */
export function decodeSkipped(value: string | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    const skip = (parsed as { skip?: unknown }).skip;
    return Array.isArray(skip) ? skip.filter((k): k is string => typeof k === 'string' && k.length < 200).slice(-200) : [];
  } catch {
    return [];
  }
}

function noneText(none: NoSuggestion): string {
  switch (none) {
    case 'queue_empty':
      return ':tada: Nothing is waiting for review. Build at full speed.';
    case 'none_for_you':
      return 'Nothing for you right now: every PR waiting is yours, reviewed by you since its last push, or picked up by someone else.';
    case 'all_skipped':
      return 'You skipped every suggestion. `/flow next` starts again from the top; `/flow queue` shows them all.';
    case 'unlinked':
      return 'Link your GitHub login first, so I know which PRs are yours and where you were asked: `/flow link GITHUB-LOGIN`.';
    default: {
      const _exhaustive: never = none;
      return String(_exhaustive);
    }
  }
}
