import type { Kysely } from 'kysely';

// /healthz proves the store can still be written (disk full, file made read-only) by committing a
// one-row update here: a real write through the WAL, cheaper than touching any table the bot reads.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('health_heartbeat')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('beat_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('health_heartbeat').ifExists().execute();
}
