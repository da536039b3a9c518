import { createBudgetTracker } from '../src/github/budgetTracker.js';
import { createGitHub } from '../src/github/index.js';
import { pollOnce } from '../src/jobs/poll.js';
import { silentLogger } from '../src/logger.js';
import { openStore } from '../src/store/open.js';
import { childInput, tellParent } from './child.js';
import type { PollChildInput, PollChildResult } from './pollChildTypes.js';

// Child process: the real pollOnce against a real SQLite file and the simulator, once. Run alone in
// its process, its peak RSS and CPU time are the poller's, not the simulator's.

async function main(): Promise<PollChildResult> {
  const input = childInput<PollChildInput>();
  const db = await openStore(input.databaseFile);
  // Paced as main.ts paces it: the figures are those of the poller that runs.
  const budget = createBudgetTracker({ clock: () => new Date() });
  const github = createGitHub({ auth: { kind: 'none' }, apiUrl: input.apiUrl, graphqlUrl: input.graphqlUrl, logger: silentLogger, pace: budget.pacedFetch });
  const baselineRssBytes = process.resourceUsage().maxRSS * 1024;
  let peakHeapUsedBytes = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => void (peakHeapUsedBytes = Math.max(peakHeapUsedBytes, process.memoryUsage().heapUsed)), 20);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await pollOnce({ db, github, logger: silentLogger, concurrency: input.concurrency }, new Date(input.now));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  await db.destroy();
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    baselineRssBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapUsedBytes,
    changed: report.changed.length,
    unchanged: report.unchanged,
    failed: report.failed.map((f) => `${f.repo}: ${f.error}`),
  };
}

main().then(
  async (result) => {
    await tellParent(result);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`poll child failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
