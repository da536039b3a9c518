import type { ReplayResult } from '../domain/replay.js';
import { renderQueueChart, type QueueChartInput } from './queueChart.js';

// A replay as a chart: its daily rows, and the queue-per-reviewer levels turned into queue lengths
// for the reviewers the replay divided by (a rule that is off draws no line).

export function replayChartInput(result: Pick<ReplayResult, 'daily' | 'settings' | 'reviewers'>, title: string): QueueChartInput {
  const rule = result.settings.rules.queue_per_reviewer;
  const level = (value: number) => (rule.enabled ? Math.round(value * result.reviewers * 10) / 10 : null);
  return { title, days: result.daily, thresholds: { yellow: level(rule.yellow), red: level(rule.red) } };
}

export function renderReplayChart(result: Pick<ReplayResult, 'daily' | 'settings' | 'reviewers'>, title: string): Promise<Buffer> {
  return renderQueueChart(replayChartInput(result, title));
}
