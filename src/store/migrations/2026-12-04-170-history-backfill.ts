import type { Kysely } from 'kysely';

// The history backfill: each watched repository's closed and merged PRs of the last weeks, read a page
// at a time in the background. One row per repository says how far it got (the GraphQL cursor, so a
// restart resumes where it stopped) and how it went; one row per team remembers when it first watched
// a repository, the moment before/after comparisons split at.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('history_backfills')
    .addColumn('repo', 'text', (c) => c.primaryKey()) // "owner/name", lower case
    .addColumn('status', 'text', (c) => c.notNull()) // reading | complete | failed
    .addColumn('weeks', 'integer', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull()) // the oldest close wanted
    .addColumn('cursor', 'text') // where the next page starts
    .addColumn('read_back_to', 'text') // the least recent update read so far
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pull_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('retry_after', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_first_watch')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('first_watched_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('team_first_watch').ifExists().execute();
  await db.schema.dropTable('history_backfills').ifExists().execute();
}
