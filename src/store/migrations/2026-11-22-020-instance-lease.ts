import type { Kysely } from 'kysely';

// One bot per database: the outbox's crash recovery assumes a single deliverer, so a second
// flowlight on the same file could post an alert twice. The running bot holds this lease and renews it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instance_lease')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull()) // "host pid N since T": enough to find the other process
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('renewed_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('instance_lease').ifExists().execute();
}
