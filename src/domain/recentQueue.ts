// How small and how large the review queue has been over a recent window, rebuilt from the PRs'
// queue histories. The light uses it as a persistence filter: it rises to yellow only on a level
// the queue has held for the whole window (a PR that arrives and is taken ten minutes later is no
// reason to change the light), and comes down only once the queue has stayed under the exit level
// for the whole window (a queue that emptied for a moment is not a cleared queue).
//
// Lines are each PR's changed lines as they are now (the facts keep no history of sizes).

import { queueHistory } from './queueHistory.js';
import { changedLines } from './reviews.js';
import type { PullRequestFacts } from './types.js';

/** The persistence window: long enough to outlast a PR taken soon after it arrives, short enough to say a real rise the same hour. */
export const PERSISTENCE_MINUTES = 60;

export interface QueueRange {
  fewestAwaiting: number;
  mostAwaiting: number;
  fewestLines: number;
  mostLines: number;
}

/**
 * The range of the awaiting-review count and its changed lines over [now - windowMinutes, now].
 * `current` (the count and lines classified now) is always inside the range, so the range never
 * contradicts what the rules see now.
 */
export function recentQueueRange(
  history: readonly PullRequestFacts[],
  skipLabels: readonly string[],
  now: Date,
  windowMinutes: number,
  current: { awaiting: number; lines: number },
): QueueRange {
  const end = now.getTime();
  const start = end - windowMinutes * 60_000;
  let awaiting = 0;
  let lines = 0;
  const changes: Array<{ at: number; count: number; lines: number }> = [];
  for (const facts of history) {
    const size = changedLines(facts);
    for (const transition of queueHistory(facts, skipLabels)) {
      const at = transition.at.getTime();
      if (at > end) continue;
      const sign = transition.kind === 'entered' ? 1 : -1;
      if (at <= start) {
        awaiting += sign;
        lines += sign * size;
      } else changes.push({ at, count: sign, lines: sign * size });
    }
  }
  changes.sort((a, b) => a.at - b.at || a.count - b.count);
  const range: QueueRange = { fewestAwaiting: current.awaiting, mostAwaiting: current.awaiting, fewestLines: current.lines, mostLines: current.lines };
  const include = () => {
    range.fewestAwaiting = Math.min(range.fewestAwaiting, awaiting);
    range.mostAwaiting = Math.max(range.mostAwaiting, awaiting);
    range.fewestLines = Math.min(range.fewestLines, lines);
    range.mostLines = Math.max(range.mostLines, lines);
  };
  include();
  for (const change of changes) {
    awaiting += change.count;
    lines += change.lines;
    include();
  }
  return range;
}
