import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './freePort.js';

// A throwaway PostgreSQL cluster for tests and developers: PostgreSQL's own initdb and pg_ctl in a
// fresh temp folder, listening on 127.0.0.1 only, on a free port, fsync off (nothing here must
// survive a power cut). Loopback connections are trusted, except for roles in the group
// password_users, which must give their password: how a test sees a wrong password refused.
// initdb refuses to run as root, so as root the server runs as the unprivileged user `postgres`
// (or `nobody`) in a folder that user owns.

const run = promisify(execFile);

/**
 * The folder holding initdb, pg_ctl and postgres, or null where PostgreSQL's server is not installed.
 * FLOWLIGHT_PG_BIN names the folder and nothing else is searched (a folder without them: as if none).
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.FLOWLIGHT_PG_BIN ? [env.FLOWLIGHT_PG_BIN] : [
    ...(env.PATH ?? '').split(path.delimiter),
    ...versionDirs('/usr/lib/postgresql'), // Debian and Ubuntu: /usr/lib/postgresql/15/bin
    '/usr/local/pgsql/bin',
  ].filter((dir): dir is string => Boolean(dir));
  for (const dir of candidates) {
    const initdb = path.join(dir, 'initdb');
    if (!fs.existsSync(initdb)) continue;
    // a symlink on PATH (/usr/local/bin/initdb): its siblings live beside the real file
    const real = path.dirname(fs.realpathSync(initdb));
    if (['pg_ctl', 'postgres'].every((name) => fs.existsSync(path.join(real, name)))) return real;
  }
  return null;
}

function versionDirs(root: string): string[] {
  try {
    return fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((version) => path.join(root, version, 'bin'));
  } catch {
    return [];
  }
}

export interface PgCluster {
  port: number;
  /** a URL of this cluster's superuser for the database named (default: postgres) */
  url(database?: string, user?: string): string;
  /** runs statements as the superuser, in the postgres database */
  admin(statements: string[]): Promise<void>;
  stop(): Promise<void>;
}

export const SUPERUSER = 'postgres';

/** Starts a fresh cluster; stop() stops it and removes its folder. */
export async function startPgCluster(bin: string): Promise<PgCluster> {
  const owner = unprivilegedOwner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-pg-'));
  const data = path.join(dir, 'data');
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const env = { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir };
  const pgCtl = path.join(bin, 'pg_ctl');
  try {
    await run(path.join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions'], { ...as, env, cwd: dir });
    fs.writeFileSync(path.join(data, 'pg_hba.conf'), [
      'local all all trust',
      'host all +password_users 127.0.0.1/32 scram-sha-256',
      'host all all 127.0.0.1/32 trust',
      '',
    ].join('\n'));
    if (owner) fs.chownSync(path.join(data, 'pg_hba.conf'), owner.uid, owner.gid);
    let port = 0;
    // a free port can be taken between choosing it and the server binding it: choose again
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      const options = [
        '-c listen_addresses=127.0.0.1', `-p ${port}`, `-c unix_socket_directories=${dir}`,
        '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=300',
      ].join(' ');
      try {
        await run(pgCtl, ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start'], { ...as, env, cwd: dir });
        break;
      } catch (error) {
        if (attempt >= 3) throw new Error(`PostgreSQL did not start: ${readLog(dir)}`, { cause: error });
      }
    }
    stopWhenGone(process.pid, pgCtl, data, dir, as);
    const url = (database = 'postgres', user = SUPERUSER) => `postgres://${user}@127.0.0.1:${port}/${database}`;
    await adminStatements(url(), ['create role password_users nologin']);
    return {
      port,
      url,
      admin: (statements) => adminStatements(url(), statements),
      async stop() {
        // immediate: nothing here is kept, so no checkpoint is worth waiting for
        await run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...as, env, cwd: dir }).catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run(pgCtl, ['-D', data, '-m', 'immediate', 'stop'], { ...as, env, cwd: dir }).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * pg_ctl leaves the server running on its own: if the test run is killed before its teardown
 * (SIGKILL, a CI timeout), nothing would stop it. A detached watchdog, as the server's user, stops the
 * server and removes the folder once this process is gone; after a normal stop it finds nothing to do.
 */
function stopWhenGone(pid: number, pgCtl: string, data: string, dir: string, as: { uid?: number; gid?: number }): void {
  const script = 'while [ -d "/proc/$0" ]; do sleep 2; done; "$1" -D "$2" -m immediate stop >/dev/null 2>&1; rm -rf "$3"';
  const watchdog = spawn('/bin/sh', ['-c', script, String(pid), pgCtl, data, dir], { ...as, detached: true, stdio: 'ignore', cwd: '/' });
  watchdog.unref();
}

async function adminStatements(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** As root: the user the server runs as (initdb refuses root). Otherwise null: it runs as us. */
function unprivilegedOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      // no such user: try the next
    }
  }
  throw new Error('Running as root, and neither the user postgres nor nobody exists to run PostgreSQL as (initdb refuses root)');
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}
