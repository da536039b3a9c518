import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from './database.js';
import { MigrationFailed, migrateSqlite } from './migrateSqlite.js';
import { FlowlightError } from '../errors.js';
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS } from '../config.js';
import { storeLocationOf } from './databaseUrl.js';
import { withStatementCache } from './sqliteStatementCache.js';

export type Db = Kysely<Database>;

/** `./data/flowlight.db`, `file:PATH`, or `:memory:` → a filesystem path for SQLite. */
export function sqlitePathFrom(databaseUrl: string): string {
  return databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
}

/**
 * Opens the store DATABASE_URL names (a PostgreSQL database for postgres:// URLs, else a SQLite file)
 * and runs every migration. Fails with a coded error that says what to do: for SQLite when the file
 * cannot be opened, is not a database, or is locked by another process (Postgres: openPostgres.ts).
 */
export async function openStore(databaseUrl: string, options: { busyTimeoutMs?: number } = {}): Promise<Db> {
  const location = storeLocationOf(databaseUrl);
  // pg and the PostgreSQL migrations load only for a postgres:// URL: a SQLite start (and its refusals) never parses them.
  if (location.kind === 'postgres') return (await import('./openPostgres.js')).openPostgresStore(location);
  const file = location.file;
  let sqlite: SQLite.Database;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    sqlite = new SQLite(file, { timeout: options.busyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw storeError(file, error);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  try {
    await migrateSqlite(sqlite);
    assertWritable(sqlite);
    // kysely's destroy() closes the handle only if its driver ever ran a query: run one now, so that
    // destroying a store nobody used yet still closes the file (and a query after it fails).
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw storeError(file, error);
  }
  return db;
}

/**
 * WAL lets this process read while another one holds the write lock, and SQLite opens a file it may
 * not write read-only without a word: either would only show at the first write, minutes later. So
 * write once now, rolled back (the busy timeout applies to the lock).
 */
function assertWritable(sqlite: SQLite.Database): void {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const version = Number(sqlite.pragma('user_version', { simple: true }));
    sqlite.pragma(`user_version = ${version}`);
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

export { migrate } from './migrate.js';

/** Errors of a schema change found already partly applied: a migration that was cut off half-way. */
const PARTLY_APPLIED = /already exists|duplicate column|no such (column|table|index)/i;

function storeError(file: string, error: unknown): FlowlightError {
  if (error instanceof MigrationFailed && PARTLY_APPLIED.test(error.message)) {
    return new FlowlightError('store_unreadable',
      `The database ${file} is half-migrated: an earlier start was stopped part-way through the migration ${error.migration} ` +
      `(flowlight before this version did not run each migration in a transaction), and running it again fails (${error.message}). ` +
      'Restore the file from a backup taken before that start, or move it aside and start again: flowlight then creates a fresh database there (watch the repositories and link people again).');
  }
  const cause = error instanceof MigrationFailed ? error.cause : error;
  const detail = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: string } | null)?.code ?? '';
  if (code === 'SQLITE_BUSY' || /database is locked/i.test(detail)) {
    return new FlowlightError('store_locked',
      `The database ${file} is locked by another process. Stop the other flowlight (or the tool holding the file) and start again, or set DATABASE_URL to another file.`);
  }
  if (code === 'SQLITE_CORRUPT' || /malformed/i.test(detail)) {
    return new FlowlightError('store_unreadable',
      `The database ${file} is damaged (${detail}). Restore it from a backup, or move it aside and start again: flowlight then creates a fresh database there (watch the repositories and link people again).`);
  }
  if (code === 'SQLITE_NOTADB' || /not a database/i.test(detail)) {
    return new FlowlightError('store_unreadable',
      `The file ${file} is not a flowlight SQLite database (${detail}). Point DATABASE_URL at another path; flowlight creates a fresh database there.`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_READONLY') || (code === 'SQLITE_CANTOPEN' && !readableAndWritable(file))) {
    return new FlowlightError('store_unavailable',
      `flowlight cannot read and write the database ${file} (permission denied). Give the user running flowlight read and write access to it and its folder, or set DATABASE_URL to another path.`);
  }
  return new FlowlightError('store_unavailable',
    `Cannot open the database ${file}: ${detail}. Check that the folder exists and is writable, or set DATABASE_URL to a writable path.`);
}

/** Whether this process may read and write the file (or, before it exists, create it in its folder). */
function readableAndWritable(file: string): boolean {
  if (file === ':memory:') return true;
  try {
    fs.accessSync(fs.existsSync(file) ? file : path.dirname(path.resolve(file)), fs.constants.R_OK | fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
