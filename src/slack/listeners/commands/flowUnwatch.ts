import { buildChannelChange } from '../../blocks/channelChange.js';
import { buildNoticeLines } from '../../blocks/notice.js';
import { unwatchRepo } from '../../../store/watchedRepos.js';
import { withAnnouncedChange } from '../announce.js';
import { parseRepoName } from '../input/repoName.js';
import { adminRefusal } from '../permissions.js';
import { MAX_REPOS_PER_COMMAND } from './flowWatch.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow unwatch OWNER/REPO …` (admins); what was removed is announced in the channel.

export const flowUnwatch: FlowHandler = async ({ teamId, userId, args }, deps) => {
  if (args.length === 0) return buildNoticeLines([':warning: Usage: `/flow unwatch OWNER/REPO`, for example `/flow unwatch acme/api`. `/flow repos` lists what is watched.']);
  if (args.length > MAX_REPOS_PER_COMMAND) return buildNoticeLines([`:warning: That is ${args.length} repositories; unwatch at most ${MAX_REPOS_PER_COMMAND} at a time.`]);
  const refusal = await adminRefusal(userId, deps, 'change which repositories this channel watches');
  if (refusal) return refusal;
  const now = deps.clock();
  const lines: string[] = [];
  const repos: string[] = [];
  for (const word of args) {
    const parsed = parseRepoName(word);
    if (!parsed.ok) lines.push(`:x: ${parsed.error}`);
    else if (!repos.includes(parsed.repo)) repos.push(parsed.repo);
  }
  const removed: string[] = [];
  const limited = await withAnnouncedChange(deps.db, { teamId, userId }, now, async (trx) => {
    for (const repo of repos) if (await unwatchRepo(trx, teamId, repo)) removed.push(repo);
    if (removed.length === 0) return null;
    const names = removed.map((repo) => `\`${repo}\``).join(', ');
    return { dedupeKey: `unwatch:${teamId}:${now.toISOString()}:${userId}`, message: buildChannelChange(userId, `stopped watching ${names} in this channel.`) };
  });
  if (limited) return limited;
  for (const repo of repos) {
    lines.push(removed.includes(repo) ? `Stopped watching \`${repo}\`.` : `\`${repo}\` was not watched here; \`/flow repos\` lists what is.`);
  }
  if (removed.length > 0) lines.push('It is announced in the channel.');
  return buildNoticeLines(lines);
};
