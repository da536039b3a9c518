import { Registry } from 'prom-client';
import type { Config } from './config.js';
import { finishWithin } from './finishWithin.js';
import { checkRepositoryAccess, createGitHub } from './github/index.js';
import { postDigest } from './jobs/digest.js';
import { evaluateAllTeams } from './jobs/evaluate.js';
import { createDeliveryClient } from './jobs/outbox.js';
import type { HeldLease } from './jobs/instanceLease.js';
import { pollOnce } from './jobs/poll.js';
import { readHistory } from './jobs/backfill.js';
import { shareDigestChart } from './app/teamCharts.js';
import { withSignal } from './github/client.js';
import { createBudgetTracker } from './github/budgetTracker.js';
import { watchStoreFile } from './jobs/storeFileWatch.js';
import { pollIntervalFromCron, pollTimeLimitMs, startScheduler, type Scheduler } from './jobs/scheduler.js';
import type { Logger } from './logger.js';
import { createOpsEndpoints } from './ops/endpoints.js';
import { combineEndpoints, createGitHubWebhookEndpoint } from './ops/githubWebhooks.js';
import { startDeliveryWorker, type DeliveryWorker } from './jobs/webhookDeliveries.js';
import { createHealthMonitor } from './ops/health.js';
import { startHealthServer, type HealthServer } from './ops/healthServer.js';
import { createMetrics } from './ops/metrics.js';
import { observePoll } from './ops/observePoll.js';
import { observeRateLimits } from './ops/rateLimitObserver.js';
import { createSlackApp } from './slack/app.js';
import { createSlackDirectory } from './slack/directory.js';
import { primeTeamViews } from './app/teamView.js';
import { createTeamViewCache } from './app/teamViewCache.js';
import { storeLocationOf } from './store/databaseUrl.js';
import { listTeamIds } from './store/teams.js';
import { currentLeader } from './store/leaderTerm.js';
import { unprocessedDeliveriesMark } from './store/githubDeliveries.js';
import { startLeadership, type LeaderJobs, type Leadership } from './jobs/leadership.js';
import type { Db } from './store/open.js';

// The second half of `npm start`, loaded by src/main.ts with import() once the start passed every check
// that can refuse it (config, secret files, the store and its lease): the services a refused start never
// needs to parse (Bolt, Octokit, the scheduler, metrics...), wired here and never decided:
// GitHub → Slack (Bolt) → scheduler (poll, outbox, digests), and how all of it stops.

// The poll, the outbox run and Bolt get config.stopGraceMs (STOP_GRACE_MS, at most 6 s) to finish,
// then the lease is released and the store closed within STOP_RELEASE_MS (src/main.ts: why 6 + 2 s).
const STOP_RELEASE_MS = 2_000;
// Replicas: the leader looks for webhook deliveries another replica stored this often (the replica
// that stored one kicks its own worker only when it leads).
const DELIVERY_LOOK_EVERY_MS = 1_000;
// Replicas: how long an outbox attempt may be in flight before a successor looks for it in the channel
// (REPLICA_ATTEMPT_LEASE_MS, longer than the delivery client's SLACK_TIMEOUT_MS: config.ts refuses
// otherwise); a former leader paused longer than this mid-call is the one case fencing cannot cover,
// since Slack takes no term.

/** What src/main.ts hands over once the start passed its checks: the store is open and, on SQLite, its lease held. */
export interface CheckedStart {
  config: Readonly<Config>;
  logger: Logger;
  clock: () => Date;
  db: Db;
  /** SQLite's instance lease; null with replicas on Postgres, where leadership takes its place */
  lease: HeldLease | null;
  replicas: boolean;
  /** ends the process while it starts (the database file deleted), whatever stop is current */
  requestStop: (signal: NodeJS.Signals, exitCode?: number) => Promise<void>;
}

