import type { TeamSnapshot } from '../domain/types.js';
import { resolveSettings } from '../domain/settings.js';
import { startOfTrailingBusinessDays } from '../domain/businessHours.js';
import { requestedTeamSlugs } from '../domain/reviewRequests.js';
import { listClaims } from './claims.js';
import { listTeamStates, loadGitHubTeams } from './githubTeams.js';
import { listRepoHealth } from './cursors.js';
import { getTeamLight } from './lights.js';
import type { Db } from './open.js';
import { listPeople } from './people.js';
import { listPullRequests } from './pullRequests.js';
import { getSettingsOverrides } from './teams.js';
import { listWatchedRepos } from './watchedRepos.js';

/** Business days of history kept for throughput and arrivals (DESIGN.md: trailing 10), with margin. */
const HISTORY_BUSINESS_DAYS = 12;

const WEEK_MS = 7 * 86_400_000;

/**
 * Closed PRs fetched before this are in no team's history. Teams have their own hours, but every
 * team works at least one day a week, so HISTORY_BUSINESS_DAYS of anyone's business days lie within
 * as many weeks; one more week covers time zones and clock changes.
 */
export function closedHistoryCutoff(now: Date): Date {
  return new Date(now.getTime() - (HISTORY_BUSINESS_DAYS + 1) * WEEK_MS);
}

/** Reads the team's PRs: listPullRequests, or listPullRequestsCached where a process asks often (/flow). */
export type PullRequestReader = typeof listPullRequests;

/** Everything the domain needs to assess one team, read from the store in one place. */
export async function loadTeamSnapshot(
  db: Db, teamId: string, pollIntervalMs: number, now: Date, readPullRequests: PullRequestReader = listPullRequests,
): Promise<TeamSnapshot> {
  const settings = resolveSettings(await getSettingsOverrides(db, teamId));
  const repos = await listWatchedRepos(db, teamId);
  const [people, pullRequests, claims, repoHealth, stored] = await Promise.all([
    listPeople(db, teamId),
    readPullRequests(db, repos, startOfTrailingBusinessDays(now, HISTORY_BUSINESS_DAYS, settings.workingHours)),
    listClaims(db, teamId),
    listRepoHealth(db, repos),
    getTeamLight(db, teamId),
  ]);
  const teams = [...requestedTeamSlugs(pullRequests)];
  const [githubTeams, teamStates] = await Promise.all([loadGitHubTeams(db, teams), listTeamStates(db, teams)]);
  return {
    githubTeams,
    unreadableTeams: teamStates.filter((state) => state.status !== 'ok').map((state) => ({ slug: state.slug, detail: state.detail ?? state.status })),
    settings,
    members: people.map((p) => p.githubLogin),
    slackIdByLogin: new Map(people.map((p) => [p.githubLogin.toLowerCase(), p.slackUserId])),
    pullRequests,
    claims,
    repos: repoHealth,
    previous: stored ? { light: stored.light, since: stored.since } : null,
    pollIntervalMs,
  };
}
