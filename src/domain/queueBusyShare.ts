// The share of the trailing window's business time during which at least one PR was awaiting
// review. Throughput alone mixes the hours a team reviews with the hours nothing waits: a team
// that picks up every review at once has a low throughput when little arrives, yet reviews fast
// whenever something does wait. Throughput ÷ this share is its pace *while something waits*, the
// rate a growing queue meets (the forecast's random walk, forecast.ts).

import { businessHoursBetween } from './businessHours.js';
import type { QueueTransition, WorkingHours } from './types.js';

/**
 * `transitions`: every queue transition known (any time; those before the window give the queue
 * it started with). 1 when the window has no business time.
 */
export function queueBusyShare(transitions: readonly QueueTransition[], windowStart: Date, now: Date, hours: WorkingHours): number {
  const start = windowStart.getTime();
  const end = now.getTime();
  const total = businessHoursBetween(windowStart, now, hours);
  if (total <= 0) return 1;
  let waiting = 0;
  const inWindow: Array<{ at: number; step: number }> = [];
  for (const transition of transitions) {
    const at = transition.at.getTime();
    if (at > end) continue;
    const step = transition.kind === 'entered' ? 1 : -1;
    if (at <= start) waiting += step;
    else inWindow.push({ at, step });
  }
  inWindow.sort((a, b) => a.at - b.at || b.step - a.step);
  let busy = 0;
  let from = start;
  for (const change of inWindow) {
    if (waiting > 0 && change.at > from) busy += businessHoursBetween(new Date(from), new Date(change.at), hours);
    waiting += change.step;
    from = change.at;
  }
  if (waiting > 0 && end > from) busy += businessHoursBetween(new Date(from), now, hours);
  return Math.min(1, busy / total);
}
