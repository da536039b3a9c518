import type { PullRequestFacts } from '../../src/domain/types.js';
import { recordReadSuccess } from '../../src/store/cursors.js';
import { linkPerson } from '../../src/store/people.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { recordWorkspace } from '../../src/store/teamWorkspace.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { pullRequest } from '../domain/builders.js';
import { LOGIN_BY_SLACK_ID } from '../helpers/people.js';
import { CHANNEL, type Harness } from './harness.js';

// A team in the store as the poller would leave it: repositories read just now, PRs saved, people linked.

/** Slack user id → GitHub login of the shared test people */
export const PEOPLE = LOGIN_BY_SLACK_ID;

export async function seedTeam(h: Harness, prs: PullRequestFacts[], options: { repos?: string[]; people?: Record<string, string> } = {}): Promise<void> {
  const now = h.clock.now();
  await ensureTeam(h.db, CHANNEL, now);
  // As the bot leaves a team it created: in the workspace the fake Slack's auth.test names.
  await recordWorkspace(h.db, CHANNEL, { teamId: 'T0001', enterpriseId: null });
  for (const repo of options.repos ?? ['acme/api', 'acme/web']) {
    await watchRepo(h.db, CHANNEL, repo, null, now);
    await recordReadSuccess(h.db, repo, null, now);
  }
  await savePullRequests(h.db, prs, now);
  for (const [slackUserId, login] of Object.entries(options.people ?? PEOPLE)) await linkPerson(h.db, CHANNEL, slackUserId, login, now);
}

/** An open PR awaiting review since `since` (ready then, no reviews). */
export function waitingPr(number: number, overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  const repo = overrides.repo ?? 'acme/api';
  return pullRequest({
    repo,
    number,
    url: `https://github.com/${repo}/pull/${number}`,
    author: 'bob',
    createdAt: new Date('2026-11-24T09:00:00Z'),
    lastCommitAt: new Date('2026-11-24T08:00:00Z'),
    ...overrides,
  });
}
