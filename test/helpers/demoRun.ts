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
// creates for each test run: the first file to ask takes the folder's lock (an atomic mkdir) and runs the
// demo; the others wait for its result file, which appears whole (written aside, then renamed).

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

/** Runs `bin/flowlight.js demo …args` as a child with no terminal, NO_COLOR set, until it exits. */
export function runDemoProcess(args: string[]): Promise<Omit<DemoRun, 'databaseFile'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/flowlight.js', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The shared demo fortnight: run by the first caller of this test run, waited for by the others. */
export async function sharedDemoRun(): Promise<DemoRun> {
  const dir = path.join(inject('sharedFixturesDir'), 'demo');
  fs.mkdirSync(dir, { recursive: true });
  const resultFile = path.join(dir, 'result.json');
  const databaseFile = path.join(dir, 'demo.db');
  let owner = true;
  try {
    fs.mkdirSync(path.join(dir, 'lock'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    owner = false;
  }
  if (owner) {
    // A demo that cannot start still leaves a result, so the files waiting for it fail with the reason.
    const run = await runDemoProcess([...DEMO_ARGS, '--db', databaseFile]).catch((error: unknown) => ({ code: null, stdout: '', stderr: String(error) }));
    fs.writeFileSync(`${resultFile}.part`, JSON.stringify(run));
    fs.renameSync(`${resultFile}.part`, resultFile);
    return { ...run, databaseFile };
  }
  await fileAppears(dir, 'result.json');
  return { ...(JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Omit<DemoRun, 'databaseFile'>), databaseFile };
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
