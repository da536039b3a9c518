import { loginFor } from '../../../store/people.js';
import { buildSuggestion } from '../../blocks/suggestion.js';
import { nextSuggestionReply } from '../nextSuggestion.js';
import { loadTeamView } from '../../../app/teamView.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow next`: the asker's best review to pick up, with Pick up and Skip.

export const flowNext: FlowHandler = async ({ teamId, userId }, deps) => {
  const login = await loginFor(deps.db, teamId, userId);
  if (!login) return buildSuggestion({ suggestion: null, none: 'unlinked', skipped: [], remaining: 0 });
  return nextSuggestionReply(await loadTeamView(teamId, deps), login, []);
};
