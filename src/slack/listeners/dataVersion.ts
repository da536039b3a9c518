import { sql } from 'kysely';
import type { Db } from '../../store/open.js';

/**
 * A number that changes whenever anything in the database changes: SQLite's total_changes() counts
 * this connection's writes (the poller, the deliverer and the listeners share it), data_version
 * moves when another connection or process commits. Cheap enough to ask on every request.
 */
export async function dataVersion(db: Db): Promise<string> {
  const changes = await sql<{ changes: number }>`select total_changes() as changes`.execute(db);
  const version = await sql<{ data_version: number }>`pragma data_version`.execute(db);
  return `${changes.rows[0]?.changes ?? 0}:${version.rows[0]?.data_version ?? 0}`;
}
