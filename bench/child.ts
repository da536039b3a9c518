import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Benchmarks run the measured side of flowlight in a child process, so its peak RSS and CPU time
// are flowlight's own and not those of the simulator or the load generator sharing the machine.
// `npm run bench` compiles the benchmarks to dist-bench/ (tsconfig.bench.json), so children run plain
// JavaScript as `npm start` does; run from source (tsx, as the smoke tests do) they carry tsx's ~38 MB.

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
  const child: ChildProcess = fork(path.join(BENCH_DIR, `${script}${COMPILED ? '.js' : '.ts'}`), [JSON.stringify(input)], {
    cwd: PROJECT_ROOT,
    // the heap limit `npm start` runs the bot with (package.json, Dockerfile, systemd unit)
    execArgv: [...(COMPILED ? [] : ['--import', 'tsx']), '--max-old-space-size=160'],
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
