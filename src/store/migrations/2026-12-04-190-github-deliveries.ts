import type { Kysely } from 'kysely';

// GitHub webhook deliveries, stored before GitHub is answered (so an acknowledged delivery is never
// lost) and keyed by X-GitHub-Delivery (so a redelivery of the same one has no second effect).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('github_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey()) // X-GitHub-Delivery
    .addColumn('event', 'text', (c) => c.notNull()) // X-GitHub-Event
    .addColumn('repo', 'text') // owner/name, lower case; null for an event that names no pull request
    .addColumn('number', 'integer')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text') // null until the PR it names was read and the teams re-evaluated
    .execute();
  await db.schema.createIndex('github_deliveries_unprocessed').on('github_deliveries').columns(['processed_at', 'received_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('github_deliveries').ifExists().execute();
}
