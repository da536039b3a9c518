import { buildChannelChange } from '../../blocks/channelChange.js';
import { buildNoticeLines } from '../../blocks/notice.js';
import { escapeText, shown } from '../../blocks/text.js';
import { joinChannel, type JoinOutcome } from '../../joinChannel.js';
import { ownerDecision, privateRepoAllowedIn, type ChannelKind } from '../../../domain/watchPolicy.js';
import { privateReposPolicyOf } from '../../../store/privateRepos.js';
import { clearRetryAfter } from '../../../store/cursors.js';
import { ensureTeam } from '../../../store/teams.js';
import { listWatchedRepos, watchRepo } from '../../../store/watchedRepos.js';
import { recordFirstWatch, requestBackfill } from '../../../store/historyBackfills.js';
import { DEFAULT_HISTORY_WEEKS } from '../../../domain/historyProgress.js';
import { withAnnouncedChange } from '../announce.js';
import type { ListenerDeps } from '../deps.js';
import { parseRepoName } from '../input/repoName.js';
import { adminRefusal } from '../permissions.js';
import type { FlowHandler } from './flowRequest.js';

// `/flow watch OWNER/REPO …` (admins): each repository must belong to an owner the operator allows
// (checked before GitHub is asked, so nothing is learnt about other owners' repositories), then is
// checked on GitHub at once, so one the token cannot see is refused with the reason instead of turning
// the light grey later; a private one only in a private channel or DM unless an admin allowed more.
// What was added is announced in the channel. The bot then joins the channel (channels:join): it posts
// there anyway (chat:write.public), but only a member may read the history it checks to deliver each
// message exactly once (src/jobs/outboxReconcile.ts).

export const MAX_REPOS_PER_COMMAND = 20;
const MAX_REPOS_PER_CHANNEL = 100;

export const flowWatch: FlowHandler = async ({ teamId, userId, args, slack }, deps) => {
  if (args.length === 0) return buildNoticeLines([':warning: Usage: `/flow watch OWNER/REPO …`, for example `/flow watch acme/api acme/web`.']);
  if (args.length > MAX_REPOS_PER_COMMAND) {
    return buildNoticeLines([`:warning: That is ${args.length} repositories; watch at most ${MAX_REPOS_PER_COMMAND} at a time.`]);
  }
  const refusal = await adminRefusal(userId, deps, 'change which repositories this channel watches');
  if (refusal) return refusal;
  const now = deps.clock();
  const watched = new Set(await listWatchedRepos(deps.db, teamId));
  const lines: string[] = [];
  const wanted: string[] = [];
  for (const word of args) {
    const parsed = parseRepoName(word);
    if (!parsed.ok) lines.push(`:x: ${parsed.error}`);
    else if (watched.has(parsed.repo)) {
      // Watching again is how people clear a wait GitHub's rate limit set on the repository.
      lines.push(await clearRetryAfter(deps.db, parsed.repo)
        ? `:white_check_mark: \`${parsed.repo}\` is already watched here. It was waiting for GitHub's rate limit; the next poll reads it again.`
        : `:white_check_mark: \`${parsed.repo}\` is already watched here.`);
    }
    else if (!wanted.includes(parsed.repo)) {
      const owner = ownerRefusal(parsed.repo, deps);
      if (owner) lines.push(`:x: ${owner}`);
      else wanted.push(parsed.repo);
    }
  }
  const room = MAX_REPOS_PER_CHANNEL - watched.size;
  if (wanted.length > room) {
    lines.push(`:x: This channel watches ${watched.size} repositories; at most ${MAX_REPOS_PER_CHANNEL}. Unwatch some first (\`/flow repos\` lists them).`);
    return buildNoticeLines(lines);
  }
  const checks = await Promise.all(wanted.map((repo) => checkAccess(repo, deps)));
  const visibility = await visibilityRule(teamId, checks, deps);
  const accepted: Array<AccessCheck & { ok: true }> = [];
  for (const check of checks) {
    if (!check.ok) lines.push(`:x: \`${check.repo}\`: ${escapeText(check.reason)}`);
    else if (check.isPrivate && !visibility.privateAllowed) lines.push(`:lock: \`${check.repo}\` is private on GitHub: ${visibility.why}`);
    else if (watched.has(check.repo)) lines.push(`:white_check_mark: ${renamedNote(check)}\`${check.repo}\` is already watched here.`);
    else if (!accepted.some((a) => a.repo === check.repo)) accepted.push(check);
  }
  if (accepted.length === 0) return buildNoticeLines(lines);

  const names = accepted.map(({ repo }) => `\`${repo}\``).join(', ');
  const limited = await withAnnouncedChange(deps.db, { teamId, userId }, now, async (trx) => {
    await ensureTeam(trx, teamId, now);
    for (const { repo } of accepted) await watchRepo(trx, teamId, repo, userId, now);
    // The history is read after the polls, in the background (src/jobs/backfill.ts): this reply never waits for it.
    for (const { repo } of accepted) await requestBackfill(trx, repo, DEFAULT_HISTORY_WEEKS, now);
    await recordFirstWatch(trx, teamId, now);
    return { dedupeKey: `watch:${teamId}:${now.toISOString()}:${userId}`, message: buildChannelChange(userId, `started watching ${names} in this channel.`) };
  });
  if (limited) return limited;
  for (const check of accepted) {
    lines.push(deps.github
      ? `:eyes: ${renamedNote(check)}Watching \`${check.repo}\`. Its pull requests show up after the next poll.`
      : `:eyes: Watching \`${check.repo}\`. GitHub is not connected here, so access is checked at the next poll.`);
  }
  if (deps.github) lines.push(`Its last ${DEFAULT_HISTORY_WEEKS} weeks of closed pull requests are read in the background, for \`/flow report\`; \`/flow repos\` shows how far.`);
  lines.push('It is announced in the channel.');
  if (slack) {
    const joined = await joinChannel(slack, teamId);
    // Slack never lets a bot join a private channel itself: that is the normal case, and the reply says what to do.
    if (joined.kind === 'needs_invite') deps.logger.info({ channel: teamId, joined }, '/flow watch: private channel, the bot needs an invitation');
    else if (joined.kind !== 'joined') deps.logger.warn({ channel: teamId, joined }, '/flow watch: could not join the channel');
    const line = joinLine(joined);
    if (line) lines.push(line);
  }
  return buildNoticeLines(lines);
};

