import { buildNotice } from '../../blocks/notice.js';
import { buildSettingChanged } from '../../blocks/settingChanged.js';
import { shown } from '../../blocks/text.js';
import { savePrivateReposPolicy, type PrivateReposPolicy } from '../../../store/privateRepos.js';
import { ensureTeam } from '../../../store/teams.js';
import type { ListenerDeps } from '../deps.js';
import { withAnnouncedChange } from '../announce.js';
import type { FlowRequest } from './flowRequest.js';

// `/flow set private_repos allow|refuse` (admins only, checked by the caller): whether this channel
// may watch private repositories although it is public. Private channels and DMs always may.
// Refusing again does not unwatch anything already watched; the reply says so.

export const PRIVATE_REPOS_KEY = 'private_repos';

export async function setPrivateRepos({ teamId, userId }: FlowRequest, value: string, deps: ListenerDeps) {
  const policy = parsePolicy(value);
  if (!policy) {
    return buildNotice(`:warning: \`${shown(value || '(nothing)')}\` is not a value for \`${PRIVATE_REPOS_KEY}\`: write \`/flow set ${PRIVATE_REPOS_KEY} allow\` (this public channel may watch private repositories) or \`/flow set ${PRIVATE_REPOS_KEY} refuse\` (the default: only private channels and DMs may).`);
  }
  const summary = policy === 'allow'
    ? `${PRIVATE_REPOS_KEY} = allow (this channel may watch private repositories, and shows their titles to everyone in it)`
    : `${PRIVATE_REPOS_KEY} = refuse (only private channels and DMs may watch private repositories)`;
  const now = deps.clock();
  const limited = await withAnnouncedChange(deps.db, { teamId, userId }, now, async (trx) => {
    await ensureTeam(trx, teamId, now);
    await savePrivateReposPolicy(trx, teamId, policy);
    return { dedupeKey: `setting:${teamId}:${now.toISOString()}:${userId}:${PRIVATE_REPOS_KEY}`, message: buildSettingChanged(userId, summary) };
  });
  if (limited) return limited;
  const after = policy === 'refuse' ? ' Repositories already watched stay watched: `/flow repos` lists them, `/flow unwatch` removes one.' : '';
  return buildNotice(`:white_check_mark: Saved: ${summary}. It is announced in the channel.${after}`);
}

function parsePolicy(value: string): PrivateReposPolicy | null {
  const word = value.trim().toLowerCase();
  if (word === 'allow') return 'allow';
  if (word === 'refuse') return 'refuse';
  return null;
}
