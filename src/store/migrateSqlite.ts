import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Driver,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';
import { migrationProvider } from './migrations/index.js';

// kysely's SqliteAdapter says SQLite has no transactional DDL (kysely issue #56, "wontfix"), so its
// Migrator runs every statement of a migration in autocommit: a process killed between two CREATE
// TABLEs left a file that no later start could migrate ("table already exists"). SQLite does roll
// back CREATE/ALTER/DROP inside a transaction; only a few PRAGMAs (foreign_keys, journal_mode) are
// ignored or refused there, and no migration of ours uses them. So migrations run through this
// dialect, one migration per transaction, opened with BEGIN IMMEDIATE: two flowlights starting on a
// new file at once queue on the write lock (busy timeout) instead of both migrating.

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class MigrationSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /** the store's own Kysely owns the handle and closes it */
  override async destroy(): Promise<void> {}
}

/**
 * The Migrator asks the introspector only whether its own two tables exist, before every step.
 * SqliteIntrospector answers with every column of every table (a pragma_table_info join), a fifth
 * of migrating a new file one step at a time; the names in sqlite_master are all it needs.
 */
class TableNamesIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    return [];
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; type: string }>`select name, type from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%'`.execute(this.db);
    return rows.map(({ name, type }) => ({ name, isView: type === 'view', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

class MigrationSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  override createDriver(): Driver {
    return new MigrationSqliteDriver({ database: this.sqlite });
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new TableNamesIntrospector(db);
  }
}

/** What stopped a migration: its name and the database's own error. */
export class MigrationFailed extends Error {
  constructor(readonly migration: string, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'MigrationFailed';
  }
}

/** Runs every pending migration, each in its own transaction: a kill leaves the file at a migration boundary. */
export async function migrateSqlite(sqlite: SQLite.Database): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new MigrationSqliteDialect(sqlite) });
  const migrator = new Migrator({ db, provider: migrationProvider });
  for (;;) {
    const { error, results = [] } = await migrator.migrateUp();
    if (error) {
      const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'the migration table';
      throw new MigrationFailed(failed, error);
    }
    if (results.length === 0) return;
  }
}
