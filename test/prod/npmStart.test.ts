import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPullRequest, sampleScenario, SAMPLE_REPOSITORIES, startSimulator, type Simulator } from '../../src/sim/index.js';
import { openStore } from '../../src/store/open.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { flow, SIGNING_SECRET, type Harness } from '../slack/harness.js';
import { deploymentFolder, ensureBuilt, groupGone, nodeStart, npmStart, type NpmStart } from './support/npmStart.js';
import { freePort } from '../helpers/freePort.js';

// The bot started the way the README says, `npm start`, in a folder of its own with its configuration
// in `.env` only; stopped the way docker stop, Kubernetes, systemd and Ctrl-C stop it. The cases about
// the bot rather than npm (a stop during a stuck poll, a secret file) start it as the Dockerfile and the
// systemd unit do, `node dist/main.js` in the same folder: npm's own start costs as much CPU as the bot's.

const CHANNEL = 'C0TEAM';

/** A store with one team watching the sample repositories, one reviewer linked. */
async function seededStore(file: string): Promise<void> {
  const seed = await openStore(file);
  await ensureTeam(seed, CHANNEL, new Date());
  for (const repo of SAMPLE_REPOSITORIES) await watchRepo(seed, CHANNEL, repo, null, new Date());
  await linkPerson(seed, CHANNEL, 'U0ALICE', 'alice', new Date());
  await seed.destroy();
}

async function leaseRows(file: string): Promise<unknown[]> {
  const db = await openStore(file);
  try {
    return await db.selectFrom('instance_lease').selectAll().execute();
  } finally {
    await db.destroy();
  }
}

