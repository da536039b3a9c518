import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCLI, type TestProject } from 'vitest/node';
import { DEMO_READERS, runSharedDemoOnce } from './helpers/demoRun.js';
import { ensureBuilt } from './prod/support/npmStart.js';

// Tests that run flowlight as users do (npm start, bin/flowlight, the demo) run the compiled dist/:
// build it once before them when the source changed since the last build, so they test this source.
// Fixtures several test files share live in a folder made fresh for each test run and removed after it.
// The demo fortnight (test/helpers/demoRun.ts) starts here, beside the first test files, when the run
// includes a file that reads it; those files run last (test/demoReadersLast.ts), so none sits waiting.
export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  ensureBuilt();
  // vitest runs the root config's global setup for the root and again for each project that inherits it
  // (`sqlite`). Only a project runs test files: the root started a second, unread demo fortnight (20 s of CPU).
  if (project.isRootProject()) return undefined;
  const sharedFixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-test-run-'));
  project.provide('sharedFixturesDir', sharedFixturesDir);
  const stopDemo = new AbortController();
  // Only for a project whose files include them (a project of store tests alone never reads the demo).
  const readers = DEMO_READERS.filter((file) => project.matchesTestGlob(path.join(project.config.root, file)));
  const demo = readers.length > 0 && runIncludes(readers) ? runSharedDemoOnce(sharedFixturesDir, stopDemo.signal) : Promise.resolve(null);
  return async () => {
    stopDemo.abort(); // a run stopped early (a failure with --bail, Ctrl-C) leaves no demo running
    await demo;
    fs.rmSync(sharedFixturesDir, { recursive: true, force: true });
  };
}

/** Whether vitest was asked for any of `files`: every file without filters (npm test), else those whose path contains one. */
function runIncludes(files: readonly string[]): boolean {
  let filter: string[];
  try {
    ({ filter } = parseCLI(['vitest', ...process.argv.slice(2)]));
  } catch {
    return false; // a command line it cannot read: the first file that reads the demo starts it
  }
  return filter.length === 0 || filter.some((pattern) => files.some((file) => file.includes(pattern.replace(/^\.\//, ''))));
}
