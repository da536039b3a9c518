import { loadConfig, missingCredentials } from './config.js';
import { describeError, FlowlightError } from './errors.js';
import { checkRepositoryAccess, createGitHub } from './github/index.js';
import { postDigest } from './jobs/digest.js';
import { evaluateAllTeams } from './jobs/evaluate.js';
import { createDeliveryClient } from './jobs/outbox.js';
import { holdInstanceLease } from './jobs/instanceLease.js';
import { pollOnce } from './jobs/poll.js';
import { pollIntervalFromCron, pollTimeLimitMs, startScheduler, type Scheduler } from './jobs/scheduler.js';
import { createLogger, redactSecrets } from './logger.js';
import { createSlackApp } from './slack/app.js';
import { primeTeamViews } from './slack/listeners/teamView.js';
import { openStore } from './store/open.js';
import { listTeamIds } from './store/teams.js';

// `npm start`: the composition root. It wires and never decides:
// config → logger → store (migrations) → GitHub → Slack (Bolt) → scheduler (poll, outbox, digests);
// SIGTERM / SIGINT stop all of it cleanly.

async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  const missing = missingCredentials(config);
  if (missing) throw new FlowlightError('config_invalid', missing);
  const logger = createLogger(config.logLevel);
  const clock = () => new Date();
  const pollIntervalMs = pollIntervalFromCron(config.pollCron);

  const db = await openStore(config.databaseUrl);
  let stop = async (_signal: NodeJS.Signals): Promise<void> => {};
  const lease = await holdInstanceLease(db, { clock, logger, databaseUrl: config.databaseUrl, onLost: () => void stop('SIGTERM') }).catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  const github = createGitHub({ auth: config.github.auth, apiUrl: config.github.apiUrl, graphqlUrl: config.github.graphqlUrl, logger });
  let scheduler: Scheduler | null = null;
  const slack = createSlackApp({
    config: config.slack,
    db,
    logger,
    clock,
    pollIntervalMs,
    github: { checkRepositoryAccess: (repo) => checkRepositoryAccess(github, repo, clock()) },
    async onDigestRequested(teamId) {
      await postDigest(db, teamId, clock(), { requested: true, pollIntervalMs });
      await scheduler?.outbox.kick();
    },
  });
  try {
    await slack.start();
  } catch (error) {
    await lease.stop();
    await db.destroy();
    throw error;
  }

  scheduler = startScheduler({
    db,
    logger,
    pollCron: config.pollCron,
    pollIntervalMs,
    poll: async (now) => {
      await pollOnce({ db, github, logger, concurrency: config.pollConcurrency, timeLimitMs: pollTimeLimitMs(pollIntervalMs) }, now);
    },
    // After each poll, and on the scheduler's own staleness timer while a poll is stuck, with the time it runs.
    evaluate: async (now) => {
      await evaluateAllTeams(db, now, { pollIntervalMs, logger });
      // /flow's first answer after a poll that changed something should not pay for the assessment.
      await primeTeamViews(await listTeamIds(db), { db, logger, clock, pollIntervalMs });
    },
    deliveryClient: createDeliveryClient({ botToken: config.slack.botToken!, slackApiUrl: config.slack.apiUrl }),
    clock,
  });
  logger.info({ mode: config.slack.mode, pollCron: config.pollCron }, 'flowlight is running');

  let stopping = false;
  stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await scheduler?.stop();
    await slack.stop();
    await lease.stop();
    await db.destroy();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  // People get what to do, never a stack trace; an unexpected error still says what it was.
  process.stderr.write(`${redactSecrets(describeError(error))}\n`);
  process.exit(1);
});
