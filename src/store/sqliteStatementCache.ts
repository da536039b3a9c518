import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

// kysely's SQLite driver prepares every query afresh, and compiling the SQL cost SQLite two thirds of
// what running it did (profiled on the demo's fortnight). A store asks the same few hundred queries
// over and over (a poll, an evaluation, a /flow command), so each prepared statement is kept for the
// next time, per SQL text, up to `size` of them (the least recently used goes first: `in (?, ?, …)`
// lists make new texts). Safe because the driver runs one query at a time on its single connection,
// so a statement is never reused while it is still stepping, and SQLite re-prepares a kept statement
// itself after a schema change.

export function withStatementCache(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      const kept = statements.get(sql);
      // Map keeps insertion order: taking the hit out and putting it back makes it the newest.
      if (kept) statements.delete(sql);
      const statement = kept ?? sqlite.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > size) statements.delete(statements.keys().next().value!);
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}
