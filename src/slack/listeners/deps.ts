import type { FlowlightError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Db } from '../../store/open.js';

/** `/flow watch` asks GitHub at once whether the token can see a repository (src/github's checkRepositoryAccess, bound). */
export interface RepositoryAccess {
  checkRepositoryAccess(repo: string): Promise<{ ok: true; fullName: string } | { ok: false; error: FlowlightError }>;
}

/** What every listener gets: the store, the injected clock and logger, and the few outside hooks. */
export interface ListenerDeps {
  db: Db;
  logger: Logger;
  clock: () => Date;
  pollIntervalMs: number;
  /** absent in the offline demo: repositories are then accepted and checked at the next poll */
  github?: RepositoryAccess;
  /** posts the digest now (src/jobs/digest.ts); absent → `/flow digest` says it is not available */
  onDigestRequested?(teamId: string): Promise<void>;
  /** parked messages were released (the bot was invited): deliver now rather than at the next tick */
  onDeliveryUnblocked?(): Promise<void>;
}
