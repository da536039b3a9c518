import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Benchmarks run the measured side of flowlight in a child process, so its peak RSS and CPU time
// are flowlight's own and not those of the simulator or the load generator sharing the machine.
// `npm run bench` compiles the benchmarks to dist-bench/ (tsconfig.bench.json), so children run plain
// JavaScript as `npm start` does. Run from source (the smoke tests), each child script is bundled once
// per process with esbuild into plain JavaScript (flowlight's modules in one file, packages loaded from
// node_modules as usual): through tsx every child compiled each of its 90 to 180 modules again and carried
// tsx's ~38 MB.

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const COMPILED = path.basename(path.dirname(BENCH_DIR)) === 'dist-bench';
export const PROJECT_ROOT = path.resolve(BENCH_DIR, COMPILED ? '../..' : '..');

export interface ChildHandle {
  /** the next message the child sends (in order) */
  receive<T>(): Promise<T>;
  send(message: unknown): void;
  /** resolves with the exit code once the child has ended */
  exited: Promise<number | null>;
  kill(): void;
}

/** Starts bench/<script> (a name without extension) with `input` as its argument (JSON), connected over IPC. */
export function startChild(script: string, input: unknown): ChildHandle {
  const entry = COMPILED ? { file: path.join(BENCH_DIR, `${script}.js`), remove: () => {} } : bundledFromSource(script);
  const child: ChildProcess = fork(entry.file, [JSON.stringify(input)], {
    cwd: PROJECT_ROOT,
    // the heap limit `npm start` runs the bot with (package.json, Dockerfile, systemd unit)
    execArgv: ['--max-old-space-size=160'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: unknown[] = [];
  const waiting: Array<{ resolve: (m: unknown) => void; reject: (e: Error) => void }> = [];
  let ended: Error | null = null;

  child.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else inbox.push(message);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      entry.remove();
      ended = new Error(`bench child ${script} ended (exit code ${String(code)}) before answering; see its output above`);
      for (const waiter of waiting.splice(0)) waiter.reject(ended);
      resolve(code);
    });
  });

  return {
    receive<T>() {
      if (inbox.length > 0) return Promise.resolve(inbox.shift() as T);
      if (ended) return Promise.reject(ended);
      return new Promise<T>((resolve, reject) => waiting.push({ resolve: resolve as (m: unknown) => void, reject }));
    },
    send(message) {
      child.send(message as object);
    },
    exited,
    kill() {
      child.kill();
    },
  };
}

const bundles = new Map<string, Uint8Array>();

/**
 * bench/<script>.ts and the flowlight modules it imports as one JavaScript file (built once per process),
 * written for one child under node_modules/.cache, so that the packages it imports resolve as they do
 * for the sources; `remove` deletes it once that child has ended.
 */
function bundledFromSource(script: string): { file: string; remove(): void } {
  let code = bundles.get(script);
  if (!code) {
    // Loaded here, not at the top: the children import this file too, and never bundle.
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const built = buildSync({ entryPoints: [path.join(BENCH_DIR, `${script}.ts`)], write: false, outfile: `${script}.mjs`, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
    code = built.outputFiles[0]!.contents;
    bundles.set(script, code);
  }
  const cache = path.join(PROJECT_ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, `flowlight-bench-${script}-`));
  const file = path.join(dir, `${script}.mjs`);
  fs.writeFileSync(file, code);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Inside a child: the input given to startChild. */
export function childInput<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('bench child started without its input; start it with startChild()');
  return JSON.parse(raw) as T;
}

/** Inside a child: sends a message to the parent and waits until it is on its way. */
export function tellParent(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('bench child has no IPC channel; start it with startChild()'));
    process.send(message as object, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}
