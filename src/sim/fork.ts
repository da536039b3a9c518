import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest, ChildSimulatorOptions, ChildWorld } from './childProtocol.js';
import type { FailureRule } from './failures.js';
import type { SimStats } from './server.js';

// The simulator in its own process, so a benchmark's memory and CPU figures are the bot's own,
// not the bot's plus a GitHub's (GitHub's schema alone is ~45 MB of heap).

export interface RemoteSimulator {
  url: string;
  graphqlUrl: string;
  ghes: { url: string; graphqlUrl: string };
  pid: number;
  stats(): Promise<SimStats>;
  resetStats(): Promise<void>;
  inject(rule: FailureRule): Promise<void>;
  clearFailures(): Promise<void>;
  /** changes the given repositories (a review comment on their first open PR), as of `at` */
  touch(repos: string[], at?: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * The child's entry file: `sim/childMain.ts` (under tsx) or `sim/childMain.js` in the nearest folder above this
 * module that holds one. This code runs from src/sim/fork.ts (tsx, vitest), from tsc's dist/sim/fork.js, and from
 * the bundle, where it sits in dist/cli.js or a chunk in dist/chunks/ and scripts/bundle.mjs builds the child as
 * its own entry at dist/sim/childMain.js; `./childMain.js` beside import.meta.url finds only the first two.
 * Looking upwards finds all three without a path fixed at build time, whatever chunk esbuild puts this code in.
 */
function childEntry(): { entry: string; fromSource: boolean } {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fromSource ? 'childMain.ts' : 'childMain.js';
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    const entry = path.join(dir, 'sim', file);
    if (fs.existsSync(entry)) return { entry, fromSource };
    if (path.dirname(dir) === dir) throw new Error(`the simulator's child process sim/${file} is missing in ${here} and the folders above it: run npm run build`);
  }
}

type Request = ChildRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export async function forkSimulator(world: ChildWorld, options: ChildSimulatorOptions = {}): Promise<RemoteSimulator> {
  const { entry, fromSource } = childEntry();
  const child: ChildProcess = fork(entry, [], { execArgv: fromSource ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (raw) => {
    const reply = raw as ChildReply;
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(`simulator: ${reply.error}`));
  });
  child.on('exit', (code) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`the simulator process exited (${code})`));
    waiting.clear();
  });
  const call = <T>(request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id } as ChildRequest);
    });

  const started = await call<{ url: string; graphqlUrl: string; ghes: { url: string; graphqlUrl: string } }>({ op: 'start', world, options });
  return {
    ...started,
    pid: child.pid ?? -1,
    stats: () => call<SimStats>({ op: 'stats' }),
    resetStats: () => call({ op: 'resetStats' }),
    inject: (rule) => call({ op: 'inject', rule }),
    clearFailures: () => call({ op: 'clearFailures' }),
    touch: (repos, at = new Date()) => call({ op: 'touch', repos, at: at.toISOString() }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call({ op: 'close' }).catch(() => undefined);
      child.kill();
      await exited;
    },
  };
}
