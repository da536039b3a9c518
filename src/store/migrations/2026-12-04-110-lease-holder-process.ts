import type { Kysely } from 'kysely';

// Which process holds the lease, as columns a restart can check: on the same host, a holder whose
// pid is gone (or now belongs to a process started at another time) is dead, and its lease can be
// taken at once instead of after it expires. Rows from before this migration keep nulls: they wait.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('instance_lease').addColumn('holder_host', 'text').execute();
  await db.schema.alterTable('instance_lease').addColumn('holder_pid', 'integer').execute();
  // what tells this pid's process from a later one with the same pid (on Linux: boot id and start tick)
  await db.schema.alterTable('instance_lease').addColumn('holder_started', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('instance_lease').dropColumn('holder_started').execute();
  await db.schema.alterTable('instance_lease').dropColumn('holder_pid').execute();
  await db.schema.alterTable('instance_lease').dropColumn('holder_host').execute();
}
