import type { GitHub } from '../github/index.js';
import { readTeamMembers } from '../github/readTeamMembers.js';
import type { Logger } from '../logger.js';
import { listTeamStates, saveTeamRead } from '../store/githubTeams.js';
import type { Db } from '../store/open.js';

// Keeps the members of requested GitHub teams fresh: teams named by the PRs a poll just read, and
// teams read before, at most once an hour each (membership changes rarely; 1 point a read).
// A refusal (the token may not read members) is recorded, so /flow status can say so, and logged
// once, when it starts; a team's last good member list is kept through failures.

const TEAM_MEMBERS_REFRESH_MS = 60 * 60_000;

export interface TeamMembersReport {
  read: number;
  /** teams whose members GitHub refused to list */
  refused: string[];
}

export async function refreshTeamMembers(
  deps: { db: Db; github: GitHub; logger: Logger },
  requested: Iterable<string>,
  now: Date,
): Promise<TeamMembersReport> {
  const { db, github, logger } = deps;
  const known = new Map((await listTeamStates(db)).map((state) => [state.slug, state]));
  const slugs = new Set([...requested].map((slug) => slug.toLowerCase()));
  for (const slug of known.keys()) slugs.add(slug);
  const report: TeamMembersReport = { read: 0, refused: [] };
  for (const slug of [...slugs].sort()) {
    const before = known.get(slug);
    if (before && now.getTime() - before.checkedAt.getTime() < TEAM_MEMBERS_REFRESH_MS) continue;
    const read = await readTeamMembers(github, slug, now);
    report.read += 1;
    await saveTeamRead(db, slug, read, now);
    if (read.status === 'ok') continue;
    if (read.status === 'forbidden') report.refused.push(slug);
    if (before?.status !== read.status) {
      logger.warn({ team: slug, status: read.status, detail: read.detail }, 'team review requests to this team count for nobody until its members can be read');
    }
  }
  return report;
}
