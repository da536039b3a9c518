import type { Kysely } from 'kysely';

// A team is a channel of the one Slack workspace (and enterprise) the bot is installed in. The
// workspace is recorded on the team so a channel's data is never served to another installation
// sharing the store. private_repos is 'allow' once an admin lets a public channel watch private
// repositories (`/flow set private_repos allow`).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teams').addColumn('slack_team_id', 'text').execute();
  await db.schema.alterTable('teams').addColumn('slack_enterprise_id', 'text').execute();
  await db.schema.alterTable('teams').addColumn('private_repos', 'text', (col) => col.notNull().defaultTo('refuse')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('private_repos').execute();
  await db.schema.alterTable('teams').dropColumn('slack_enterprise_id').execute();
  await db.schema.alterTable('teams').dropColumn('slack_team_id').execute();
}
