import type { TeamViewCache } from '../../app/teamViewCache.js';
import type { GitHubAuthKind } from '../../domain/watchPolicy.js';
import type { GitHubBudgetView } from '../../domain/githubBudget.js';
import type { FlowlightError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Db } from '../../store/open.js';
import type { BoundDirectory } from '../directory.js';

/** `/flow watch` asks GitHub at once whether the token can see a repository (src/github's checkRepositoryAccess, bound). */
export interface RepositoryAccess {
  checkRepositoryAccess(repo: string): Promise<{ ok: true; fullName: string; isPrivate: boolean } | { ok: false; error: FlowlightError }>;
}

/** Who may change things, and which repositories may be watched at all (from the configuration). */
export interface AccessRules {
  /** FLOWLIGHT_ADMINS: Slack user IDs (Slack's workspace admins and owners are admins too) */
  admins: readonly string[];
  /** GITHUB_OWNERS, lower case */
  githubOwners: readonly string[];
  /** with a GitHub App and no owners listed, the installation's repositories are the list */
  githubAuthKind: GitHubAuthKind;
}

/** What every listener gets: the store, the injected clock and logger, and the few outside hooks. */
export interface ListenerDeps {
  db: Db;
  logger: Logger;
  clock: () => Date;
  pollIntervalMs: number;
  /** the shared /flow views and the decoded PR facts they are built from (one per database) */
  teamViews: TeamViewCache;
  /** absent: nobody but Slack's workspace admins is an admin, and no repository may be watched */
  access?: AccessRules;
  /** is this person a Slack workspace admin, is this channel private (createSlackApp binds it to its client) */
  directory?: BoundDirectory;
  /** absent in the offline demo: repositories are then accepted and checked at the next poll */
  github?: RepositoryAccess;
  /** posts the digest now (src/jobs/digest.ts); absent → `/flow digest` says it is not available */
  onDigestRequested?(teamId: string): Promise<void>;
  /** told how long each /flow took from arrival to answer, by subcommand (metrics) */
  onFlowAnswered?(subcommand: string, seconds: number): void;
  /** parked messages were released (the bot was invited): deliver now rather than at the next tick */
  onDeliveryUnblocked?(): Promise<void>;
  /** the GitHub budget as this process sees it (src/github/budgetTracker.ts); absent → /flow status leaves the line out */
  githubBudget?(): GitHubBudgetView;
}
