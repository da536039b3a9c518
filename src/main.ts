import { loadConfig, missingCredentials } from './config.js';
import { loadEnvFileIfPresent } from './envFile.js';
import { describeError, FlowlightError } from './errors.js';
import { finishWithin } from './finishWithin.js';
import { checkRepositoryAccess, createGitHub } from './github/index.js';
import { postDigest } from './jobs/digest.js';
import { evaluateAllTeams } from './jobs/evaluate.js';
import { createDeliveryClient } from './jobs/outbox.js';
import { holdInstanceLease } from './jobs/instanceLease.js';
import { pollOnce } from './jobs/poll.js';
import { pollIntervalFromCron, startScheduler, type Scheduler } from './jobs/scheduler.js';
import { createLogger, redactSecrets } from './logger.js';
import { createSlackApp } from './slack/app.js';
import { primeTeamViews } from './slack/listeners/teamView.js';
import { openStore } from './store/open.js';
import { listTeamIds } from './store/teams.js';

// `npm start`: the composition root. It wires and never decides:
// config → logger → store (migrations) → GitHub → Slack (Bolt) → scheduler (poll, outbox, digests);
// SIGTERM / SIGINT stop all of it cleanly.

// docker stop, Kubernetes and systemd send SIGKILL 10 s after SIGTERM: the poll, the outbox run and Bolt
// get STOP_WORK_MS to finish, then the lease is released and the store closed (STOP_RELEASE_MS).
const STOP_WORK_MS = 6_000;
const STOP_RELEASE_MS = 2_000;
const STOP_HARD_MS = 9_000;

async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // A signal during start is kept and honoured once everything is up (so nothing is left half started),
  // unless starting hangs (Slack or the store not answering): then the process exits in time anyway.
  let requestedStop: NodeJS.Signals | null = null;
  let stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (requestedStop) return;
    requestedStop = signal;
    setTimeout(() => {
      process.stderr.write(`flowlight: not stopped ${STOP_HARD_MS / 1000} s after ${signal} (start or stop hung); exiting\n`);
      process.exit(1);
    }, STOP_HARD_MS).unref();
  };
  // `on`, not `once`: under npm, Ctrl-C can reach the bot twice (from the terminal, and forwarded by npm);
  // a second signal must not kill it halfway through stopping.
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));

  loadEnvFileIfPresent();
  const config = loadConfig(env);
  const missing = missingCredentials(config);
  if (missing) throw new FlowlightError('config_invalid', missing);
  const logger = createLogger(config.logLevel);
  const clock = () => new Date();
  const pollIntervalMs = pollIntervalFromCron(config.pollCron);

  const db = await openStore(config.databaseUrl);
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
      await pollOnce({ db, github, logger, concurrency: config.pollConcurrency }, now);
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
    // What does not finish in time is safe to drop: a poll saves each repository in one transaction,
    // and a Slack send left in `sending` is reconciled from the channel at the next start.
    const work = await finishWithin(STOP_WORK_MS, async () => {
      await scheduler?.stop();
      await slack.stop();
    });
    if (work.outcome === 'timed out') logger.warn({ waitedMs: work.afterMs }, 'stopping: a poll or a Slack call was still running; left for the next start');
    if (work.outcome === 'failed') logger.error({ err: work.error }, 'stopping: could not stop the jobs or the Slack app cleanly');
    const release = await finishWithin(STOP_RELEASE_MS, async () => {
      await lease.stop();
      await db.destroy();
    });
    if (release.outcome !== 'finished') {
      logger.error({ err: release.outcome === 'failed' ? release.error : undefined }, 'stopping: could not release the instance lease; the next start waits until it expires');
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  const pending = requestedStop as NodeJS.Signals | null;
  if (pending) void stop(pending);
}

main().catch((error: unknown) => {
  // People get what to do, never a stack trace; an unexpected error still says what it was.
  process.stderr.write(`${redactSecrets(describeError(error))}\n`);
  process.exit(1);
});
