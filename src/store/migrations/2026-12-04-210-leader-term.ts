import type { Kysely } from 'kysely';

// The leader of several replicas on one Postgres database: who holds the role, until when, and the
// term (a number raised on every acquisition) its writes are fenced with. The row is never deleted,
// so the term only grows: a former leader's term can never match a later one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('leader_term')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('term', 'integer', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('renewed_at', 'text', (c) => c.notNull()) // '' once released: expired for every clock
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('leader_term').ifExists().execute();
}
