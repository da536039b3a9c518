import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { openStore, type Db } from '../../src/store/open.js';
import { freshPostgresDatabase } from '../helpers/tempStore.js';

// Migrations on PostgreSQL run through kysely's Migrator, which holds an advisory lock while it
// migrates: replicas starting at once on an empty database wait for each other and migrate once.

const noPostgres = !inject('postgresAdminUrl');

describe.skipIf(noPostgres)('migrations on PostgreSQL', () => {
  let database: { databaseUrl: string; drop: () => Promise<void> };
  beforeEach(async () => {
    database = await freshPostgresDatabase({ migrated: false });
  });
  afterEach(async () => database.drop());

  it('three stores opening an empty database at once migrate it once, and all of them work', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => openStore(database.databaseUrl)));
    try {
      const expected = Object.keys(await migrationProvider.getMigrations()).sort();
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(stores[0]!);
      expect(rows.map((row) => row.name)).toEqual(expected);
      for (const [i, db] of stores.entries()) {
        await db.insertInto('teams').values({ id: `C${i}`, created_at: '2026-12-04T10:00:00.000Z' }).execute();
      }
      expect(await stores[2]!.selectFrom('teams').select('id').orderBy('id').execute()).toEqual([{ id: 'C0' }, { id: 'C1' }, { id: 'C2' }]);
    } finally {
      await Promise.all(stores.map((db: Db) => db.destroy()));
    }
  });

  it('orders outbox dedupe keys byte by byte, as SQLite does, whatever the database collation', async () => {
    const db = await openStore(database.databaseUrl);
    try {
      const { rows } = await sql<{ collation: string }>`
        select collation_name as collation from information_schema.columns where table_name = 'outbox' and column_name = 'dedupe_key'`.execute(db);
      expect(rows).toEqual([{ collation: 'C' }]);
    } finally {
      await db.destroy();
    }
  });

  it('numbers rows of the tables with generated ids, as SQLite does', async () => {
    const db = await openStore(database.databaseUrl);
    try {
      await db.insertInto('teams').values({ id: 'C1', created_at: '2026-12-04T10:00:00.000Z' }).execute();
      const at = '2026-12-04T10:00:00.000Z';
      const ids = [];
      for (const key of ['a', 'b']) {
        const row = await db.insertInto('outbox').values({ team_id: 'C1', dedupe_key: key, kind: 'notice', payload: '{}', status: 'pending', next_attempt_at: at, created_at: at, updated_at: at })
          .returning('id').executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      expect(ids).toEqual([1, 2]);
    } finally {
      await db.destroy();
    }
  });
  it('a database that records a migration this version does not know is refused, as the Migrator refuses it', async () => {
    const first = await openStore(database.databaseUrl);
    await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01-999-from-a-newer-version', '2099-01-01T00:00:00.000Z')`.execute(first);
    await first.destroy();
    await expect(openStore(database.databaseUrl)).rejects.toThrow(/2099-01-01-999-from-a-newer-version/);
  });

  it('a database missing the record of one migration goes through the Migrator again, which runs it', async () => {
    const first = await openStore(database.databaseUrl);
    const names = Object.keys(await migrationProvider.getMigrations());
    const last = names.at(-1)!;
    // the last migration undone by hand, as a database from the version before it would be
    await migrationProvider.getMigrations().then((migrations) => migrations[last]!.down!(first));
    await sql`delete from kysely_migration where name = ${last}`.execute(first);
    await first.destroy();
    const db = await openStore(database.databaseUrl);
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      expect(rows.map((row) => row.name)).toEqual([...names].sort());
    } finally {
      await db.destroy();
    }
  });
});
