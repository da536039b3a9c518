import type { App, BlockButtonAction } from '@slack/bolt';
import { loginFor } from '../../../store/people.js';
import { ACTION_IDS } from '../../blocks/actionIds.js';
import { buildSuggestion, decodeSkipped } from '../../blocks/suggestion.js';
import type { ListenerDeps } from '../deps.js';
import { nextSuggestionReply } from '../nextSuggestion.js';
import { loadTeamView } from '../../../app/teamView.js';
import { answerAction, buttonPress, OUT_OF_CHANNEL } from './answerAction.js';
import { acknowledge } from '../acknowledge.js';

// Skip: the next suggestion, worked out again from fresh data, leaving out everything skipped so far.

export function registerSkip(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.skip, async ({ ack, body, action, respond }) => {
    await acknowledge(ack, deps.logger, { action: 'skip' });
    await answerAction('Skip', respond, deps, async () => {
      const press = buttonPress(body, action);
      if (!press) return OUT_OF_CHANNEL;
      const login = await loginFor(deps.db, press.teamId, press.userId);
      if (!login) return buildSuggestion({ suggestion: null, none: 'unlinked', skipped: [], remaining: 0 });
      return nextSuggestionReply(await loadTeamView(press.teamId, deps), login, decodeSkipped(press.value));
    });
  });
}
