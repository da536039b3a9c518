import os from 'node:os';
import { FlowlightError } from '../errors.js';
import type { Logger } from '../logger.js';
import { acquireLease, releaseLease, renewLease, takeOverLease, type LeaseOutcome } from '../store/lease.js';
import type { Db } from '../store/open.js';
import { livenessOf, thisProcess } from './processLiveness.js';

// One bot per database. A clean stop releases the lease at once. After a crash or a SIGKILL, a
// restart on the same host sees that the holder's process is gone and takes the lease at once;
// a holder on another host (or one recorded by an older version) is waited for until its lease
// expires after EXPIRE_AFTER_MS.

const RENEW_EVERY_MS = 30_000;
const EXPIRE_AFTER_MS = 120_000;

export interface HeldLease {
  holder: string;
  stop(): Promise<void>;
}

export async function holdInstanceLease(db: Db, options: { clock: () => Date; logger: Logger; databaseUrl: string; onLost?: () => void }): Promise<HeldLease> {
  const { clock, logger } = options;
  const holder = `${os.hostname()} pid ${process.pid} since ${clock().toISOString()}`;
  const me = thisProcess();
  const outcome = await acquireLease(db, holder, clock(), EXPIRE_AFTER_MS, me);
  if (!outcome.held) {
    const previous = outcome.process;
    const liveness = previous ? livenessOf(previous) : 'unknown';
    if (liveness === 'gone' && await takeOverLease(db, outcome.holder, holder, clock(), me)) {
      logger.warn({ previous: outcome.holder }, 'the previous flowlight on this database stopped without releasing it (a crash or kill); taking over');
    } else {
      throw refusal(outcome, liveness, clock(), options.databaseUrl);
    }
  }
  const timer = setInterval(() => {
    renewLease(db, holder, clock()).then(
      (renewed) => {
        if (!renewed) {
          logger.error({ holder }, 'another flowlight took over this database; stopping so that no message is sent twice');
          options.onLost?.();
        }
      },
      (error: unknown) => logger.warn({ err: error }, 'could not renew the instance lease; trying again'),
    );
  }, RENEW_EVERY_MS);
  timer.unref();
  return {
    holder,
    async stop() {
      clearInterval(timer);
      await releaseLease(db, holder);
    },
  };
}

function refusal(outcome: Extract<LeaseOutcome, { held: false }>, liveness: ReturnType<typeof livenessOf> | 'unknown', now: Date, databaseUrl: string): FlowlightError {
  const ago = Math.round((now.getTime() - outcome.renewedAt.getTime()) / 1000);
  const waitLeft = Math.max(0, Math.ceil((outcome.renewedAt.getTime() + EXPIRE_AFTER_MS - now.getTime()) / 1000));
  const lead = `Another flowlight is running on the database ${databaseUrl} (${outcome.holder}; last seen ${ago} s ago). Stop it first, or set DATABASE_URL to another file.`;
  switch (liveness) {
    case 'alive':
      // Without a start time to compare (no /proc, or a row from an older version) a reused pid looks alive.
      return new FlowlightError('store_locked', outcome.process?.started
        ? lead
        : `${lead} If that process is gone and its pid now belongs to another one, this start succeeds once it has been silent for ${EXPIRE_AFTER_MS / 1000} s (in ${waitLeft} s).`);
    case 'gone': // gone, but another restart took the lease first
      return new FlowlightError('store_locked', lead);
    case 'elsewhere':
      return new FlowlightError('store_locked', `${lead} It runs on another host, which this one cannot ask: if it is gone, this start succeeds once it has been silent for ${EXPIRE_AFTER_MS / 1000} s (in ${waitLeft} s).`);
    case 'unknown':
      return new FlowlightError('store_locked', `${lead} If that process is gone, this start succeeds once it has been silent for ${EXPIRE_AFTER_MS / 1000} s (in ${waitLeft} s).`);
    default: {
      const _exhaustive: never = liveness;
      throw new Error(`unknown liveness ${String(_exhaustive)}`);
    }
  }
}
