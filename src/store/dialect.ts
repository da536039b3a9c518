import { PostgresAdapter, type Kysely } from 'kysely';

/** Whether the store is PostgreSQL: for the few statements only it needs (row locks) or only it has. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
