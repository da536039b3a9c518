import os from 'node:os';
import { FlowlightError } from '../errors.js';
import type { Logger } from '../logger.js';
import { acquireLease, releaseLease, renewLease } from '../store/lease.js';
import type { Db } from '../store/open.js';

// One bot per database. A crashed bot's lease expires after EXPIRE_AFTER_MS, so a restart after a
// SIGKILL waits at most that long; a clean stop releases it at once.

export const RENEW_EVERY_MS = 30_000;
export const EXPIRE_AFTER_MS = 120_000;

export interface HeldLease {
  holder: string;
  stop(): Promise<void>;
}

export async function holdInstanceLease(db: Db, options: { clock: () => Date; logger: Logger; databaseUrl: string; onLost?: () => void }): Promise<HeldLease> {
  const { clock, logger } = options;
  const holder = `${os.hostname()} pid ${process.pid} since ${clock().toISOString()}`;
  const outcome = await acquireLease(db, holder, clock(), EXPIRE_AFTER_MS);
  if (!outcome.held) {
    const ago = Math.round((clock().getTime() - outcome.renewedAt.getTime()) / 1000);
    throw new FlowlightError('store_locked',
      `Another flowlight is running on the database ${options.databaseUrl} (${outcome.holder}; last seen ${ago} s ago). ` +
      `Stop it first, or set DATABASE_URL to another file. If that process is gone, this start succeeds once it has been silent for ${EXPIRE_AFTER_MS / 1000} s.`);
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
