import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowlightError } from '../../src/errors.js';
import { openStore } from '../../src/store/open.js';
import { ensureTeam, listTeamIds } from '../../src/store/teams.js';
import { BUILT_MAIN, startChild } from '../helpers/childProcess.js';
import { startMain as startFlowlight } from '../helpers/startMain.js';

// The SQLite file locked by another process, or unreadable → a clear, coded error at start
// (openStore rejects; `npm start` prints the message alone and exits 1), and no corruption: the file,
// and the other process's data, are intact afterwards.
//
// Tests run as root here, and chmod 000 does not stop root. The permission cases therefore run
// flowlight as the unprivileged user `nobody` (uid 65534) in a child process when the tests run as
// root (as another user, chmod alone is the test); where nobody cannot run node from this checkout,
// the case says so and is skipped.

const here = path.dirname(fileURLToPath(import.meta.url));
const HOLD_LOCK = path.join(here, 'fixtures/holdLock.mjs');
const MAIN = BUILT_MAIN;
const NOBODY = 65534;
/** the lock cases wait out SQLite's busy timeout: short here, the same code path as the 5 s default */
const BUSY_TIMEOUT_MS = 300;

// Root ignores file modes: as root, the permission cases run flowlight as `nobody`; where root cannot start
// node from this checkout as nobody, they cannot run here and show as skipped.
const cannotRunAsNobody = process.getuid?.() === 0
  && (await startChild(['--check', MAIN], { uid: NOBODY, gid: NOBODY, cwd: path.resolve(here, '../..'), env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() } }).exit).code !== 0;

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function openError(file: string): Promise<FlowlightError> {
  const error = await openStore(file, { busyTimeoutMs: BUSY_TIMEOUT_MS }).then(
    async (db) => {
      await db.destroy();
      return null;
    },
    (e: unknown) => e,
  );
  expect(error, `openStore(${file}) should have failed`).toBeInstanceOf(FlowlightError);
  return error as FlowlightError;
}

/** `npm start` with complete credentials and this database: what it prints and how it ends. */
async function startMain(databaseUrl: string, options: { uid?: number } = {}) {
  const child = startFlowlight({
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-sqlite-test-token', SLACK_SIGNING_SECRET: 'sqlite-test-secret', GITHUB_TOKEN: 'ghp_sqliteTestToken0000000000000000000000',
    DATABASE_URL: databaseUrl, SQLITE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS),
  }, options);
  const { code } = await child.exit;
  return { code, output: child.output() };
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/\.ts:\d+/);
}

describe('the SQLite file locked by another process', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-sqlite-'));
    file = path.join(dir, 'flowlight.db');
    const db = await openStore(file);
    await ensureTeam(db, 'C0OURS', new Date('2026-11-23T10:00:00Z'));
    await db.destroy();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['transaction', 'locking-mode'] as const)('held by %s: a coded error at start, then every row intact', async (mode) => {
    const holder = startChild([HOLD_LOCK, file, mode]);
    await holder.waitFor('locked');

    // In process, and (once) through `npm start` at the same time: each waits out SQLite's busy timeout.
    const [error, main] = await Promise.all([openError(file), mode === 'transaction' ? startMain(file) : null]);
    expect(error.code).toBe('store_locked');
    expect(error.message).toBe(`The database ${file} is locked by another process. Stop the other flowlight (or the tool holding the file) and start again, or set DATABASE_URL to another file.`);
    if (main) {
      expect(main.code).toBe(1);
      expect(main.output.trim()).toBe(error.message);
      expectNoStackTrace(main.output);
    }

    holder.write('release');
    await holder.waitFor('released');
    expect((await holder.exit).code).toBe(0);

    // No corruption: our data and the other process's (committed before and during the lock) are all there.
    const db = await openStore(file);
    expect(await listTeamIds(db)).toEqual(['C0HELD', 'C0OTHER', 'C0OURS']);
    await db.destroy();
    const raw = new SQLite(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});

describe('an unreadable SQLite file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-sqlite-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('not a database: refused with what to do, the file left exactly as it was', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'My notes, not a database.\n'.repeat(400));
    const before = sha256(file);
    const error = await openError(file);
    expect(error.code).toBe('store_unreadable');
    expect(error.message).toBe(`The file ${file} is not a flowlight SQLite database (file is not a database). Point DATABASE_URL at another path; flowlight creates a fresh database there.`);
    const main = await startMain(file);
    expect(main.code).toBe(1);
    expect(main.output.trim()).toBe(error.message);
    expectNoStackTrace(main.output);
    expect(sha256(file)).toBe(before);
  });

  it('a damaged database: refused as damaged, with how to recover, the file left as it was', async () => {
    const file = path.join(dir, 'flowlight.db');
    const db = await openStore(file);
    await ensureTeam(db, 'C0OURS', new Date('2026-11-23T10:00:00Z'));
    await db.destroy();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 4096); // every page after the first overwritten
    fs.writeFileSync(file, bytes);
    const before = sha256(file);
    const error = await openError(file);
    expect(error.code).toBe('store_unreadable');
    expect(error.message).toMatch(new RegExp(`^The database ${file} is damaged \\(database disk image is malformed\\)\\. Restore it from a backup`));
    expect(error.message).not.toMatch(/writable/);
    expect(sha256(file)).toBe(before);
  });

  it('a folder where the file should be: refused, saying it cannot be opened and what to check', async () => {
    const folder = path.join(dir, 'flowlight.db');
    fs.mkdirSync(folder);
    const error = await openError(folder);
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toBe(`Cannot open the database ${folder}: unable to open database file. Check that the folder exists and is writable, or set DATABASE_URL to a writable path.`);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('a path under a regular file: refused, naming the path', async () => {
    const blocker = path.join(dir, 'data');
    fs.writeFileSync(blocker, 'a file, not a folder');
    const error = await openError(path.join(blocker, 'flowlight.db'));
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain(`Cannot open the database ${path.join(blocker, 'flowlight.db')}`);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('a file, not a folder');
  });

  it.skipIf(cannotRunAsNobody).each([
    ['no permission at all (000)', 0o000],
    ['read-only (444)', 0o444],
  ])('%s: refused at start naming the permission, the file intact (as root: run as nobody, skipped where that cannot start)', async (_name, mode) => {
    const root = process.getuid?.() === 0;
    fs.chmodSync(dir, 0o777); // nobody may use the folder, just not the file
    const file = path.join(dir, 'flowlight.db');
    const db = await openStore(file);
    await ensureTeam(db, 'C0OURS', new Date('2026-11-23T10:00:00Z'));
    await db.destroy();
    fs.chmodSync(file, mode);
    const before = sha256(file);

    const main = await startMain(file, root ? { uid: NOBODY } : {});
    expect(main.code).toBe(1);
    expect(main.output.trim()).toBe(`flowlight cannot read and write the database ${file} (permission denied). Give the user running flowlight read and write access to it and its folder, or set DATABASE_URL to another path.`);
    expectNoStackTrace(main.output);
    expect(sha256(file)).toBe(before);
  });
});
