import { FlowlightError } from '../errors.js';

// DATABASE_URL names either a SQLite file (the default: a path, `file:PATH` or `:memory:`) or a
// PostgreSQL database (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`, or `postgresql://`).

export type StoreLocation =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; database: string; host: string; port: number; user: string | null };

const POSTGRES_SCHEME = /^postgres(ql)?:\/\//i;
const POSTGRES_EXAMPLE = 'postgres://USER:PASSWORD@HOST:5432/DATABASE';

export function isPostgresUrl(databaseUrl: string): boolean {
  return POSTGRES_SCHEME.test(databaseUrl);
}

/** What a DATABASE_URL names, or a coded error saying what is wrong with it and how to write it. */
export function storeLocationOf(databaseUrl: string): StoreLocation {
  if (!isPostgresUrl(databaseUrl)) {
    return { kind: 'sqlite', file: databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl };
  }
  const problem = postgresUrlProblem(databaseUrl);
  if (problem) throw new FlowlightError('config_invalid', problem);
  const url = new URL(databaseUrl);
  return {
    kind: 'postgres',
    url: databaseUrl,
    database: decodeURIComponent(url.pathname.slice(1)),
    host: url.hostname || url.searchParams.get('host') || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: url.username ? decodeURIComponent(url.username) : null,
  };
}

/** Why a postgres:// URL cannot be used (null when it can): for config validation and for openStore. */
export function postgresUrlProblem(databaseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return `DATABASE_URL is not a valid PostgreSQL URL (${redactedUrl(databaseUrl)}): write it as ${POSTGRES_EXAMPLE}, percent-encoding any @ : / # ? in the password`;
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    return `DATABASE_URL names no PostgreSQL server (${redactedUrl(databaseUrl)}): write it as ${POSTGRES_EXAMPLE}`;
  }
  const database = url.pathname.slice(1);
  if (!database || database.includes('/')) {
    return `DATABASE_URL names no database (${redactedUrl(databaseUrl)}): add it after the host, as in ${POSTGRES_EXAMPLE}`;
  }
  return null;
}

/** The URL with its password replaced by ***: safe for logs and messages. */
export function redactedUrl(databaseUrl: string): string {
  // greedy to the authority's last @: a password with an unencoded @ is hidden whole
  return databaseUrl.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^/?#]*@/i, '$1:***@');
}

/** What a message calls the store: the file, or the Postgres database without its password. */
export function describeStore(location: StoreLocation): string {
  switch (location.kind) {
    case 'sqlite':
      return location.file;
    case 'postgres':
      return `PostgreSQL database ${location.database} on ${location.host}:${location.port}`;
    default: {
      const _exhaustive: never = location;
      return _exhaustive;
    }
  }
}
