import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './database.js';
import { describeStore, type StoreLocation } from './databaseUrl.js';
import { migrate } from './migrate.js';
import { migrationProvider } from './migrations/index.js';
import { FlowlightError } from '../errors.js';

type PostgresLocation = Extract<StoreLocation, { kind: 'postgres' }>;

/** How long a connection attempt may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long a query may wait for one of the pool's connections to be free. pg-pool bounds this wait
 * with its connectionTimeoutMillis, the connect timeout's option: at 10 s a burst of /flow commands on
 * a busy machine (a queue of queries, no server trouble) failed with "timeout exceeded when trying to
 * connect". A wait this long still ends when every connection is stuck (a held lock, a hung query).
 */
const POOL_WAIT_MS = 120_000;

// pg hands bigint (int8) back as a string, since it may not fit a JS number. Ours are count(*) and
// sums of counts, far below 2^53: parse them as numbers, for this pool only (not pg's global types),
// so the repositories see the same types SQLite gives them. Other types keep pg's parsers.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Opens the PostgreSQL database at `location` through a pg pool and runs every migration with
 * kysely's Migrator, which holds a Postgres advisory lock while it runs: replicas starting at once
 * migrate once. Fails with a coded error that says what to do when the server cannot be reached,
 * refuses the user or password, has no such database, or does not let the user create tables.
 */
export async function openPostgresStore(
  location: PostgresLocation,
  options: { poolSize?: number; connectTimeoutMs?: number; poolWaitMs?: number } = {},
): Promise<Kysely<Database>> {
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: location.url,
    // the pool's own timer bounds a wait for a free connection (and a connect, which the client's bounds sooner)
    connectionTimeoutMillis: Math.max(options.poolWaitMs ?? POOL_WAIT_MS, connectTimeoutMs),
    Client: clientWithConnectTimeout(connectTimeoutMs),
    max: options.poolSize ?? 10,
    types,
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
  // The next query gets a fresh connection (or the error), which is where it is reported.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (!(await everyMigrationRecorded(db))) await migrate(db);
    await assertWritable(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw postgresError(location, error);
  }
  return db;
}

/** pg's Client, its connection attempts bounded by `timeoutMs` whatever the pool's wait allows. */
function clientWithConnectTimeout(timeoutMs: number): typeof pg.Client {
  return class extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: timeoutMs });
    }
  };
}

/**
 * Whether the database records exactly the migrations this version knows, all run: then kysely's
 * Migrator would find nothing to do, after two catalog introspections (every table with its columns)
 * and a locked transaction. Checked here in two small queries instead, which is what a restart, and
 * every test store, pays. Recorded names are committed ones (each run is one transaction), so a
 * replica migrating at this moment shows a missing name and the Migrator waits for its lock as before;
 * a name this version does not know also goes to the Migrator, which refuses it as before.
 */
async function everyMigrationRecorded(db: Kysely<Database>): Promise<boolean> {
  const { rows: [table] } = await sql<{ exists: boolean }>`select to_regclass('kysely_migration') is not null as exists`.execute(db);
  if (!table?.exists) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const known = Object.keys(await migrationProvider.getMigrations());
  const recorded = new Set(rows.map((row) => row.name));
  return recorded.size === known.length && known.every((name) => recorded.has(name));
}

/**
 * A user who may read but not write (a read-only role, a hot standby) would only fail at the first
 * write, minutes later: an update that touches no row still has its privilege checked now.
 */
async function assertWritable(db: Kysely<Database>): Promise<void> {
  await db.updateTable('health_heartbeat').set((eb) => ({ beat_at: eb.ref('beat_at') })).where(sql<boolean>`false`).execute();
}

/** The SQLSTATEs and socket errors worth their own advice; anything else is shown as Postgres said it. */
export function postgresError(location: PostgresLocation, error: unknown): FlowlightError {
  const store = describeStore(location);
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const detail = errorText(cause);
  const code = (cause as { code?: string } | null)?.code ?? (error as { code?: string } | null)?.code ?? '';
  const user = location.user ?? 'the default user';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'].includes(code)
    || /timeout expired|Connection terminated/i.test(detail)) {
    return new FlowlightError('store_unavailable',
      `Cannot reach the ${store} (${detail}). Check that PostgreSQL is running and accepts connections there, and that HOST and PORT in DATABASE_URL are right.`);
  }
  if (code === '28P01' || code === '28000') {
    return new FlowlightError('store_unavailable',
      `The ${store} refused the user ${user} (${detail}). Check the user name and password in DATABASE_URL (percent-encode any @ : / # ? in the password), and that pg_hba.conf lets this user connect from this host.`);
  }
  if (code === '3D000') {
    return new FlowlightError('store_unavailable',
      `The ${store} does not exist (${detail}). Create it (createdb ${location.database}, or CREATE DATABASE "${location.database}" OWNER ${location.user ?? 'USER'}), or name an existing database in DATABASE_URL.`);
  }
  if (code === '42501' || code === '25006') {
    return new FlowlightError('store_unavailable',
      `The user ${user} may not create or write tables in the ${store} (${detail}). Give it a database it owns (CREATE DATABASE ... OWNER ${location.user ?? 'USER'}) or grant it CREATE on the schema and write access to flowlight's tables, or point DATABASE_URL at the primary, not a read-only standby.`);
  }
  return new FlowlightError('store_unavailable',
    `Cannot open the ${store}: ${detail}. Check DATABASE_URL and that the user may create tables in that database.`);
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorText(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}
