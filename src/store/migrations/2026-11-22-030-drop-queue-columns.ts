import type { Kysely } from 'kysely';

// pull_requests.queue and awaiting_review_since held a classification under the default skip
// labels that nothing read: every team reclassifies from the facts with its own labels. Filling
// them classified every PR on every save.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pull_requests').dropColumn('queue').execute();
  await db.schema.alterTable('pull_requests').dropColumn('awaiting_review_since').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // The columns come back empty-ish: 'unknown' until the next save would have filled them.
  await db.schema.alterTable('pull_requests').addColumn('queue', 'text', (c) => c.notNull().defaultTo('unknown')).execute();
  await db.schema.alterTable('pull_requests').addColumn('awaiting_review_since', 'text').execute();
}
