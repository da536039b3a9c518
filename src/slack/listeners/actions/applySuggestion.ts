import type { App, BlockButtonAction } from '@slack/bolt';
import { applySettingChanges } from '../../../domain/applySettingChanges.js';
import { overridesOf, resolveSettings } from '../../../domain/settings.js';
import { ensureTeam, getSettingsOverrides, saveSettingsOverrides } from '../../../store/teams.js';
import { ACTION_IDS } from '../../blocks/actionIds.js';
import { buildNotice } from '../../blocks/notice.js';
import { parseSuggestionValue } from '../../blocks/replay.js';
import { buildSettingChanged } from '../../blocks/settingChanged.js';
import { escapeText } from '../../blocks/text.js';
import { withAnnouncedChange } from '../announce.js';
import type { ListenerDeps } from '../deps.js';
import { adminRefusal } from '../permissions.js';
import { answerAction, buttonPress, OUT_OF_CHANNEL } from './answerAction.js';
import { acknowledge } from '../acknowledge.js';

// "Apply the suggested levels" under /flow replay: the same path as /flow set (an admin action, each
// level through applySetting, saved with its announcement to the channel in one transaction).

export function registerApplySuggestion(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.applySuggestion, async ({ ack, body, action, respond }) => {
    await acknowledge(ack, deps.logger, { action: 'applySuggestion' });
    await answerAction('Apply the suggested levels', respond, deps, async () => {
      const press = buttonPress(body, action);
      if (!press) return OUT_OF_CHANNEL;
      const refusal = await adminRefusal(press.userId, deps, 'change this channel\'s rules');
      if (refusal) return refusal;
      const changes = parseSuggestionValue(press.value);
      if (!changes) return buildNotice(':warning: This button no longer carries a suggestion I can read. Run `/flow replay` again.');
      const applied = applySettingChanges(resolveSettings(await getSettingsOverrides(deps.db, press.teamId)), changes);
      if (!applied.ok) return buildNotice(`:warning: The suggestion no longer fits this channel's settings: ${escapeText(applied.error)} Run \`/flow replay\` again.`);

      const now = deps.clock();
      const summary = applied.summaries.join('; ');
      const limited = await withAnnouncedChange(deps.db, { teamId: press.teamId, userId: press.userId }, now, async (trx) => {
        await ensureTeam(trx, press.teamId, now);
        await saveSettingsOverrides(trx, press.teamId, overridesOf(applied.settings));
        return { dedupeKey: `setting:${press.teamId}:${now.toISOString()}:${press.userId}:replay-suggestion`, message: buildSettingChanged(press.userId, `levels suggested by /flow replay: ${summary}`) };
      });
      if (limited) return limited;
      return buildNotice(`:white_check_mark: Saved: ${escapeText(summary)}. It is announced in the channel.`);
    });
  });
}
