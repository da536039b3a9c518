import { loadConfig, missingCredentials } from './config.js';
import { loadEnvFileIfPresent } from './envFile.js';
import { describeError, FlowlightError } from './errors.js';
import { holdInstanceLease } from './jobs/instanceLease.js';
import { createLogger, redactSecrets } from './logger.js';
import { openStore } from './store/open.js';
import { isPostgresUrl, redactedUrl } from './store/databaseUrl.js';

// `npm start`: the composition root. It wires and never decides:
// config → logger → store (migrations) → GitHub → Slack (Bolt) → scheduler (poll, outbox, digests);
// SIGTERM / SIGINT stop all of it cleanly. This file holds what can refuse a start (config, secret files,
// the store and its lease); src/startBot.ts, loaded after those checks, wires the rest and stops it.

// docker stop, Kubernetes and systemd send SIGKILL 10 s after SIGTERM: the poll, the outbox run and Bolt
// get config.stopGraceMs (STOP_GRACE_MS, at most 6 s) to finish, then the lease is released and the store
// closed (STOP_RELEASE_MS in src/startBot.ts).
const STOP_HARD_MS = 9_000;

async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // A signal during start is kept and honoured once everything is up (so nothing is left half started),
  // unless starting hangs (Slack or the store not answering): then the process exits in time anyway.
  let requestedStop: NodeJS.Signals | null = null;
  let stop = async (signal: NodeJS.Signals, exitCode?: number): Promise<void> => {
    // Something that must end the process while it starts (the database file deleted) ends it now.
    if (exitCode !== undefined) process.exit(exitCode);
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
  // A promise nobody awaited that failed (a library's fire-and-forget, a malformed request deep in
  // Bolt) is a bug to log, not a reason to stop serving every other request.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (logged; flowlight keeps running)'));
  const clock = () => new Date();
  const db = await openStore(config.databaseUrl, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
  // SQLite: one process per file (the instance lease). Postgres: any number of replicas, one leader at a time.
  const replicas = isPostgresUrl(config.databaseUrl);
  const lease = replicas ? null : await holdInstanceLease(db, { clock, logger, databaseUrl: redactedUrl(config.databaseUrl), onLost: () => void stop('SIGTERM') }).catch(async (error: unknown) => {
    await db.destroy();
    throw error;
  });
  // The rest (Bolt, Octokit, the scheduler, metrics...) is parsed only now that every check that can refuse
  // the start has passed: a refused start (a typo in .env, a second bot on the file) answers without it.
  const { startBot } = await import('./startBot.js');
  stop = await startBot({ config, logger, clock, db, lease, replicas, requestStop: (signal, exitCode) => stop(signal, exitCode) });
  const pending = requestedStop as NodeJS.Signals | null;
  if (pending) void stop(pending);
}

main().catch((error: unknown) => {
  // People get what to do, never a stack trace; an unexpected error still says what it was.
  process.stderr.write(`${redactSecrets(describeError(error))}\n`);
  process.exit(1);
});
