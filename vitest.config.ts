import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { DemoReadersLast } from './test/demoReadersLast.js';
import { findPostgresBin } from './test/helpers/pgCluster.js';

// Two projects: every test on SQLite (the default store), and the store, job and reliability tests
// again on a throwaway PostgreSQL cluster that test/postgresSetup.ts starts and stops. Tests about
// SQLite files, about the process (start, crash, restart: test/postgres/npmStart.test.ts starts the
// real process on PostgreSQL once) or that open no store prove nothing new about the database and run
// once, on SQLite. Where PostgreSQL's server binaries are missing, the postgres project keeps
// only test/postgres/, whose tests say they were skipped and why.
const POSTGRES_ONLY = ['test/postgres/**/*.test.ts'];
const ON_BOTH = ['test/store/**/*.test.ts', 'test/jobs/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/replicas/**/*.test.ts'];
const SQLITE_OR_PROCESS = [
  'test/reliability/sqlite.test.ts', // SQLite files: locks, permissions, damage
  'test/reliability/crash.test.ts', // kill -9 of the real process on a SQLite file
  'test/reliability/restarts.test.ts',
  'test/jobs/main.test.ts',
  'test/jobs/outboxRestart.test.ts',
  'test/jobs/processLiveness.test.ts',
  // no store at all (pure builders and codecs), or a migration replayed on a raw SQLite file
  'test/store/factsCodec.test.ts',
  'test/jobs/blocks.test.ts',
  'test/store/outboxParkCauses.test.ts',
  'test/store/sqliteStatementCache.test.ts', // SQLite's prepared statements, on an in-memory file
];
const postgresInstalled = findPostgresBin() !== null;

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: POSTGRES_ONLY } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: postgresInstalled ? [...POSTGRES_ONLY, ...ON_BOTH] : POSTGRES_ONLY,
          exclude: SQLITE_OR_PROCESS,
          env: { FLOWLIGHT_TEST_DATABASE: 'postgres' },
          globalSetup: ['test/postgresSetup.ts'],
        },
      },
    ],
  },
});
