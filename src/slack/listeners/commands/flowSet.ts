import { buildNotice } from '../../blocks/notice.js';
import { buildSettingChanged } from '../../blocks/settingChanged.js';
import { escapeText } from '../../blocks/text.js';
import { isFlowlightError } from '../../../errors.js';
import { DEFAULT_SETTINGS, SETTING_KEYS, applySetting, resolveSettings, type TeamSettings } from '../../../domain/settings.js';
import { ensureTeam, getSettingsOverrides, saveSettingsOverrides } from '../../../store/teams.js';
import type { Db } from '../../../store/open.js';
import { withAnnouncedChange } from '../announce.js';
import { adminRefusal } from '../permissions.js';
import type { FlowHandler } from './flowRequest.js';
import { PRIVATE_REPOS_KEY, setPrivateRepos } from './setPrivateRepos.js';

// `/flow set KEY VALUE`: validated by the domain; saved with the announcement to the channel in one
// transaction (through the outbox), since a change of the team's rules concerns everyone. Only a
// flowlight admin may change them.

export const flowSet: FlowHandler = async (request, deps) => {
  const { teamId, userId, args, rest } = request;
  const { db, clock, logger } = deps;
  if (args.length === 0) {
    return buildNotice(`:warning: Usage: \`/flow set KEY VALUE\`, for example \`/flow set red.oldest_wait 12\`. Keys: ${[...SETTING_KEYS, PRIVATE_REPOS_KEY].map((k) => `\`${k}\``).join(', ')}. \`/flow config\` shows the current values.`);
  }
  const refusal = await adminRefusal(userId, deps, 'change this channel\'s rules');
  if (refusal) return refusal;
  const key = args[0]!;
  const value = rest.slice(key.length).trim();
  if (key.toLowerCase() === PRIVATE_REPOS_KEY) return setPrivateRepos(request, value, deps);
  const { settings, note } = await currentSettings(db, teamId);
  const result = applySetting(settings, key, value);
  if (!result.ok) return buildNotice(`:warning: ${escapeText(result.error)}`);

  const now = clock();
  const announcement = buildSettingChanged(userId, result.summary);
  const limited = await withAnnouncedChange(db, { teamId, userId }, now, async (trx) => {
    await ensureTeam(trx, teamId, now);
    await saveSettingsOverrides(trx, teamId, result.overrides);
    return { dedupeKey: `setting:${teamId}:${now.toISOString()}:${userId}:${key.toLowerCase()}`, message: announcement };
  });
  if (limited) return limited;
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
