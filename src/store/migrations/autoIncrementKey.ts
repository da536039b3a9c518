import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Not a migration: the one column definition our migrations write differently per database.
// SQLite's `integer primary key autoincrement` never reuses an id; Postgres has no AUTOINCREMENT
// and numbers rows with an identity column instead (also never reused).

/** `addColumn('id', ...autoIncrementKey(db))`: an integer primary key the database numbers. */
export function autoIncrementKey(db: Kysely<any>): ['integer', (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return ['integer', (column) => column.primaryKey().generatedByDefaultAsIdentity()];
  }
  return ['integer', (column) => column.primaryKey().autoIncrement()];
}
