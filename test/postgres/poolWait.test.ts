import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPostgresStore } from '../../src/store/openPostgres.js';
import { storeLocationOf } from '../../src/store/databaseUrl.js';
import { freshPostgresDatabase } from '../helpers/tempStore.js';

// A burst of /flow commands queues its queries for the pool's connections. Waiting for a free
// connection is not a connection attempt: it must not fail when it lasts longer than the connect
// timeout (on a busy machine one /flow reply said "Something went wrong" after such a wait).

const noPostgres = !inject('postgresAdminUrl');
const CONNECT_TIMEOUT_MS = 150;

describe.skipIf(noPostgres)('a query waiting for a busy PostgreSQL pool', () => {
  let database: { databaseUrl: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await freshPostgresDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('runs once a connection is free, even after waiting longer than a connection attempt may take', async () => {
    const location = storeLocationOf(database.databaseUrl);
    if (location.kind !== 'postgres') throw new Error('not a PostgreSQL URL');
    const db = await openPostgresStore(location, { poolSize: 2, connectTimeoutMs: CONNECT_TIMEOUT_MS });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding = 0;
      let bothHeld!: () => void;
      const bothHolding = new Promise<void>((resolve) => (bothHeld = resolve));
      // Two handlers inside transactions hold both connections; a third asks for one meanwhile.
      const holders = [1, 2].map(() => db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        if ((holding += 1) === 2) bothHeld();
        await held;
      }));
      await bothHolding;
      const waiting = sql<{ answer: number }>`select 42 as answer`.execute(db);
      // The wait outlasts the connect timeout (a time bound is what is tested here, so real time passes).
      await new Promise((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS * 3));
      release();
      await Promise.all(holders);
      expect((await waiting).rows).toEqual([{ answer: 42 }]);
    } finally {
      await db.destroy();
    }
  });

  it('still gives up on a server that does not answer within the connect timeout', async () => {
    const location = storeLocationOf(database.databaseUrl);
    if (location.kind !== 'postgres') throw new Error('not a PostgreSQL URL');
    // A listening socket that never answers PostgreSQL's startup message.
    const net = await import('node:net');
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const url = new URL(database.databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const silentLocation = storeLocationOf(url.toString());
    if (silentLocation.kind !== 'postgres') throw new Error('not a PostgreSQL URL');
    try {
      const error = await openPostgresStore(silentLocation, { connectTimeoutMs: CONNECT_TIMEOUT_MS }).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'store_unavailable' });
      expect(String((error as Error).message)).toMatch(/^Cannot reach the /);
    } finally {
      silent.close();
    }
  });
});
