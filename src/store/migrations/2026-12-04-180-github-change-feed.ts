import type { Kysely } from 'kysely';

// The change feed: each PR's GitHub updatedAt as last read (so a feed entry already read is not read
// again), and per owner when its feed was last searched and its repositories last reconciled in full.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pull_requests').addColumn('github_updated_at', 'text').execute();
  await db.schema
    .createTable('github_feed')
    .addColumn('owner', 'text', (c) => c.primaryKey()) // lower case
    .addColumn('searched_at', 'text') // the feed covers changes up to here (minus an overlap for GitHub's search lag)
    .addColumn('reconciled_at', 'text') // every watched repository of the owner compared in full
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('github_feed').ifExists().execute();
  await db.schema.alterTable('pull_requests').dropColumn('github_updated_at').execute();
}
