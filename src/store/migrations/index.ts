import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-22-001-initial.js';
import * as swarmMessages from './2026-11-22-010-swarm-messages.js';
import * as instanceLease from './2026-11-22-020-instance-lease.js';
import * as dropQueueColumns from './2026-11-22-030-drop-queue-columns.js';
import * as pullRequestsFetchedIndex from './2026-11-22-040-pull-requests-fetched-index.js';
import * as teamWorkspace from './2026-12-04-100-team-workspace.js';
import * as channelPosts from './2026-12-04-101-channel-posts.js';
import * as leaseHolderProcess from './2026-12-04-110-lease-holder-process.js';
import * as outboxParkCauses from './2026-12-04-120-outbox-park-causes.js';
import * as healthHeartbeat from './2026-12-04-140-health-heartbeat.js';
import * as githubTeamMembers from './2026-12-04-160-github-team-members.js';
import * as historyBackfill from './2026-12-04-170-history-backfill.js';
import * as githubChangeFeed from './2026-12-04-180-github-change-feed.js';
import * as githubDeliveries from './2026-12-04-190-github-deliveries.js';
import * as postgresByteOrderKeys from './2026-12-04-200-postgres-byte-order-keys.js';
import * as leaderTerm from './2026-12-04-210-leader-term.js';

// Listed statically (not read from the folder) so the same list runs under tsx, vitest and bundlers.
// Add new migrations at the end, date-prefixed.
const migrations: Record<string, Migration> = {
  '2026-11-22-001-initial': initial,
  '2026-11-22-010-swarm-messages': swarmMessages,
  '2026-11-22-020-instance-lease': instanceLease,
  '2026-11-22-030-drop-queue-columns': dropQueueColumns,
  '2026-11-22-040-pull-requests-fetched-index': pullRequestsFetchedIndex,
  '2026-12-04-100-team-workspace': teamWorkspace,
  '2026-12-04-101-channel-posts': channelPosts,
  '2026-12-04-110-lease-holder-process': leaseHolderProcess,
  '2026-12-04-120-outbox-park-causes': outboxParkCauses,
  '2026-12-04-140-health-heartbeat': healthHeartbeat,
  '2026-12-04-160-github-team-members': githubTeamMembers,
  '2026-12-04-170-history-backfill': historyBackfill,
  '2026-12-04-180-github-change-feed': githubChangeFeed,
  '2026-12-04-190-github-deliveries': githubDeliveries,
  '2026-12-04-200-postgres-byte-order-keys': postgresByteOrderKeys,
  '2026-12-04-210-leader-term': leaderTerm,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
