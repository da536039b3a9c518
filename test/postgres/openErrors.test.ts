import os from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlowlightError } from '../../src/errors.js';
import { openStore } from '../../src/store/open.js';
import { BUILT_MAIN, ROOT, startChild } from '../helpers/childProcess.js';
import { freePort } from '../helpers/freePort.js';
import { freshPostgresDatabase } from '../helpers/tempStore.js';

// DATABASE_URL=postgres://… that cannot be used → a coded error at start that says what is wrong and
// how to fix it (openStore rejects; `npm start` prints the message alone and exits 1), never a stack
// trace, never the password.

const admin = inject('postgresAdminUrl');
const noPostgres = !admin;

async function openError(databaseUrl: string): Promise<FlowlightError> {
  const error = await openStore(databaseUrl).then(async (db) => {
    await db.destroy();
    return null;
  }, (e: unknown) => e);
  expect(error, `openStore(${databaseUrl}) should have failed`).toBeInstanceOf(FlowlightError);
  return error as FlowlightError;
}

function urlAs(user: string, password: string | null, database: string): string {
  const url = new URL(admin);
  url.username = user;
  url.password = password ?? '';
  url.pathname = `/${database}`;
  return url.toString();
}

describe.skipIf(noPostgres)('opening a PostgreSQL store that cannot be used', () => {
  let database: { databaseUrl: string; drop: () => Promise<void> };
  let name: string;
  beforeAll(async () => {
    database = await freshPostgresDatabase({ migrated: false });
    name = new URL(database.databaseUrl).pathname.slice(1);
    const db = await openStore(admin);
    try {
      await sql.raw(`create role flowlight_alice login password 'right-password' in role password_users`).execute(db);
      await sql.raw('create role flowlight_reader login').execute(db);
    } finally {
      await db.destroy();
    }
  });
  afterAll(async () => {
    await database?.drop();
    const db = await openStore(admin);
    await sql.raw('drop role if exists flowlight_alice').execute(db);
    await sql.raw('drop role if exists flowlight_reader').execute(db);
    await db.destroy();
  });

  it('a wrong password: says the user was refused and to check the user and password, without showing it', async () => {
    const error = await openError(urlAs('flowlight_alice', 'wrong-password', name));
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain('refused the user flowlight_alice');
    expect(error.message).toContain('Check the user name and password in DATABASE_URL');
    expect(error.message).not.toContain('wrong-password');
  });

  it('a database that does not exist: says so and how to create it', async () => {
    const error = await openError(urlAs('postgres', null, 'flowlight_missing'));
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain('The PostgreSQL database flowlight_missing');
    expect(error.message).toContain('does not exist');
    expect(error.message).toContain('createdb flowlight_missing');
  });

  it('a user who may not create tables there: says so and what to grant', async () => {
    const error = await openError(urlAs('flowlight_reader', null, name));
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain('The user flowlight_reader may not create or write tables');
    expect(error.message).toContain('permission denied');
  });
});

// These need no server: they run wherever the tests run.
describe('a PostgreSQL DATABASE_URL that cannot be used, wherever PostgreSQL is missing too', () => {
  it('no server listening there: says it cannot reach it and to check host and port', async () => {
    const port = await freePort();
    const error = await openError(`postgres://postgres@127.0.0.1:${port}/flowlight`);
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain(`Cannot reach the PostgreSQL database flowlight on 127.0.0.1:${port}`);
    expect(error.message).toContain('Check that PostgreSQL is running');
  });

  it('a malformed URL: says what is wrong and how to write it, the password hidden', async () => {
    const error = await openError('postgres://flowlight:s3cret@db.example:port/flowlight');
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('DATABASE_URL is not a valid PostgreSQL URL (postgres://flowlight:***@db.example:port/flowlight): write it as postgres://USER:PASSWORD@HOST:5432/DATABASE, percent-encoding any @ : / # ? in the password');
  });

  it('npm start with an unreachable server prints the message alone and exits 1', async () => {
    const port = await freePort();
    const child = startChild([BUILT_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-pg-test-token', SLACK_SIGNING_SECRET: 'pg-test-secret', GITHUB_TOKEN: 'ghp_pgTestToken00000000000000000000000000',
        DATABASE_URL: `postgres://flowlight:s3cret@127.0.0.1:${port}/flowlight`,
      },
    });
    const { code } = await child.exit;
    const output = child.output();
    expect(code).toBe(1);
    expect(output).toContain(`Cannot reach the PostgreSQL database flowlight on 127.0.0.1:${port}`);
    expect(output).not.toContain('s3cret');
    expect(output).not.toMatch(/^\s+at /m);
  });
});
