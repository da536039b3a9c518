import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from './prod/support/npmStart.js';

// Tests that run flowlight as users do (npm start, bin/flowlight, the demo) run the compiled dist/:
// build it once before them when the source changed since the last build, so they test this source.
// Fixtures several test files share (the demo fortnight, test/helpers/demoRun.ts) live in a folder
// made fresh for each test run and removed after it.
export default function setup(project: TestProject): () => void {
  ensureBuilt();
  const sharedFixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-test-run-'));
  project.provide('sharedFixturesDir', sharedFixturesDir);
  return () => fs.rmSync(sharedFixturesDir, { recursive: true, force: true });
}
