import type { Kysely } from 'kysely';

// /flow asks on every request whether a team's PRs changed (count and latest fetched_at per
// repository) and which rows to decode again (number, state, fetched_at). Without this index both
// read every row, facts JSON included (fetched_at is stored after it); with it they read the index.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('pull_requests_fetched').on('pull_requests').columns(['repo', 'fetched_at', 'state', 'number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('pull_requests_fetched').execute();
}
