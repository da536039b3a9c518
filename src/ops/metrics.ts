import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BudgetLane, GitHubBudgetView } from '../domain/githubBudget.js';
import { DEFAULT_SETTINGS } from '../domain/settings.js';
import { findStaleRepos } from '../domain/staleness.js';
import type { Light } from '../domain/types.js';
import { listRepoHealth } from '../store/cursors.js';
import { countOutboxByStatus, listTeamLights, oldestUndeliveredAt } from '../store/health.js';
import type { Db } from '../store/open.js';
import { listAllWatchedRepos } from '../store/watchedRepos.js';

// flowlight's Prometheus metrics, on a Registry the composition root builds and passes in (no
// global default registry). Counters and histograms are fed by the jobs as things happen; what the
// store already knows (lights, outbox, repositories) is read at scrape time, so it is never stale.
// Every metric is listed with its meaning in the README ("Health and metrics").

export type RepositoryReadOutcome = 'changed' | 'unchanged' | 'failed' | 'waiting';
export type PollOutcome = 'succeeded' | 'failed';
export type DeliveryOutcome = 'sent' | 'reconciled' | 'retried' | 'parked';

export interface RateLimitReading {
  resource: string;
  limit: number;
  remaining: number;
  used: number;
  /** epoch seconds when the window resets */
  reset: number;
}

export interface FlowlightMetrics {
  registry: Registry;
  pollFinished(seconds: number, outcome: PollOutcome): void;
  repositoryRead(repo: string, outcome: RepositoryReadOutcome): void;
  rateLimitSeen(reading: RateLimitReading): void;
  deliveryRun(report: Record<DeliveryOutcome, number>): void;
  flowAnswered(subcommand: string, seconds: number): void;
  /** secondary-limit points a request to GitHub spent (the budget tracker tells) */
  githubPointsSpent(kind: BudgetLane, points: number): void;
}

export interface MetricsSources {
  db: Db;
  clock: () => Date;
  pollIntervalMs: number;
  slackConnected: () => boolean;
  lastSuccessfulPollAt: () => Date | null;
  /** the budget tracker's view, for the points spent this minute (absent: that gauge stays empty) */
  githubBudget?: () => GitHubBudgetView;
  /** whether this process runs the leader's jobs (absent: it does, as the only process on SQLite) */
  isLeader?: () => boolean;
}

const LIGHTS: readonly Light[] = ['green', 'yellow', 'red', 'grey'];
const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'parked'] as const;

