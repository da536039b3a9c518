import { buildNoticeLines } from '../../blocks/notice.js';
import { escapeText } from '../../blocks/text.js';
import { clearRetryAfter } from '../../../store/cursors.js';
import { ensureTeam } from '../../../store/teams.js';
import { listWatchedRepos, watchRepo } from '../../../store/watchedRepos.js';
import type { ListenerDeps } from '../deps.js';
import { parseRepoName } from '../input/repoName.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow watch OWNER/REPO …`: each repository is checked on GitHub at once, so one the token cannot
// see is refused with the reason instead of turning the light grey later.

export const MAX_REPOS_PER_COMMAND = 20;
export const MAX_REPOS_PER_CHANNEL = 100;

export const flowWatch: FlowHandler = async ({ teamId, userId, args }, deps) => {
  if (args.length === 0) return buildNoticeLines([':warning: Usage: `/flow watch OWNER/REPO …`, for example `/flow watch acme/api acme/web`.']);
  if (args.length > MAX_REPOS_PER_COMMAND) {
    return buildNoticeLines([`:warning: That is ${args.length} repositories; watch at most ${MAX_REPOS_PER_COMMAND} at a time.`]);
  }
  const now = deps.clock();
  const watched = new Set(await listWatchedRepos(deps.db, teamId));
  const lines: string[] = [];
  const wanted: string[] = [];
  for (const word of args) {
    const parsed = parseRepoName(word);
    if (!parsed.ok) lines.push(`:x: ${parsed.error}`);
    else if (watched.has(parsed.repo)) {
      lines.push(await clearRetryAfter(deps.db, parsed.repo)
        ? `:white_check_mark: \`${parsed.repo}\` is already watched here. It was waiting for GitHub's rate limit; the next poll reads it again.`
        : `:white_check_mark: \`${parsed.repo}\` is already watched here.`);
    }
    else if (!wanted.includes(parsed.repo)) wanted.push(parsed.repo);
  }
  const room = MAX_REPOS_PER_CHANNEL - watched.size;
  if (wanted.length > room) {
    lines.push(`:x: This channel watches ${watched.size} repositories; at most ${MAX_REPOS_PER_CHANNEL}. Unwatch some first (\`/flow repos\` lists them).`);
    return buildNoticeLines(lines);
  }
  const checks = await Promise.all(wanted.map((repo) => checkAccess(repo, deps)));
  if (checks.some((c) => c.ok)) await ensureTeam(deps.db, teamId, now);
  for (const check of checks) {
    if (!check.ok) {
      lines.push(`:x: \`${check.repo}\`: ${escapeText(check.reason)}`);
      continue;
    }
    const added = await watchRepo(deps.db, teamId, check.repo, userId, now);
    // GitHub answers a renamed repository's old name for it (a redirect): say which name is watched.
    const renamed = check.asked !== check.repo ? `\`${check.asked}\` was renamed to \`${check.repo}\` on GitHub. ` : '';
    if (!added) lines.push(`:white_check_mark: ${renamed}\`${check.repo}\` is already watched here.`);
    else lines.push(deps.github
      ? `:eyes: ${renamed}Watching \`${check.repo}\`. Its pull requests show up after the next poll.`
      : `:eyes: Watching \`${check.repo}\`. GitHub is not connected here, so access is checked at the next poll.`);
  }
  return buildNoticeLines(lines);
};

type AccessCheck = { ok: true; asked: string; repo: string } | { ok: false; repo: string; reason: string };

async function checkAccess(repo: string, deps: ListenerDeps): Promise<AccessCheck> {
  if (!deps.github) return { ok: true, asked: repo, repo };
  try {
    const result = await deps.github.checkRepositoryAccess(repo);
    return result.ok ? { ok: true, asked: repo, repo: result.fullName.toLowerCase() } : { ok: false, repo, reason: result.error.message };
  } catch (error) {
    deps.logger.warn({ err: error, repo }, 'Checking repository access failed');
    return { ok: false, repo, reason: 'GitHub could not be asked about it just now; try again in a minute.' };
  }
}