describe('npm start with its configuration in .env', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  beforeAll(() => ensureBuilt(), 300_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function runningBot(extraEnv: string[] = [], start = npmStart): Promise<{ bot: NpmStart; slack: FakeSlack; sim: Simulator; url: string; database: string }> {
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const port = await freePort();
    const folder = deploymentFolder();
    cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const database = path.join(folder, 'data', 'flowlight.db');
    fs.mkdirSync(path.dirname(database));
    await seededStore(database);
    fs.mkdirSync(path.join(folder, 'secrets'));
    fs.writeFileSync(path.join(folder, 'secrets', 'signing-secret'), `${SIGNING_SECRET}\n`);
    fs.writeFileSync(path.join(folder, '.env'), [
      '# as an operator writes it: comments, quotes, a secret in a file (a path relative to the folder)',
      'SLACK_BOT_TOKEN=xoxb-test-token',
      'SLACK_SIGNING_SECRET_FILE=secrets/signing-secret',
      `SLACK_API_URL="${slack.url}"`,
      `PORT=${port}`,
      'GITHUB_TOKEN=ghp_testtoken',
      `GITHUB_API_URL=${sim.url}`,
      'DATABASE_URL=./data/flowlight.db',
      "POLL_CRON='* * * * * *'",
      ...extraEnv,
      '',
    ].join('\n'));
    const bot = start(folder);
    cleanups.push(() => bot.killGroup());
    await bot.waitFor('flowlight is running');
    return { bot, slack, sim, url: `http://127.0.0.1:${port}`, database };
  }

  it('answers a signed /flow, and SIGTERM to npm stops everything: exit 0, no process left, the lease released', async () => {
    const { bot, slack, url, database } = await runningBot();
    const reply = await flow({ url, slack } as unknown as Harness, 'status');
    expect(JSON.stringify(reply)).toMatch(/awaiting review/i);
    // main.ts paces GitHub through one budget tracker, and /flow status shows it (before or after the first poll's answers).
    expect(JSON.stringify(reply)).toMatch(/GitHub budget: (not known until the first read|[\d,]+ of 5,000 [^;]+ points left this hour[^;]*); this minute \d+ of 900 REST and \d+ of 2,000 GraphQL points/);

    bot.signal('SIGTERM');
    expect(await bot.exit).toEqual({ code: 0, signal: null });
    await groupGone(bot, 10_000);
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(await leaseRows(database)).toEqual([]);
  }, 90_000);

  it('Ctrl-C (SIGINT to the whole group, npm and the bot both) stops it the same way', async () => {
    const { bot, database } = await runningBot();
    bot.signalGroup('SIGINT');
    expect(await bot.exit).toEqual({ code: 0, signal: null });
    await groupGone(bot, 10_000);
    expect(bot.output().match(/"msg":"stopping"/g)).toHaveLength(1);
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(await leaseRows(database)).toEqual([]);
  }, 90_000);

  it('does not wait for a GitHub read that hangs: SIGTERM during a stuck poll still exits 0 in time, lease released', async () => {
    // A shorter grace than the default 6 s, as an operator may set it: the same stop, less waiting.
    // SIGTERM to node itself, as docker stop and systemd send it (npm passing it on is the first case).
    const { bot, sim, database } = await runningBot(['STOP_GRACE_MS=1000'], nodeStart);
    sim.inject({ route: 'graphql', delayMs: 120_000 });
    const before = sim.stats().graphqlRequests;
    // A new PR changes the repository, so the next tick reads it with GraphQL, which now hangs.
    sim.update((scenario) => void openPullRequest(scenario, SAMPLE_REPOSITORIES[0], { author: 'bob', createdAt: new Date() }));
    const waitedFrom = Date.now();
    while (sim.stats().graphqlRequests === before) {
      if (Date.now() - waitedFrom > 20_000) throw new Error(`no GraphQL read within 20 s:\n${bot.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    bot.signal('SIGTERM');
    expect(await bot.exit).toEqual({ code: 0, signal: null });
    await groupGone(bot, 10_000);
    expect(bot.output()).toContain('"waitedMs":1000,"msg":"stopping: a poll or a Slack call was still running; left for the next start"');
    expect(await leaseRows(database)).toEqual([]);
  }, 90_000);
});

describe('npm start: .env and the environment', () => {
  let folder: string;
  beforeAll(() => ensureBuilt(), 300_000);
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('reads .env from the folder it runs in', async () => {
    folder = deploymentFolder('POLL_CRON=every minute\n');
    const bot = npmStart(folder);
    expect((await bot.exit).code).toBe(1);
    expect(bot.output()).toContain('POLL_CRON: POLL_CRON must be a 5- or 6-field cron expression');
    expect(bot.output()).not.toMatch(/\n\s+at /);
  });

  it('lets a variable already set win over .env', async () => {
    folder = deploymentFolder('POLL_CRON=every minute\nLOG_LEVEL=verbose\n');
    const bot = npmStart(folder, { POLL_CRON: '*/5 * * * *', LOG_LEVEL: 'warn' });
    expect((await bot.exit).code).toBe(1);
    expect(bot.output()).not.toContain('POLL_CRON');
    expect(bot.output()).not.toContain('LOG_LEVEL');
    expect(bot.output()).toContain('flowlight cannot start the bot: credentials are missing.'); // got past both
  });

  it('names .env and the fix when it cannot be read', async () => {
    folder = deploymentFolder();
    fs.mkdirSync(path.join(folder, '.env'));
    const bot = npmStart(folder);
    expect((await bot.exit).code).toBe(1);
    expect(bot.output()).toContain(`.env: cannot read ${fs.realpathSync(folder)}/.env (it is a folder, not a file). Make it a readable file, or remove it`);
    expect(bot.output()).not.toMatch(/\n\s+at /);
  });

  it('names the variable and the path of a secret file it cannot read', async () => {
    folder = deploymentFolder(`SLACK_BOT_TOKEN_FILE=${path.join(os.tmpdir(), 'flowlight-no-such-secret')}\n`);
    const bot = nodeStart(folder); // about the secret file, not npm: the bot reads .env and the file itself
    expect((await bot.exit).code).toBe(1);
    expect(bot.output()).toContain(`SLACK_BOT_TOKEN_FILE: cannot read ${path.join(os.tmpdir(), 'flowlight-no-such-secret')} (no such file)`);
  });
});
