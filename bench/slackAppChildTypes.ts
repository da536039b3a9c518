// What the parent and the Slack app child (bench/slackAppChild.ts) say to each other.

export interface SlackAppChildInput {
  databaseFile: string;
  slackApiUrl: string;
  signingSecret: string;
  /** the app's clock, fixed: the fixture's "now" */
  now: string;
  pollIntervalMs: number;
}

export type ToSlackAppChild = { kind: 'memory' } | { kind: 'stop' };

export interface ChildMemory {
  kind: 'memory';
  rssBytes: number;
  /** the process's peak RSS so far */
  peakRssBytes: number;
  heapUsedBytes: number;
  /** the largest V8 heap (heapTotal) seen, sampled every 20 ms: how much of the RSS is JavaScript heap */
  peakHeapTotalBytes: number;
  /** the most JavaScript heap in use seen, sampled every 20 ms (live data plus garbage not yet collected) */
  peakHeapUsedBytes: number;
  /** JavaScript heap still live after a full collection (what the app keeps: caches, the shared view) */
  liveHeapBytes: number;
}

export type FromSlackAppChild = { kind: 'ready'; port: number } | ChildMemory;
