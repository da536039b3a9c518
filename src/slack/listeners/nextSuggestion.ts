import { buildSuggestion } from '../blocks/suggestion.js';
import type { SlackMessage } from '../blocks/kit.js';
import { nextSuggestionOf, type TeamView } from '../../app/teamView.js';

/** The asker's next suggestion (after the skipped ones) as a reply with Pick up / Skip, or why there is none. */
export function nextSuggestionReply(view: TeamView, login: string, skipped: string[], lead?: string): SlackMessage {
  const { first, count } = nextSuggestionOf(view, login, new Set(skipped));
  if (first) return buildSuggestion({ suggestion: first, skipped, remaining: count - 1, lead });
  const queueEmpty = !view.assessment.queue.some((pr) => pr.queue === 'awaiting_review');
  const none = queueEmpty ? 'queue_empty' : skipped.length > 0 && nextSuggestionOf(view, login).count > 0 ? 'all_skipped' : 'none_for_you';
  return buildSuggestion({ suggestion: null, none, skipped, remaining: 0, lead });
}
