import { performance } from 'node:perf_hooks';
import { pollSucceeded } from '../domain/health.js';
import type { PollReport } from '../jobs/poll.js';
import type { HealthMonitor } from './health.js';
import type { FlowlightMetrics } from './metrics.js';

/**
 * Runs one poll cycle (read, evaluate, prepare views) and tells the health monitor and the metrics
 * how it went: how long it took, and whether it read GitHub. A thrown error is recorded and rethrown.
 */
export async function observePoll(ops: { health: HealthMonitor; metrics: FlowlightMetrics }, startedAt: Date, cycle: () => Promise<PollReport>): Promise<PollReport> {
  const begin = performance.now();
  try {
    const report = await cycle();
    ops.health.recordPoll(startedAt, { report });
    ops.metrics.pollFinished((performance.now() - begin) / 1000, pollSucceeded(report) ? 'succeeded' : 'failed');
    return report;
  } catch (error) {
    ops.health.recordPoll(startedAt, { error: error instanceof Error ? error.message : String(error) });
    ops.metrics.pollFinished((performance.now() - begin) / 1000, 'failed');
    throw error;
  }
}
