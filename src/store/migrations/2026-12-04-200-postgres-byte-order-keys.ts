import { PostgresAdapter, sql, type Kysely } from 'kysely';

// The outbox finds the updates of one message by a range of dedupe keys (from `KEY#update:` up to
// that prefix followed by U+FFFF), which needs keys ordered byte by byte, as SQLite orders text. A
// PostgreSQL database created with a language collation (en_US.UTF-8, the default of many managed
// services) orders by dictionary rules that skip punctuation and may ignore U+FFFF, so the range could
// miss rows. On PostgreSQL the column therefore compares in the "C" collation; SQLite needs nothing.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table outbox alter column dedupe_key type text collate "C"`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table outbox alter column dedupe_key type text collate "default"`.execute(db);
}
