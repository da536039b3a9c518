import { buildConfig } from '../../blocks/config.js';
import { describeSettings, resolveSettings } from '../../../domain/settings.js';
import { privateReposPolicyOf } from '../../../store/privateRepos.js';
import { getSettingsOverrides } from '../../../store/teams.js';
import type { FlowHandler } from './flowRequest.js';
import { PRIVATE_REPOS_KEY } from './setPrivateRepos.js';

// `/flow config`: the channel's settings. A stored value that no longer validates is reported
// (a FlowlightError naming the setting and the fix), not silently replaced.

export const flowConfig: FlowHandler = async ({ teamId }, { db }) => {
  const settings = resolveSettings(await getSettingsOverrides(db, teamId));
  const privateRepos = await privateReposPolicyOf(db, teamId);
  return buildConfig([
    ...describeSettings(settings),
    { key: PRIVATE_REPOS_KEY, value: privateRepos, help: 'allow: this channel may watch private repositories even if it is public (admins; private channels and DMs always may)' },
  ]);
};
