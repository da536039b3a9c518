import { resolveSettings } from '../domain/settings.js';
import type { TeamSettings } from '../domain/settingsModel.js';
import type { PullRequestFacts } from '../domain/types.js';
import { listPeople } from '../store/people.js';
import type { Db } from '../store/open.js';
import { listPullRequests } from '../store/pullRequests.js';
import { getSettingsOverrides } from '../store/teams.js';
import { listWatchedRepos } from '../store/watchedRepos.js';

// Everything the store holds that a replay of a channel needs: every stored PR of its repositories
// (open, and the closed and merged ones the poll or a backfill kept), its linked people and settings.

export interface TeamHistory {
  repos: string[];
  pullRequests: PullRequestFacts[];
  members: string[];
  settings: TeamSettings;
  /** the earliest time the stored PRs cover (the first PR's creation); null when none is stored */
  earliest: Date | null;
}

export async function loadTeamHistory(db: Db, teamId: string): Promise<TeamHistory> {
  const settings = resolveSettings(await getSettingsOverrides(db, teamId));
  const repos = await listWatchedRepos(db, teamId);
  const [people, pullRequests] = await Promise.all([listPeople(db, teamId), listPullRequests(db, repos, new Date(0))]);
  const earliest = pullRequests.reduce<Date | null>((min, pr) => (min === null || pr.createdAt < min ? pr.createdAt : min), null);
  return { repos, pullRequests, members: people.map((p) => p.githubLogin), settings, earliest };
}
