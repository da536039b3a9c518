import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { ROOT } from './childProcess.js';

// The demo fortnight as a user runs it (`flowlight demo --speed 10000`, the compiled CLI, no terminal, the
// default seed), run ONCE per test run and read by every test file that needs it: its transcript, its exit
// code and the SQLite file the bot stored. A full demo costs tens of seconds of CPU; three files ran their own.
//
// Test files run in separate worker processes, so they share the run through a folder test/globalSetup.ts
// creates for each test run. Whoever comes first takes the folder's lock (an atomic mkdir) and runs the
// demo: test/globalSetup.ts itself when the run includes a file that reads it (so it runs beside the first
// test files and no worker sits waiting for it), else the first such file; the others wait for its result
// file, which appears whole (written aside, then renamed).

declare module 'vitest' {
  export interface ProvidedContext {
    /** a fresh folder per test run, removed after it, for fixtures test files share (test/globalSetup.ts) */
    sharedFixturesDir: string;
  }
}

export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the SQLite file the demo's bot wrote: copy it (copyDemoDatabase) rather than open it, other files read it too */
  databaseFile: string;
}

export const DEMO_ARGS = ['demo', '--speed', '10000'] as const;

/** The test files that read the shared demo, as paths under the project. */
export const DEMO_READERS = ['test/demo/demo.test.ts', 'test/demo/replayEqualsDemo.test.ts', 'test/bench/demoForecast.test.ts'] as const;

/** Runs `bin/flowlight.js demo …args` as a child with no terminal, NO_COLOR set, until it exits (or `signal` stops it). */
export function runDemoProcess(args: string[], signal?: AbortSignal): Promise<Omit<DemoRun, 'databaseFile'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/flowlight.js', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, ...(signal ? { signal } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the shared demo into `sharedFixturesDir` unless someone already took the lock: resolves with the run
 * once its result file is written, or null at once when another process runs it.
 */
export async function runSharedDemoOnce(sharedFixturesDir: string, signal?: AbortSignal): Promise<DemoRun | null> {
  const dir = path.join(sharedFixturesDir, 'demo');
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.mkdirSync(path.join(dir, 'lock'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  const databaseFile = path.join(dir, 'demo.db');
  const resultFile = path.join(dir, 'result.json');
  // A demo that cannot start still leaves a result, so the files waiting for it fail with the reason.
  const run = await runDemoProcess([...DEMO_ARGS, '--db', databaseFile], signal).catch((error: unknown) => ({ code: null, stdout: '', stderr: String(error) }));
  fs.writeFileSync(`${resultFile}.part`, JSON.stringify(run));
  fs.renameSync(`${resultFile}.part`, resultFile);
  return { ...run, databaseFile };
}

/** The shared demo fortnight: run by whoever came first in this test run, waited for by the others. */
export async function sharedDemoRun(): Promise<DemoRun> {
  const sharedFixturesDir = inject('sharedFixturesDir');
  const mine = await runSharedDemoOnce(sharedFixturesDir);
  if (mine) return mine;
  const dir = path.join(sharedFixturesDir, 'demo');
  await fileAppears(dir, 'result.json');
  return { ...(JSON.parse(fs.readFileSync(path.join(dir, 'result.json'), 'utf8')) as Omit<DemoRun, 'databaseFile'>), databaseFile: path.join(dir, 'demo.db') };
}

/** A private copy of the demo's database (with its WAL, if any) in `folder`, to open and write freely. */
export function copyDemoDatabase(run: DemoRun, folder: string): string {
  const copy = path.join(folder, 'demo.db');
  for (const suffix of ['', '-wal']) {
    if (fs.existsSync(`${run.databaseFile}${suffix}`)) fs.copyFileSync(`${run.databaseFile}${suffix}`, `${copy}${suffix}`);
  }
  return copy;
}

/** Resolves once `dir/name` exists, on file-system events rather than a polling sleep. */
function fileAppears(dir: string, name: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(dir, () => check());
    const check = () => {
      if (!fs.existsSync(path.join(dir, name))) return;
      watcher.close();
      resolve();
    };
    check();
  });
}
