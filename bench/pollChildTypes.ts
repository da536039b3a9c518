// What the parent and the poll child (bench/pollChild.ts) say to each other.

export interface PollChildInput {
  databaseFile: string;
  apiUrl: string;
  graphqlUrl: string;
  /** ISO time the poll runs at */
  now: string;
  concurrency: number;
}

export interface PollChildResult {
  wallMs: number;
  /** the poller's own CPU time (user + system) during the poll */
  cpuMs: number;
  /** the process's peak RSS before the poll: Node, tsx, the modules and the open store */
  baselineRssBytes: number;
  /** the process's peak RSS over its whole life, the poll included */
  peakRssBytes: number;
  /** the most JavaScript heap in use seen during the poll, sampled every 20 ms */
  peakHeapUsedBytes: number;
  changed: number;
  unchanged: number;
  failed: string[];
}
