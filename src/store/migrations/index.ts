import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-22-001-initial.js';
import * as swarmMessages from './2026-11-22-010-swarm-messages.js';
import * as instanceLease from './2026-11-22-020-instance-lease.js';
import * as dropQueueColumns from './2026-11-22-030-drop-queue-columns.js';
import * as pullRequestsFetchedIndex from './2026-11-22-040-pull-requests-fetched-index.js';
import * as githubTeamMembers from './2026-12-04-160-github-team-members.js';

// Listed statically (not read from the folder) so the same list runs under tsx, vitest and bundlers.
// Add new migrations at the end, date-prefixed.
const migrations: Record<string, Migration> = {
  '2026-11-22-001-initial': initial,
  '2026-11-22-010-swarm-messages': swarmMessages,
  '2026-11-22-020-instance-lease': instanceLease,
  '2026-11-22-030-drop-queue-columns': dropQueueColumns,
  '2026-11-22-040-pull-requests-fetched-index': pullRequestsFetchedIndex,
  '2026-12-04-160-github-team-members': githubTeamMembers,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
