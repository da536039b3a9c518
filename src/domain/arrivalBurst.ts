// The most PRs that entered the review queue within one hour of each other in the trailing window.
// Work does not arrive one PR at a time: a team that held changes back while red opens them
// together, and so do people who finish a batch before a meeting. A level that many PRs away can
// be crossed at any moment, whatever the average rates say (the forecast's range then starts now).

import type { QueueTransition } from './types.js';

export const BURST_MINUTES = 60;

export function largestArrivalBurst(transitions: readonly QueueTransition[], windowStart: Date, now: Date): number {
  const start = windowStart.getTime();
  const end = now.getTime();
  const arrivals = transitions
    .filter((transition) => transition.kind === 'entered' && transition.at.getTime() >= start && transition.at.getTime() <= end)
    .map((transition) => transition.at.getTime())
    .sort((a, b) => a - b);
  let largest = 0;
  let first = 0;
  for (let last = 0; last < arrivals.length; last += 1) {
    while (arrivals[last]! - arrivals[first]! > BURST_MINUTES * 60_000) first += 1;
    largest = Math.max(largest, last - first + 1);
  }
  return largest;
}
