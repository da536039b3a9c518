import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createTeamViewCache } from '../app/teamViewCache.js';
import { postDigest } from '../jobs/digest.js';
import { createDeliveryClient, deliverDue, type WebClient } from '../jobs/outbox.js';
import { checkRepositoryAccess, createGitHub, type GitHub } from '../github/index.js';
import { silentLogger, type Logger } from '../logger.js';
import { createSlackApp, type SlackApp } from '../slack/app.js';
import { boltLogger } from '../slack/boltLogger.js';
import { GuardedHttpReceiver } from '../slack/receiver/guardedHttpReceiver.js';
import { openStore, type Db } from '../store/open.js';
import { startSimulator, type Scenario, type Simulator } from '../sim/index.js';
import type { SimulatedClock } from './clock.js';
import { slackRequests, type SlackRequests } from './slackRequests.js';
import { startSlackStandIn, type SlackStandIn } from './slackStandIn.js';
import { DEMO_CHANNEL, DEMO_REPOSITORIES, DEMO_TEAM } from './teamWorld.js';
import type { TranscriptEvent } from './transcript.js';

// Everything the demo runs, for real, on loopback: the GitHub simulator serving the team's
// repositories, a fresh SQLite store, the Bolt app in HTTP mode with a signing secret made for this
// run, the outbox's Web API client, and the Slack stand-in both of them talk to.

export interface DemoStack {
  db: Db;
  sim: Simulator;
  github: GitHub;
  standIn: SlackStandIn;
  app: SlackApp;
  appUrl: string;
  requests: SlackRequests;
  pollIntervalMs: number;
  /** delivers what the outbox holds; runs are serialized, so a message is never sent twice at once */
  deliver(): Promise<void>;
  close(): Promise<void>;
}

export interface DemoStackOptions {
  dbPath: string;
  scenario: Scenario;
  clock: SimulatedClock;
  logger: Logger;
  pollIntervalMs: number;
  onEvent: (event: TranscriptEvent) => void;
  onUnknownSlackMethod: (method: string) => void;
}

/** Not a real token: the stand-in accepts it, and it is shaped so config checks accept it too. */
const DEMO_BOT_TOKEN = 'xoxb-flowlight-offline-demo';

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const { clock, logger, pollIntervalMs } = options;
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    removeDatabase(options.dbPath);
    const db = await openStore(options.dbPath);
    closers.push(() => db.destroy());

    const sim = await startSimulator(options.scenario, { now: clock.now });
    closers.push(() => sim.close());
    // Octokit's own request log reports every 304 (an unchanged repository) as an error; the poller
    // logs real read failures itself, with the bot's logger.
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retries: 1, retryBaseMs: 50 });

    const standIn = await startSlackStandIn({ clock: clock.now, onEvent: options.onEvent, onUnknownMethod: options.onUnknownSlackMethod, privateChannels: [DEMO_CHANNEL.id] });
    closers.push(() => standIn.close());

    const signingSecret = randomBytes(24).toString('hex');
    const deliveryClient: WebClient = createDeliveryClient({ botToken: DEMO_BOT_TOKEN, slackApiUrl: standIn.url, timeoutMs: 10_000 });
    let delivering: Promise<void> = Promise.resolve();
    const deliver = () => {
      delivering = delivering.then(() => deliverAll(db, deliveryClient, clock.now(), logger));
      return delivering;
    };

    const app = createSlackApp({
      config: { botToken: DEMO_BOT_TOKEN, signingSecret, apiUrl: standIn.url, mode: 'http', port: 0 },
      // Loopback only: the demo's app is for this terminal, not the network.
      receiver: new GuardedHttpReceiver({ signingSecret, port: 0, host: '127.0.0.1', logger: boltLogger(logger) }),
      db,
      logger,
      clock: clock.now,
      pollIntervalMs,
      teamViews: createTeamViewCache(),
      // As an operator would set FLOWLIGHT_ADMINS and GITHUB_OWNERS: the team's lead sets the channel up.
      access: { admins: [DEMO_TEAM[0]!.slackUserId], githubOwners: [...new Set(DEMO_REPOSITORIES.map((repo) => repo.split('/')[0]!))], githubAuthKind: 'token' },
      github: { checkRepositoryAccess: (repo) => checkRepositoryAccess(github, repo, clock.now()) },
      onDigestRequested: async (teamId) => {
        await postDigest(db, teamId, clock.now(), { requested: true, pollIntervalMs });
        void deliver();
      },
    });
    const { port } = await app.start();
    closers.push(() => app.stop());
    const appUrl = `http://127.0.0.1:${port}`;

    const requests = slackRequests({ appUrl, signingSecret, standIn, channel: DEMO_CHANNEL, clock: clock.now, onEvent: options.onEvent });
    return { db, sim, github, standIn, app, appUrl, requests, pollIntervalMs, deliver, close: async () => {
      await delivering.catch(() => {});
      await close();
    } };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Delivery runs in batches: keep going while a run still sends something. */
async function deliverAll(db: Db, client: WebClient, now: Date, logger: Logger): Promise<void> {
  for (let run = 0; run < 20; run += 1) {
    const report = await deliverDue(db, client, now, { logger });
    if (report.sent + report.reconciled + report.parked === 0 || report.pausedUntil) return;
  }
}

/** Each run starts from an empty store: the demo is the same story every time. */
function removeDatabase(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
}
