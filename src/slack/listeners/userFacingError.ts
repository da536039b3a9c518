import { isFlowlightError } from '../../errors.js';
import { escapeText } from '../blocks/text.js';

// What a person sees when a listener fails: our own coded errors carry a message written for them;
// anything else is logged and replaced by a sentence that says what to do. Never a stack trace.

const FOR_PEOPLE = new Set(['input_invalid', 'settings_invalid', 'github_not_found', 'github_unauthorized', 'github_rate_limited', 'github_unavailable']);

export function userFacingError(error: unknown, what: string): { message: string; expected: boolean } {
  if (isFlowlightError(error) && FOR_PEOPLE.has(error.code)) return { message: escapeText(error.message), expected: true };
  return {
    message: `Something went wrong on flowlight's side while ${what}. It is in the logs; try again in a minute, and if it keeps happening ask whoever runs flowlight to look at them.`,
    expected: false,
  };
}
