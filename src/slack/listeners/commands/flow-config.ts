import { buildConfig } from '../../blocks/config.js';
import { describeSettings, resolveSettings } from '../../../domain/settings.js';
import { getSettingsOverrides } from '../../../store/teams.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow config`: the channel's settings. A stored value that no longer validates is reported
// (a FlowlightError naming the setting and the fix), not silently replaced.

export const flowConfig: FlowHandler = async ({ teamId }, { db }) => {
  const settings = resolveSettings(await getSettingsOverrides(db, teamId));
  return buildConfig(describeSettings(settings));
};
