import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { DemoReadersLast } from './test/demoReadersLast.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // builds dist/ when src/ changed: process tests start the compiled build
    globalSetup: ['test/globalSetup.ts'],
    // better-sqlite3 and loopback servers are happiest in forked processes.
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: a single file at a time on 2 cores. Most
    // slow files wait on child processes and loopback servers rather than compute, so one worker
    // per core keeps both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism()),
    // A worker runs its files one after another in the same process, importing Bolt, Octokit, kysely and
    // the GitHub schema once rather than once per file: that import was about half of a worker's CPU time.
    // Safe because no test mocks modules, fakes timers or changes process.env, and src keeps no state
    // between calls beyond pure memo caches (the caches it needs are objects main.ts builds and passes in).
    isolate: false,
    // The files that read the shared demo fortnight run last, once the demo globalSetup started is done.
    sequence: { sequencer: DemoReadersLast },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
