import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { tempStore } from '../helpers/tempStore.js';

// The postgres project runs the store, job and reliability tests on PostgreSQL. Where its server
// binaries (initdb, pg_ctl) are missing, that says so here, as a skipped test, rather than passing.
const noPostgres = !inject('postgresAdminUrl');

describe('the store, job and reliability tests on PostgreSQL', () => {
  const title = noPostgres
    ? 'cannot run here: PostgreSQL server binaries (initdb, pg_ctl) not found; install PostgreSQL (Debian: postgresql-15) or set FLOWLIGHT_PG_BIN'
    : 'run on a fresh, migrated PostgreSQL database per store';
  it.skipIf(noPostgres)(title, async () => {
    const store = await tempStore();
    try {
      const { rows } = await sql<{ version: string; tables: number }>`
        select version() as version, (select count(*) from information_schema.tables where table_name = 'outbox') as tables`.execute(store.db);
      expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
      expect(rows[0]?.tables).toBe(1); // count(*) comes back a number, not pg's bigint string
    } finally {
      await store.cleanup();
    }
  });
});