export function createMetrics(registry: Registry, sources: MetricsSources): FlowlightMetrics {
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const pollDuration = new Histogram({
    name: 'flowlight_poll_duration_seconds',
    help: 'Duration of one poll cycle (read GitHub, save, evaluate every team), by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  const repositoryReads = new Counter({
    name: 'flowlight_repository_reads_total',
    help: 'Repository reads by outcome: changed, unchanged (304), failed, waiting (rate limited, not read)',
    labelNames: ['repo', 'outcome'] as const,
    registers,
  });
  const rateLimitRemaining = new Gauge({
    name: 'flowlight_github_rate_limit_remaining',
    help: 'GitHub rate-limit points left in the current window, from the last answer, by resource (core, graphql)',
    labelNames: ['resource'] as const,
    registers,
  });
  const rateLimitLimit = new Gauge({
    name: 'flowlight_github_rate_limit_limit',
    help: 'GitHub rate-limit points per window, by resource',
    labelNames: ['resource'] as const,
    registers,
  });
  const rateLimitReset = new Gauge({
    name: 'flowlight_github_rate_limit_reset_timestamp_seconds',
    help: 'When the current GitHub rate-limit window resets (Unix time), by resource',
    labelNames: ['resource'] as const,
    registers,
  });
  const rateLimitSpent = new Counter({
    name: 'flowlight_github_rate_limit_points_spent_total',
    help: 'GitHub rate-limit points this process spent, from the growth of x-ratelimit-used, by resource',
    labelNames: ['resource'] as const,
    registers,
  });
  const githubPoints = new Counter({
    name: 'flowlight_github_points_used_total',
    help: 'Secondary-limit points spent on GitHub by kind: rest (a read 1, a write 5) and graphql (a query 1, a mutation 5)',
    labelNames: ['kind'] as const,
    registers,
  });
  for (const kind of ['rest', 'graphql'] as const) githubPoints.inc({ kind }, 0);
  new Gauge({
    name: 'flowlight_github_points_this_minute',
    help: 'Secondary-limit points spent on GitHub in the last minute, by kind (GitHub allows 900 rest and 2,000 graphql)',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const budget = sources.githubBudget?.();
      if (!budget) return;
      for (const kind of ['rest', 'graphql'] as const) this.set({ kind }, budget.thisMinute[kind]);
    },
  });
  const deliveries = new Counter({
    name: 'flowlight_outbox_deliveries_total',
    help: 'Outbox delivery attempts by outcome: sent, reconciled (found already posted), retried (failed, will retry), parked (gave up)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const flowLatency = new Histogram({
    name: 'flowlight_flow_command_duration_seconds',
    help: 'Time from receiving /flow to its answer being posted, by subcommand',
    labelNames: ['subcommand'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers,
  });

  new Gauge({
    name: 'flowlight_team_light',
    help: 'The light of each team (channel): 1 for its current light, 0 for the others',
    labelNames: ['team', 'light'] as const,
    registers,
    async collect() {
      const rows = await quietly(() => listTeamLights(sources.db));
      if (!rows) return;
      this.reset();
      for (const { teamId, light } of rows) for (const l of LIGHTS) this.set({ team: teamId, light: l }, light === l ? 1 : 0);
    },
  });
  new Gauge({
    name: 'flowlight_outbox_messages',
    help: 'Outbox messages by status: pending and sending are the backlog, parked ones failed for good',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const rows = await quietly(() => countOutboxByStatus(sources.db));
      if (!rows) return;
      for (const status of OUTBOX_STATUSES) this.set({ status }, rows.find((r) => r.status === status)?.count ?? 0);
    },
  });
  new Gauge({
    name: 'flowlight_outbox_oldest_undelivered_age_seconds',
    help: 'How long the oldest message still waiting for delivery has waited; 0 when none waits',
    registers,
    async collect() {
      const oldest = await quietly(() => oldestUndeliveredAt(sources.db));
      if (oldest === undefined) return;
      this.set(oldest ? Math.max(0, (sources.clock().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'flowlight_repositories',
    help: `Watched repositories: all (watched), failing (the last read failed), stale (no successful read for ${DEFAULT_SETTINGS.staleAfterPolls} poll intervals, the default at which a team turns grey)`,
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const health = await quietly(async () => listRepoHealth(sources.db, await listAllWatchedRepos(sources.db)));
      if (!health) return;
      const now = sources.clock();
      this.set({ state: 'watched' }, health.length);
      this.set({ state: 'failing' }, health.filter((h) => h.lastError !== null).length);
      this.set({ state: 'stale' }, findStaleRepos(health, now, sources.pollIntervalMs, DEFAULT_SETTINGS.staleAfterPolls).length);
    },
  });
  // Each metric reads for itself: the registry collects them all at once.
  new Gauge({
    name: 'flowlight_repository_last_success_timestamp_seconds',
    help: 'When each watched repository was last read successfully (Unix time); absent when never',
    labelNames: ['repo'] as const,
    registers,
    async collect() {
      const health = await quietly(async () => listRepoHealth(sources.db, await listAllWatchedRepos(sources.db)));
      if (!health) return;
      this.reset();
      for (const h of health) if (h.lastSuccessAt) this.set({ repo: h.repo }, h.lastSuccessAt.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'flowlight_last_successful_poll_timestamp_seconds',
    help: 'When the last poll that read GitHub successfully started (Unix time); 0 before the first',
    registers,
    collect() {
      this.set((sources.lastSuccessfulPollAt()?.getTime() ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'flowlight_leader',
    help: '1 on the replica that runs the poll, the evaluation, the delivery and the digests (the leader; the only process on SQLite), 0 on the others',
    registers,
    collect() {
      this.set((sources.isLeader?.() ?? true) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'flowlight_slack_connected',
    help: '1 while connected to Slack (Socket Mode: the WebSocket is open; HTTP mode: the app started with a valid token)',
    registers,
    collect() {
      this.set(sources.slackConnected() ? 1 : 0);
    },
  });

  // Points spent: the growth of x-ratelimit-used within a window (answers may arrive out of order, so
  // only a new maximum counts); a new window counts its whole `used`. Points spent before this
  // process's first answer in a window are not counted.
  const windows = new Map<string, { reset: number; used: number }>();

  return {
    registry,
    pollFinished: (seconds, outcome) => pollDuration.observe({ outcome }, seconds),
    repositoryRead: (repo, outcome) => repositoryReads.inc({ repo, outcome }),
    rateLimitSeen(reading) {
      const resource = reading.resource;
      rateLimitRemaining.set({ resource }, reading.remaining);
      rateLimitLimit.set({ resource }, reading.limit);
      rateLimitReset.set({ resource }, reading.reset);
      const window = windows.get(resource);
      if (!window) {
        windows.set(resource, { reset: reading.reset, used: reading.used });
        rateLimitSpent.inc({ resource }, 0);
      } else if (reading.reset > window.reset) {
        windows.set(resource, { reset: reading.reset, used: reading.used });
        rateLimitSpent.inc({ resource }, reading.used);
      } else if (reading.reset === window.reset && reading.used > window.used) {
        rateLimitSpent.inc({ resource }, reading.used - window.used);
        window.used = reading.used;
      }
    },
    deliveryRun(report) {
      for (const outcome of ['sent', 'reconciled', 'retried', 'parked'] as const) if (report[outcome] > 0) deliveries.inc({ outcome }, report[outcome]);
    },
    flowAnswered: (subcommand, seconds) => flowLatency.observe({ subcommand }, seconds),
    githubPointsSpent: (kind, points) => githubPoints.inc({ kind }, points),
  };
}

/** A scrape must not fail because the store did (the health checks report that): keep the last values. */
async function quietly<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
