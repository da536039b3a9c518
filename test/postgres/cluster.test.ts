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

  it.skipIf(noPostgres)('a database handed on by cleanup is as fresh as a new one: no rows, ids from 1', async () => {
    const at = '2026-12-04T10:00:00.000Z';
    const outboxRow = { team_id: 'C1', kind: 'notice' as const, payload: '{}', status: 'pending' as const, next_attempt_at: at, created_at: at, updated_at: at };
    const first = await tempStore();
    await first.db.insertInto('teams').values({ id: 'C1', created_at: at }).execute();
    await first.db.insertInto('outbox').values([{ ...outboxRow, dedupe_key: 'a' }, { ...outboxRow, dedupe_key: 'b' }]).execute();
    await first.cleanup();
    const second = await tempStore();
    try {
      expect(second.databaseUrl).toBe(first.databaseUrl);
      expect(await second.db.selectFrom('teams').selectAll().execute()).toEqual([]);
      expect(await second.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
      await second.db.insertInto('teams').values({ id: 'C1', created_at: at }).execute();
      const { id } = await second.db.insertInto('outbox').values({ ...outboxRow, dedupe_key: 'a' }).returning('id').executeTakeFirstOrThrow();
      expect(id).toBe(1);
    } finally {
      await second.cleanup();
    }
  });
});
