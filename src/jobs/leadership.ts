import os from 'node:os';
import { DEFAULT_LEADER_LEASE_MS, DEFAULT_LEADER_RENEW_MS } from '../config.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/open.js';
import { acquireTerm, releaseTerm, renewTerm, type Term } from '../store/leaderTerm.js';
import { fenceDb, type FencedError } from './fencedDb.js';

// Several replicas on one Postgres database: each answers Slack and webhooks; one at a time, the
// leader, runs the jobs that must run once (poll, evaluation, outbox delivery, digests, backfill,
// webhook-delivery worker). Every replica asks for the role every RENEW_EVERY_MS; the leader renews
// it as often. A leader that stops renewing (dead, paused, cut off from the database) is replaced
// after EXPIRE_AFTER_MS; so a dead leader's role is taken within EXPIRE_AFTER_MS + RENEW_EVERY_MS.
// Its writes are fenced with its term (fencedDb.ts), so a paused one that wakes cannot write over
// its successor: its first refused write, or a failed renewal, stops its jobs at once.

// The defaults (LEADER_RENEW_MS, LEADER_LEASE_MS) are configuration: config.ts holds them.
const RENEW_EVERY_MS = DEFAULT_LEADER_RENEW_MS;
const EXPIRE_AFTER_MS = DEFAULT_LEADER_LEASE_MS;

export type Role = 'leader' | 'follower';

/** The leader's jobs, started with the fenced database; stopping them waits for work in progress. */
export interface LeaderJobs {
  stop(): Promise<void>;
}

export interface LeadershipDeps {
  db: Db;
  clock: () => Date;
  logger: Logger;
  /** starts the jobs only the leader runs, writing through `fencedDb` */
  startLeaderJobs: (fencedDb: Db, term: Term) => LeaderJobs | Promise<LeaderJobs>;
  /** told of every change of role (metrics) */
  onRoleChange?: (role: Role, term: Term | null) => void;
  /** who this replica is; default host, pid and start time */
  holder?: string;
  renewEveryMs?: number;
  expireAfterMs?: number;
  /** false in tests that call tick() themselves */
  timer?: boolean;
}

export interface Leadership {
  readonly holder: string;
  role(): Role;
  term(): Term | null;
  /** one round: renew (leader) or ask for the role (follower); the timer calls it every renewEveryMs */
  tick(): Promise<void>;
  /** stops the leader's jobs and releases the role at once, so another replica takes it without waiting */
  stop(): Promise<void>;
}

export function startLeadership(deps: LeadershipDeps): Leadership {
  const { db, clock, logger } = deps;
  const holder = deps.holder ?? `${os.hostname()} pid ${process.pid} since ${clock().toISOString()}`;
  const expireAfterMs = deps.expireAfterMs ?? EXPIRE_AFTER_MS;
  let term: Term | null = null;
  let jobs: Promise<LeaderJobs> | null = null;
  let stopped = false;
  let round: Promise<void> | null = null;

  const stepDown = async (why: string): Promise<void> => {
    const ended = term;
    const running = jobs;
    if (!ended) return;
    term = null;
    jobs = null;
    logger.warn({ holder, term: ended.term }, `no longer the leader: ${why}; stopping the leader's jobs and following`);
    deps.onRoleChange?.('follower', null);
    await running?.then((j) => j.stop()).catch((error: unknown) => logger.error({ err: error }, 'stopping the leader\'s jobs failed'));
  };

  const lead = (won: Term): void => {
    term = won;
    logger.info({ holder, term: won.term }, 'this replica leads: it runs the poll, the evaluation, the outbox delivery, the digests and the webhook worker');
    deps.onRoleChange?.('leader', won);
    const fenced = fenceDb(db, {
      term: won,
      clock,
      onFenced: (error: FencedError) => void (term === won ? stepDown(`a write was refused (${error.message})`) : undefined),
    });
    jobs = Promise.resolve(deps.startLeaderJobs(fenced, won));
    jobs.catch(async (error: unknown) => {
      logger.error({ err: error }, 'starting the leader\'s jobs failed; giving the role up');
      if (term !== won) return;
      term = null;
      jobs = null;
      deps.onRoleChange?.('follower', null);
      await releaseTerm(db, won).catch(() => undefined);
    });
  };

  const once = async (): Promise<void> => {
    if (stopped) return;
    const now = clock();
    if (term) {
      const current = term;
      let renewed: boolean;
      try {
        renewed = await renewTerm(db, current, now);
      } catch (error) {
        // The database did not answer: the lease runs out on its own if this goes on; writes check it too.
        logger.warn({ err: error }, 'could not renew the leadership; trying again');
        return;
      }
      if (!renewed && term === current) await stepDown(`another replica took over (this one's term ${current.term} had expired)`);
      return;
    }
    try {
      const won = await acquireTerm(db, holder, now, expireAfterMs);
      if (won && !stopped) lead(won);
    } catch (error) {
      logger.warn({ err: error }, 'could not ask for the leadership; trying again');
    }
  };

  const tick = (): Promise<void> => {
    round ??= once().finally(() => {
      round = null;
    });
    return round;
  };

  const timer = deps.timer === false ? null : setInterval(() => void tick(), deps.renewEveryMs ?? RENEW_EVERY_MS);
  timer?.unref();
  if (deps.timer !== false) void tick();

  return {
    holder,
    role: () => (term ? 'leader' : 'follower'),
    term: () => term,
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await round;
      const ended = term;
      const running = jobs;
      term = null;
      jobs = null;
      await running?.then((j) => j.stop()).catch((error: unknown) => logger.error({ err: error }, 'stopping the leader\'s jobs failed'));
      if (ended) await releaseTerm(db, ended);
    },
  };
}
