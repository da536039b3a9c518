import { Migrator, type Kysely } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import { MigrationFailed } from './migrateSqlite.js';

/**
 * Runs the migrations through kysely's Migrator as the dialect's adapter allows. On Postgres the
 * adapter reports transactional DDL, so every pending migration runs in one transaction, and takes a
 * session advisory lock first: replicas starting at once wait for each other and migrate once.
 * SQLite files go through migrateSqlite instead.
 */
export async function migrate(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw new MigrationFailed(results.find((result) => result.status === 'Error')?.migrationName ?? 'the migration table', error);
}
