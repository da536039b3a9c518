import type { Kysely } from 'kysely';

// Members of the GitHub teams that review requests name (CODEOWNERS asks teams), so a request to
// @acme/core counts for each of its members. One row per team with how the last read went (a token
// without Organization → Members: Read is refused: that is shown, not hidden), one per member.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('github_teams')
    .addColumn('slug', 'text', (c) => c.primaryKey()) // "org/team-slug", lower case
    .addColumn('status', 'text', (c) => c.notNull()) // ok | forbidden | not_found | failed
    .addColumn('detail', 'text') // what GitHub said when the read did not succeed
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('github_team_members')
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull()) // lower case
    .addPrimaryKeyConstraint('github_team_members_pk', ['slug', 'login'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('github_team_members').ifExists().execute();
  await db.schema.dropTable('github_teams').ifExists().execute();
}