/** Why the owner of `repo` may not be watched, or null when it may. */
function ownerRefusal(repo: string, deps: ListenerDeps): string | null {
  const owner = repo.split('/')[0]!;
  const decision = ownerDecision(owner, deps.access?.githubOwners ?? [], deps.access?.githubAuthKind ?? 'none');
  if (decision.allowed) return null;
  switch (decision.reason) {
    case 'no_owners_configured':
      return `\`${repo}\`: this flowlight watches no GitHub owner yet. Whoever runs it sets GITHUB_OWNERS (for example \`GITHUB_OWNERS=${shown(owner, 39)}\`) and restarts it.`;
    case 'owner_not_allowed':
      return `\`${repo}\`: \`${shown(owner, 39)}\` is not one of the GitHub owners this flowlight may watch (${(deps.access?.githubOwners ?? []).map((o) => `\`${o}\``).join(', ')}). Whoever runs it can add it to GITHUB_OWNERS.`;
    default: {
      const _exhaustive: never = decision.reason;
      return _exhaustive;
    }
  }
}

/** What people should know when the bot could not join the channel, and what to do. */
function joinLine(outcome: JoinOutcome): string | null {
  switch (outcome.kind) {
    case 'joined':
      return null;
    case 'needs_invite':
      return ':lock: This is a private channel: if flowlight is not a member yet, `/invite @flowlight` here, or its alerts cannot be posted.';
    case 'refused':
      return `:warning: flowlight could not join this channel (${escapeText(outcome.code)}). Reinstall the app from manifest.yml (it needs channels:join) or \`/invite @flowlight\`; until then, a message whose delivery was interrupted may appear here twice.`;
    case 'unreachable':
      return ':warning: flowlight could not join this channel just now (Slack did not answer). It tries again when it needs to; `/invite @flowlight` settles it.';
    default: {
      const _exhaustive: never = outcome;
      return String(_exhaustive);
    }
  }
}

type AccessCheck = { ok: true; asked: string; repo: string; isPrivate: boolean } | { ok: false; repo: string; reason: string };

/** GitHub answers a renamed repository's old name for it (a redirect): say which name is watched. */
function renamedNote(check: { asked: string; repo: string }): string {
  return check.asked !== check.repo ? `\`${check.asked}\` was renamed to \`${check.repo}\` on GitHub. ` : '';
}

async function checkAccess(repo: string, deps: ListenerDeps): Promise<AccessCheck> {
  if (!deps.github) return { ok: true, asked: repo, repo, isPrivate: false };
  try {
    const result = await deps.github.checkRepositoryAccess(repo);
    if (!result.ok) return { ok: false, repo, reason: result.error.message };
    // GitHub's own spelling is stored and announced: it must be a repository name like any typed one.
    const spelled = parseRepoName(result.fullName);
    if (!spelled.ok) return { ok: false, repo, reason: 'GitHub answered with a name that is not OWNER/REPO; nothing was watched.' };
    const fullName = spelled.repo;
    // A renamed or transferred repository answers under its new name, possibly another owner's.
    const owner = ownerRefusal(fullName, deps);
    if (owner) return { ok: false, repo, reason: `GitHub knows it as ${fullName} now. ${owner.replace(/^`[^`]*`: /, '')}` };
    return { ok: true, asked: repo, repo: fullName, isPrivate: result.isPrivate };
  } catch (error) {
    deps.logger.warn({ err: error, repo }, 'Checking repository access failed');
    return { ok: false, repo, reason: 'GitHub could not be asked about it just now; try again in a minute.' };
  }
}

/** Whether this channel may show private repositories, and if not, why and what to do (asked only when one is private). */
async function visibilityRule(teamId: string, checks: AccessCheck[], deps: ListenerDeps): Promise<{ privateAllowed: boolean; why: string }> {
  if (!checks.some((c) => c.ok && c.isPrivate)) return { privateAllowed: true, why: '' };
  const allowedByAdmin = (await privateReposPolicyOf(deps.db, teamId)) === 'allow';
  if (allowedByAdmin) return { privateAllowed: true, why: '' };
  const kind = deps.directory ? await deps.directory.channelKind(teamId) : { ok: false as const, error: 'no Slack directory' };
  if (!kind.ok) {
    deps.logger.warn({ channel: teamId, error: kind.error }, 'Could not ask Slack whether a channel is private');
    return {
      privateAllowed: false,
      why: kind.error === 'channel_not_found'
        ? 'I cannot see this channel to check that it is private: invite me first (`/invite @flowlight`), then watch it again.'
        : `I could not ask Slack whether this channel is private (\`${shown(kind.error, 40)}\`), so it was not watched. Try again in a minute.`,
    };
  }
  return { privateAllowed: privateRepoAllowedIn(kind.value, false), why: publicChannelWhy(kind.value) };
}

function publicChannelWhy(kind: ChannelKind): string {
  return kind === 'public'
    ? 'its pull request titles would show to everyone who can read this public channel. Watch it from a private channel or a DM, or an admin can allow it here with `/flow set private_repos allow`.'
    : '';
}