/** Starts the services on the checked start and returns how they stop (signal, then exit with exitCode). */
export async function startBot({ config, logger, clock, db, lease, replicas, requestStop }: CheckedStart): Promise<(signal: NodeJS.Signals, exitCode?: number) => Promise<void>> {
  // POLL_CRON was checked with the config, so this cannot refuse the start: it waits here with node-cron.
  const pollIntervalMs = pollIntervalFromCron(config.pollCron);
  let leadership: Leadership | null = null;
  let roleSince = clock();
  // Health and metrics: one registry built here and passed in; Slack's state is read once it exists.
  let slackConnected = () => false;
  const storeLocation = storeLocationOf(config.databaseUrl);
  // a PostgreSQL store has no file to watch or check: the server keeps its own files
  const databaseFile = storeLocation.kind === 'sqlite' ? storeLocation.file : ':memory:';
  const health = createHealthMonitor({ db, databaseFile: databaseFile === ':memory:' ? null : databaseFile, clock, pollIntervalMs, slackConnected: () => slackConnected(),
    ...(replicas ? { leadership: async () => {
      const leader = await currentLeader(db);
      return { role: leadership?.role() ?? 'follower', since: roleSince, leader: leader ? { holder: leader.holder, term: leader.term } : null };
    } } : {}) });
  // Every request to GitHub waits its turn within GitHub's limits (per hour, per minute, in flight); /flow status and /metrics show them.
  const githubBudget = createBudgetTracker({ clock, onSpent: (kind, points) => metrics.githubPointsSpent(kind, points) });
  const metrics = createMetrics(new Registry(), { db, clock, pollIntervalMs, slackConnected: () => slackConnected(), lastSuccessfulPollAt: health.lastSuccessfulPollAt, githubBudget: githubBudget.snapshot, isLeader: () => !leadership || leadership.role() === 'leader' });
  const github = createGitHub({
    auth: config.github.auth, apiUrl: config.github.apiUrl, graphqlUrl: config.github.graphqlUrl, logger,
    fetch: observeRateLimits(globalThis.fetch, metrics.rateLimitSeen),
    pace: githubBudget.pacedFetch,
  });
  // GitHub webhooks (GITHUB_WEBHOOK_SECRET set): deliveries stored by the endpoint, drained by the worker,
  // which starts with the scheduler (its alerts go through the outbox) and first drains what an earlier run left.
  let deliveries: DeliveryWorker | null = null;
  const webhookSecret = config.github.webhookSecret;
  const opsEndpoints = webhookSecret
    ? combineEndpoints(createOpsEndpoints({ health, registry: metrics.registry }), createGitHubWebhookEndpoint({ secret: webhookSecret, db, logger, clock, onDelivery: () => void deliveries?.kick() }))
    : createOpsEndpoints({ health, registry: metrics.registry });
  // /flow's shared views and decoded PR facts: one cache for this database, read by the listeners, primed after each poll.
  const teamViews = createTeamViewCache();
  const storeFile = watchStoreFile(db, databaseFile, { logger, clock, onGone: () => void requestStop('SIGTERM', 1) });
  let scheduler: Scheduler | null = null;
  // Pictures beside the digest and the report (files:write), shared after their text went to the outbox.
  const chartDeps = { db, logger, client: createDeliveryClient({ botToken: config.slack.botToken!, slackApiUrl: config.slack.apiUrl, timeoutMs: config.slackTimeoutMs }) };
  const slack = createSlackApp({
    opsEndpoints,
    onFlowAnswered: metrics.flowAnswered,
    githubBudget: githubBudget.snapshot,
    config: config.slack,
    db,
    logger,
    clock,
    pollIntervalMs,
    teamViews,
    access: { ...config.access, githubAuthKind: config.github.auth.kind },
    directory: createSlackDirectory({ clock }),
    github: { checkRepositoryAccess: (repo) => checkRepositoryAccess(github, repo, clock()) },
    async onDigestRequested(teamId) {
      await postDigest(db, teamId, clock(), { requested: true, pollIntervalMs });
      await scheduler?.outbox.kick();
      await shareDigestChart(chartDeps, teamId, clock()).catch((error: unknown) => logger.warn({ err: error, teamId }, 'digest: its chart could not be shared; the text was posted'));
    },
    async onDeliveryUnblocked() {
      await scheduler?.outbox.kick();
    },
  });
  slackConnected = slack.isConnected;
  let healthServer: HealthServer | null = null;
  try {
    await slack.start();
    // Socket Mode has no HTTP server for Slack; probes and Prometheus get their own on HEALTH_PORT.
    if (config.slack.mode === 'socket') healthServer = await startHealthServer(opsEndpoints, { port: config.healthPort });
  } catch (error) {
    await slack.stop();
    storeFile.stop();
    await lease?.stop();
    await db.destroy();
    throw error;
  }

  // The jobs that run once per database: on SQLite in this process, with replicas in the leader's,
  // where `db` is the database fenced with its term (every write checks it).
  const startLeaderJobs = (db: Db, successor: boolean): LeaderJobs => {
    const leaderChartDeps = { db, logger, client: createDeliveryClient({ botToken: config.slack.botToken!, slackApiUrl: config.slack.apiUrl, timeoutMs: config.slackTimeoutMs }) };
    const jobScheduler = startScheduler({
      db,
      logger,
      pollCron: config.pollCron,
      pollAtStart: config.pollAtStart,
      pollIntervalMs,
      poll: async (now) => {
        const report = await observePoll({ health, metrics }, now, () =>
          pollOnce({ db, github, logger, concurrency: config.pollConcurrency, timeLimitMs: pollTimeLimitMs(pollIntervalMs), onRepositoryRead: metrics.repositoryRead,
            access: { githubOwners: config.access.githubOwners, githubAuthKind: config.github.auth.kind } }, now));
        // A few pages of the watched repositories' history after each poll, within the same time limit.
        await readHistory({ db, github: withSignal(github, AbortSignal.timeout(pollTimeLimitMs(pollIntervalMs))), logger }, clock())
          .catch((error: unknown) => logger.warn({ err: error }, 'history: the backfill run failed; it resumes after the next poll'));
        // Deliveries kept because their read failed are tried again.
        void deliveries?.kick();
        return report;
      },
      // After each poll, and on the scheduler's own staleness timer while a poll is stuck, with the time it runs.
      evaluate: async (now) => {
        await evaluateAllTeams(db, now, { pollIntervalMs, logger });
        // /flow's first answer after a poll that changed something should not pay for the assessment.
        await primeTeamViews(await listTeamIds(db), { db, logger, clock, pollIntervalMs, teamViews });
      },
      onDeliveryRun: metrics.deliveryRun,
      afterDigest: (teamId, now) => shareDigestChart(leaderChartDeps, teamId, now),
      deliveryClient: createDeliveryClient({ botToken: config.slack.botToken!, slackApiUrl: config.slack.apiUrl, timeoutMs: config.slackTimeoutMs }),
      clock,
      ...(successor ? { outbox: { leaseMs: config.replicaAttemptLeaseMs, releaseInterruptedAtStart: false } } : {}),
    });
    scheduler = jobScheduler;
    const worker = webhookSecret
      ? startDeliveryWorker({
          db, github, logger, clock, concurrency: config.pollConcurrency, pollIntervalMs,
          afterStep: async (step) => {
            await jobScheduler.outbox.kick();
            await primeTeamViews(step.teams, { db, logger, clock, pollIntervalMs, teamViews });
          },
        })
      : null;
    deliveries = worker;
    // A read, not a run, and a run only for what is new: a retained delivery (its repository could not be
    // read) waits for the next poll, as on SQLite, instead of asking GitHub every second. A failed read is
    // left to the next second (a database that does not answer shows in /healthz).
    let lastMark = '';
    const lookForDeliveries = replicas && worker
      ? setInterval(() => void unprocessedDeliveriesMark(db).then(({ waiting, mark }) => {
          if (mark === lastMark) return;
          lastMark = mark;
          if (waiting > 0) void worker.kick();
        }, () => undefined), DELIVERY_LOOK_EVERY_MS)
      : null;
    return {
      async stop() {
        if (lookForDeliveries) clearInterval(lookForDeliveries);
        if (deliveries === worker) deliveries = null;
        if (scheduler === jobScheduler) scheduler = null;
        await worker?.stop();
        await jobScheduler.stop();
      },
    };
  };
  const leaderJobs = replicas ? null : startLeaderJobs(db, false);
  if (replicas) {
    leadership = startLeadership({
      db, clock, logger, renewEveryMs: config.leader.renewEveryMs, expireAfterMs: config.leader.leaseMs,
      startLeaderJobs: (fencedDb) => startLeaderJobs(fencedDb, true),
      onRoleChange: () => void (roleSince = clock()),
    });
  }
  logger.info({ mode: config.slack.mode, pollCron: config.pollCron, healthPort: healthServer?.port ?? null, githubWebhooks: webhookSecret ? '/github/webhooks' : 'off' }, 'flowlight is running');
  if (config.github.auth.kind === 'token' && config.access.githubOwners.length === 0) {
    logger.warn('GITHUB_OWNERS is empty: /flow watch refuses every repository until it lists the GitHub owners teams may watch (for example GITHUB_OWNERS=acme,acme-labs).');
  }

  let stopping = false;
  return async (signal: NodeJS.Signals, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // What does not finish in time is safe to drop: a poll saves each repository in one transaction,
    // and a Slack send left in `sending` is reconciled from the channel at the next start.
    const work = await finishWithin(config.stopGraceMs, async () => {
      await leaderJobs?.stop();
      await leadership?.stop();
      await healthServer?.stop();
      await slack.stop();
    });
    if (work.outcome === 'timed out') logger.warn({ waitedMs: work.afterMs }, 'stopping: a poll or a Slack call was still running; left for the next start');
    if (work.outcome === 'failed') logger.error({ err: work.error }, 'stopping: could not stop the jobs or the Slack app cleanly');
    storeFile.stop();
    const release = await finishWithin(STOP_RELEASE_MS, async () => {
      await lease?.stop();
      await db.destroy();
    });
    if (release.outcome !== 'finished') {
      logger.error({ err: release.outcome === 'failed' ? release.error : undefined }, 'stopping: could not release the instance lease; the next start waits until it expires');
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(exitCode);
  };
}
