import { recordReadSuccess } from '../src/store/cursors.js';
import { openStore } from '../src/store/open.js';
import { linkPerson } from '../src/store/people.js';
import { savePullRequests } from '../src/store/pullRequests.js';
import { ensureTeam } from '../src/store/teams.js';
import { watchRepo } from '../src/store/watchedRepos.js';
import type { TeamFixture } from './teamFixture.js';

// A team in the store as the poller would leave it, written directly: repositories watched and read
// 30 s ago, every PR saved, every member linked to a Slack user (U0001 …).

export const BENCH_CHANNEL = 'CBENCH';

export const slackUserOf = (index: number) => `U${String(index + 1).padStart(4, '0')}`;

export async function seedTeamStore(databaseFile: string, fixture: TeamFixture): Promise<void> {
  const db = await openStore(databaseFile);
  const readAt = new Date(fixture.now.getTime() - 30_000);
  try {
    await db.transaction().execute(async (trx) => {
      await ensureTeam(trx, BENCH_CHANNEL, readAt);
      for (const repo of fixture.repos) {
        await watchRepo(trx, BENCH_CHANNEL, repo, null, readAt);
        await recordReadSuccess(trx, repo, null, readAt);
      }
      await savePullRequests(trx, fixture.pullRequests, readAt);
      for (const [index, login] of fixture.members.entries()) await linkPerson(trx, BENCH_CHANNEL, slackUserOf(index), login, readAt);
    });
  } finally {
    await db.destroy();
  }
}
