import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/store/sqliteStatementCache.js';

// The store keeps SQLite's prepared statements per SQL text: the same answers as preparing afresh,
// one compilation per text, a bounded number kept, and the file closed with the store.

function counted(sqlite: SQLite.Database): { sqlite: SQLite.Database; prepared: string[] } {
  const prepared: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  }) as typeof sqlite.prepare;
  return { sqlite, prepared };
}

describe('the SQLite statement cache', () => {
  it('prepares a query once and answers every run of it from the current data', async () => {
    const { sqlite, prepared } = counted(new SQLite(':memory:'));
    const db = new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    await sql`create table t (n integer)`.execute(db);
    for (const n of [1, 2, 3]) await db.insertInto('t').values({ n }).execute();
    const sums: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const rows = await db.selectFrom('t').select('n').where('n', '>=', i + 1).execute();
      sums.push(rows.reduce((sum, row) => sum + row.n, 0));
    }
    expect(sums).toEqual([6, 5, 3]);
    expect(prepared.filter((text) => text.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((text) => text.startsWith('select'))).toHaveLength(1);
    await db.destroy();
  });

  it('a kept statement sees a column added after it was prepared', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(new SQLite(':memory:')) }) });
    await sql`create table t (n integer)`.execute(db);
    await sql`insert into t (n) values (1)`.execute(db);
    expect((await sql`select * from t`.execute(db)).rows).toEqual([{ n: 1 }]);
    await sql`alter table t add column label text default 'x'`.execute(db);
    expect((await sql`select * from t`.execute(db)).rows).toEqual([{ n: 1, label: 'x' }]);
    await db.destroy();
  });

  it('keeps at most `size` statements, dropping the least recently used', () => {
    const { sqlite, prepared } = counted(new SQLite(':memory:'));
    const cache = withStatementCache(sqlite, 2);
    for (const text of ['select 1', 'select 2', 'select 1', 'select 3', 'select 1', 'select 2']) cache.prepare(text);
    // 'select 2' was the oldest when 'select 3' came, so it is prepared again; 'select 1' stayed.
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
    cache.close();
  });

  it('closing it closes the database', () => {
    const sqlite = new SQLite(':memory:');
    withStatementCache(sqlite).close();
    expect(sqlite.open).toBe(false);
  });
});
