import type { Kysely } from 'kysely';

// One row per red period: which channel message carries its swarm plan (the red alert in the outbox),
// what the plan said last (so the message is edited only when the plan changes), and when it ended.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('swarm_messages')
    .addColumn('alert_key', 'text', (c) => c.primaryKey()) // outbox dedupe key of the red alert
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('transition', 'text', (c) => c.notNull()) // JSON: the transition the alert announced
    .addColumn('plan_fingerprint', 'text', (c) => c.notNull())
    .addColumn('updates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('swarm_messages_by_team').on('swarm_messages').columns(['team_id', 'started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('swarm_messages').ifExists().execute();
}
