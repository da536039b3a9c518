import { buildNotice } from '../../blocks/notice.js';
import { buildSettingChanged } from '../../blocks/settingChanged.js';
import { escapeText } from '../../blocks/text.js';
import { isFlowlightError } from '../../../errors.js';
import { DEFAULT_SETTINGS, SETTING_KEYS, applySetting, resolveSettings, type TeamSettings } from '../../../domain/settings.js';
import { enqueueMessage } from '../../../store/outbox.js';
import { ensureTeam, getSettingsOverrides, saveSettingsOverrides } from '../../../store/teams.js';
import type { Db } from '../../../store/open.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow set KEY VALUE`: validated by the domain; saved with the announcement to the channel in one
// transaction (through the outbox), since a change of the team's rules concerns everyone.

export const flowSet: FlowHandler = async ({ teamId, userId, args, rest }, { db, clock, logger }) => {
  if (args.length === 0) {
    return buildNotice(`:warning: Usage: \`/flow set KEY VALUE\`, for example \`/flow set red.oldest_wait 12\`. Keys: ${SETTING_KEYS.map((k) => `\`${k}\``).join(', ')}. \`/flow config\` shows the current values.`);
  }
  const key = args[0]!;
  const value = rest.slice(key.length).trim();
  const { settings, note } = await currentSettings(db, teamId);
  const result = applySetting(settings, key, value);
  if (!result.ok) return buildNotice(`:warning: ${escapeText(result.error)}`);

  const now = clock();
  const announcement = buildSettingChanged(userId, result.summary);
  await db.transaction().execute(async (trx) => {
    await ensureTeam(trx, teamId, now);
    await saveSettingsOverrides(trx, teamId, result.overrides);
    await enqueueMessage(trx, {
      teamId,
      dedupeKey: `setting:${teamId}:${now.toISOString()}:${userId}:${key.toLowerCase()}`,
      kind: 'notice',
      payload: { action: 'post', channel: teamId, ...announcement },
    }, now);
  });
  if (note) logger.warn({ channel: teamId }, 'Stored settings did not validate; /flow set started again from the defaults');
  return buildNotice(`:white_check_mark: ${note ? `${note} ` : ''}Saved: ${escapeText(result.summary)}. It is announced in the channel.`);
};

/** The stored settings; when they no longer validate, the defaults, and a note saying so. */
async function currentSettings(db: Db, teamId: string): Promise<{ settings: TeamSettings; note: string | null }> {
  try {
    return { settings: resolveSettings(await getSettingsOverrides(db, teamId)), note: null };
  } catch (error) {
    if (!isFlowlightError(error) || error.code !== 'settings_invalid') throw error;
    return { settings: DEFAULT_SETTINGS, note: `The stored settings were invalid (${escapeText(error.message)}), so the others went back to their defaults.` };
  }
}
