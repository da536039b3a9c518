import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { sampleScenario, SAMPLE_REPOSITORIES, startSimulator } from '../../src/sim/index.js';
import { startFakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { openStore } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { freePort } from '../helpers/freePort.js';
import { freshPostgresDatabase } from '../helpers/tempStore.js';
import { flow, SIGNING_SECRET, type Harness } from '../slack/harness.js';
import { deploymentFolder, ensureBuilt, groupGone, npmStart } from '../prod/support/npmStart.js';

// `npm start` with DATABASE_URL=postgres://…: the real process migrates nothing new (the database is
// a migrated copy), polls the GitHub simulator into PostgreSQL, answers a signed /flow from it, says it
// is healthy, and stops on SIGTERM with its lease released.

const CHANNEL = 'C0TEAM';
const noPostgres = !inject('postgresAdminUrl');

describe.skipIf(noPostgres)('npm start on PostgreSQL', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  beforeAll(() => ensureBuilt(), 300_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('polls into PostgreSQL, answers /flow from it, is healthy, and stops cleanly', async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const seed = await openStore(database.databaseUrl);
    await ensureTeam(seed, CHANNEL, new Date());
    for (const repo of SAMPLE_REPOSITORIES) await watchRepo(seed, CHANNEL, repo, null, new Date());
    await linkPerson(seed, CHANNEL, 'U0ALICE', 'alice', new Date());
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const port = await freePort();
    const folder = deploymentFolder();
    cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    fs.writeFileSync(path.join(folder, '.env'), [
      'SLACK_BOT_TOKEN=xoxb-test-token',
      `SLACK_SIGNING_SECRET=${SIGNING_SECRET}`,
      `SLACK_API_URL=${slack.url}`,
      `PORT=${port}`,
      'GITHUB_TOKEN=ghp_testtoken',
      `GITHUB_API_URL=${sim.url}`,
      `DATABASE_URL=${database.databaseUrl}`,
      "POLL_CRON='* * * * * *'",
      '',
    ].join('\n'));
    const bot = npmStart(folder);
    cleanups.push(() => bot.killGroup());
    await bot.waitFor('flowlight is running');

    // The first poll's PRs land in PostgreSQL (a bounded wait for the process, not a timing).
    const waitedFrom = Date.now();
    while (Number((await seed.selectFrom('pull_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) === 0) {
      if (Date.now() - waitedFrom > 30_000) throw new Error(`no PR stored within 30 s:\n${bot.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = `http://127.0.0.1:${port}`;
    const reply = await flow({ url, slack } as unknown as Harness, 'status');
    expect(JSON.stringify(reply)).toMatch(/awaiting review/i);
    const health = await fetch(`${url}/healthz`);
    expect(health.status, await health.clone().text()).toBe(200);

    bot.signal('SIGTERM');
    expect(await bot.exit).toEqual({ code: 0, signal: null });
    await groupGone(bot, 10_000);
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(bot.output()).not.toContain(database.databaseUrl);
    expect(await seed.selectFrom('instance_lease').selectAll().execute()).toEqual([]);
    // It led (it polled), and a clean stop gave the role up at once: another replica need not wait for the lease.
    expect(await seed.selectFrom('leader_term').select(['term', 'renewed_at']).execute()).toEqual([{ term: 1, renewed_at: '' }]);
    await seed.destroy();
  }, 90_000);
});
