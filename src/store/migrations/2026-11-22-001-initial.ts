import type { Kysely } from 'kysely';
import { autoIncrementKey } from './autoIncrementKey.js';

// Portable DDL only (SQLite and Postgres): text timestamps in ISO-8601 UTC, integer flags.
// Migrations never import app code: the schema here is frozen history.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the Slack channel id ("cli" for the CLI)
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}')) // JSON overrides of the defaults
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('watched_repos')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('repo', 'text', (c) => c.notNull()) // "owner/name", lower-cased
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('watched_repos_pk', ['team_id', 'repo'])
    .execute();

  await db.schema
    .createTable('repo_cursors')
    .addColumn('repo', 'text', (c) => c.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_after', 'text') // do not call GitHub for this repo before this time
    .execute();

  await db.schema
    .createTable('pull_requests')
    .addColumn('repo', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // OPEN | CLOSED | MERGED
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('awaiting_review_since', 'text')
    .addColumn('author', 'text')
    .addColumn('facts', 'text', (c) => c.notNull()) // JSON PullRequestFacts
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pull_requests_pk', ['repo', 'number'])
    .execute();
  await db.schema.createIndex('pull_requests_open').on('pull_requests').columns(['state', 'repo']).execute();

  await db.schema
    .createTable('people')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('slack_user_id', 'text', (c) => c.notNull())
    .addColumn('github_login', 'text', (c) => c.notNull()) // lower-cased
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('people_pk', ['team_id', 'slack_user_id'])
    .addUniqueConstraint('people_login_unique', ['team_id', 'github_login'])
    .execute();

  await db.schema
    .createTable('claims')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('repo', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('github_login', 'text', (c) => c.notNull())
    .addColumn('slack_user_id', 'text')
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('claims_pk', ['team_id', 'repo', 'number'])
    .execute();

  // The light as last decided, per team: an input to the next decision (hysteresis).
  await db.schema
    .createTable('team_lights')
    .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id').onDelete('cascade'))
    .addColumn('light', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]')) // JSON
    .addColumn('evaluated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('light_changes')
    .addColumn('id', ...autoIncrementKey(db))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('from_light', 'text', (c) => c.notNull())
    .addColumn('to_light', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('light_changes_by_team').on('light_changes').columns(['team_id', 'at']).execute();

  // Every message to Slack is written here in the transaction that caused it, then delivered.
  await db.schema
    .createTable('outbox')
    .addColumn('id', ...autoIncrementKey(db))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // alert | swarm | swarm_update | gate_dm | digest | notice
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON: what to send
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sending | sent | parked
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('message_channel', 'text') // where Slack put it (for later updates)
    .addColumn('message_ts', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('digests')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull()) // local date YYYY-MM-DD in the team's zone
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digests_pk', ['team_id', 'day'])
    .execute();

}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'digests', 'outbox', 'light_changes', 'team_lights', 'claims', 'people',
    'pull_requests', 'repo_cursors', 'watched_repos', 'teams',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
