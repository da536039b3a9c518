import type { Kysely } from 'kysely';
import { autoIncrementKey } from './autoIncrementKey.js';

// The channel posts people triggered (a requested digest, an announced change), for the per-channel
// limit. Kept in the store so a restart or a second replica cannot reset it; old rows are pruned.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_posts')
    .addColumn('id', ...autoIncrementKey(db))
    .addColumn('team_id', 'text', (col) => col.notNull())
    .addColumn('slack_user_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('channel_posts_team_at').on('channel_posts').columns(['team_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_posts').execute();
}
