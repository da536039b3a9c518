import { buildNoticeLines } from '../../blocks/notice.js';
import { unwatchRepo } from '../../../store/watchedRepos.js';
import { parseRepoName } from '../input/repoName.js';
import { MAX_REPOS_PER_COMMAND } from './flow-watch.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow unwatch OWNER/REPO …`.

export const flowUnwatch: FlowHandler = async ({ teamId, args }, { db }) => {
  if (args.length === 0) return buildNoticeLines([':warning: Usage: `/flow unwatch OWNER/REPO`, for example `/flow unwatch acme/api`. `/flow repos` lists what is watched.']);
  if (args.length > MAX_REPOS_PER_COMMAND) return buildNoticeLines([`:warning: That is ${args.length} repositories; unwatch at most ${MAX_REPOS_PER_COMMAND} at a time.`]);
  const lines: string[] = [];
  for (const word of args) {
    const parsed = parseRepoName(word);
    if (!parsed.ok) {
      lines.push(`:x: ${parsed.error}`);
      continue;
    }
    const removed = await unwatchRepo(db, teamId, parsed.repo);
    lines.push(removed ? `Stopped watching \`${parsed.repo}\`.` : `\`${parsed.repo}\` was not watched here; \`/flow repos\` lists what is.`);
  }
  return buildNoticeLines(lines);
};
