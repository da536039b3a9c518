import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Db } from '../../src/store/open.js';

export type TestDatabase = 'sqlite' | 'postgres';

/** The database the running vitest project tests on: FLOWLIGHT_TEST_DATABASE=postgres in the postgres project. */
export function testDatabase(): TestDatabase {
  return process.env.FLOWLIGHT_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TempStore {
  db: Db;
  /** what DATABASE_URL would say to open this store again */
  databaseUrl: string;
  /** the SQLite file (on Postgres: the database URL, there is no file) */
  file: string;
  /** a fresh temp folder for the test's other files */
  dir: string;
  cleanup: () => Promise<void>;
}

/**
 * A fresh store with the real migrations run, on the database this project tests: a real SQLite
 * file in a fresh temp folder, or a fresh (or freshly emptied) database on the throwaway PostgreSQL
 * cluster (test/postgresSetup.ts).
 */
export async function tempStore(): Promise<TempStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-test-'));
  if (testDatabase() === 'postgres') return tempPostgresStore(dir);
  const file = path.join(dir, 'flowlight.db');
  const db = await openStore(file);
  return {
    db,
    databaseUrl: file,
    file,
    dir,
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the throwaway cluster, copied from the migrated template (openStore still runs the migrator: none is pending), or empty. */
export async function freshPostgresDatabase(options: { migrated?: boolean } = {}): Promise<{ databaseUrl: string; drop: () => Promise<void> }> {
  const admin = inject('postgresAdminUrl');
  // template0: an empty database, for tests of the migrations themselves
  const template = options.migrated === false ? 'template0' : inject('postgresTemplate');
  if (!admin) throw new Error('No PostgreSQL cluster: run this test in the postgres project (npm run test:pg), whose global setup starts one');
  const name = `flowlight_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `create database ${name} template ${template}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    drop: () => adminQuery(admin, `drop database if exists ${name} with (force)`),
  };
}

// A fresh database costs a CREATE DATABASE (a copy of the template) and later a DROP; emptying one
// costs a DELETE per table (measured on a busy 2-core machine: about 170 ms for the copy alone, 120 ms
// to TRUNCATE every table, 30-70 ms to DELETE from them). So a store's database, emptied by its cleanup,
// is the next store's in this worker (its files share this module): every flowlight table empty, generated ids restarted, the
// migrations in place, as fresh as a new copy. A database that cannot be emptied is dropped instead.
// The emptying runs on the store's own connection before its pool closes: a new connection costs the
// server a process and a catalog warm-up (about 30 ms of CPU here), more than the emptying itself.
const emptied: string[] = [];

async function tempPostgresStore(dir: string): Promise<TempStore> {
  const databaseUrl = emptied.pop() ?? (await freshPostgresDatabase()).databaseUrl;
  const db = await openStore(databaseUrl);
  return {
    db,
    databaseUrl,
    file: databaseUrl,
    dir,
    cleanup: async () => {
      // a test that closed the store itself leaves no connection to empty it on: a new one, then
      const empty = await emptyDatabase(db) || await emptyDatabaseOnNewConnection(databaseUrl);
      await db.destroy();
      if (empty) emptied.push(databaseUrl);
      else await adminQuery(inject('postgresAdminUrl'), `drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Empties every flowlight table (not the migrations' own) and restarts the sequences that were used,
 * in one statement run by the server; false when it cannot (a test left a transaction open holding
 * row locks: the 2 s lock timeout gives up). setval(start, false) is what ALTER SEQUENCE RESTART does,
 * without writing the sequence anew.
 */
const EMPTY_EVERY_TABLE = `do $$
declare r record;
begin
  set local lock_timeout = '2s';
  for r in select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_migration%' loop
    execute format('delete from %I', r.tablename);
  end loop;
  for r in select sequencename, start_value from pg_sequences where schemaname = 'public' and last_value is not null loop
    perform setval(quote_ident(r.sequencename)::regclass, r.start_value, false);
  end loop;
end $$`;

async function emptyDatabase(db: Db): Promise<boolean> {
  try {
    await sql.raw(EMPTY_EVERY_TABLE).execute(db);
    return true;
  } catch {
    return false;
  }
}

async function emptyDatabaseOnNewConnection(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.query(EMPTY_EVERY_TABLE);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
