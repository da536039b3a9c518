import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitForOutput } from '../../helpers/childProcess.js';

// `npm start` as an operator runs it: in a folder of its own holding package.json, the build and a
// `.env`, with nothing else in the environment. The child leads its own process group, so a test can
// tell whether anything of it is left once npm has exited.

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Builds dist/ when a source file or the bundle script is newer than the last build (npm install builds it through `prepare`). */
export function ensureBuilt(): void {
  const stamp = path.join(ROOT, 'dist', '.tsbuildinfo');
  const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const newest = (dir: string): number =>
    Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
  if (Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'scripts'))) > builtAt || !fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    // tsc leaves the stamp alone when no output changed: mark this source as built.
    const now = new Date();
    fs.utimesSync(stamp, now, now);
  }
}

/** A deployment folder: package.json copied, dist/ and node_modules/ linked, and this `.env` (when given). */
export function deploymentFolder(dotEnv?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-deploy-'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (dotEnv !== undefined) fs.writeFileSync(path.join(dir, '.env'), dotEnv);
  return dir;
}

export interface NpmStart {
  pid: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** a signal to npm alone (what `kill PID`, docker stop or systemd send to the main process) */
  signal(signal: NodeJS.Signals): void;
  /** a signal to every process of the group (what Ctrl-C in a terminal does) */
  signalGroup(signal: NodeJS.Signals): void;
  /** processes of npm's group still alive */
  groupAlive(): boolean;
  /** SIGKILLs whatever of the group is left (cleanup after a failed test) */
  killGroup(): void;
}

/** `npm start` in `cwd` with exactly `env` (plus PATH and HOME): no variable leaks in from the test's environment. */
export function npmStart(cwd: string, env: Record<string, string> = {}): NpmStart {
  return startInGroup('npm', ['start'], cwd, env, 'npm start');
}

/**
 * The bot started without npm, as the Dockerfile's CMD and the systemd unit run it (`node dist/main.js` in
 * the folder, where it reads `.env` itself): for the cases about the bot rather than about npm, since npm
 * costs a start of its own. Same handle as npmStart; its pid is node's.
 */
export function nodeStart(cwd: string, env: Record<string, string> = {}): NpmStart {
  return startInGroup(process.execPath, ['--max-old-space-size=160', 'dist/main.js'], cwd, env, 'node dist/main.js');
}

function startInGroup(command: string, args: string[], cwd: string, env: Record<string, string>, who: string): NpmStart {
  const child = spawn(command, args, {
    cwd,
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  let output = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    waiters.forEach((w) => w());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    pid,
    exit,
    output: () => output,
    signal: (signal) => process.kill(pid, signal),
    signalGroup: (signal) => process.kill(-pid, signal),
    groupAlive,
    killGroup: () => {
      if (groupAlive()) process.kill(-pid, 'SIGKILL');
    },
    waitFor: (text, timeoutMs = 30_000) => waitForOutput({ output: () => output, waiters, exit, who }, text, timeoutMs),
  };
}

/** Resolves once no process of the group is left; rejects after timeoutMs with the ones still there. */
export async function groupGone(start: NpmStart, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (start.groupAlive()) {
    if (Date.now() > deadline) {
      const left = execFileSync('ps', ['-e', '-o', 'pgid=,pid=,args=']).toString().split('\n').filter((line) => line.trim().split(/\s+/)[0] === String(start.pid)).join('\n');
      throw new Error(`processes of npm start's group still running ${timeoutMs} ms after it was told to stop:\n${left}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
