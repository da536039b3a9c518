import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // builds dist/ when src/ changed: process tests start the compiled build
    globalSetup: ['test/globalSetup.ts'],
    // better-sqlite3 and loopback servers are happiest in forked processes.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
