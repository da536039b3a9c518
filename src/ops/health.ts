import fs from 'node:fs';
import { liveness, pollSucceeded, readiness, type HealthFacts, type HealthVerdict, type LeadershipFacts, type StoreState } from '../domain/health.js';
import type { Db } from '../store/open.js';
import { oldestUndeliveredAt, writeHeartbeat } from '../store/health.js';
import { fileIdentity } from '../store/fileIdentity.js';

// What /healthz and /readyz report: the shell side. It remembers what the poll saw, and on each probe
// writes the heartbeat, checks that the database file is still the one opened, and asks the store
// for the oldest undelivered message; the domain (domain/health.ts) judges.

export interface HealthMonitorDeps {
  db: Db;
  /** the SQLite file the store opened; null for :memory: */
  databaseFile: string | null;
  clock: () => Date;
  pollIntervalMs: number;
  slackConnected: () => boolean;
  /** replicas on Postgres: this replica's role and who leads (absent on SQLite) */
  leadership?: () => Promise<LeadershipFacts>;
}

export interface HealthMonitor {
  /** a poll finished: whether it read GitHub (see pollSucceeded), or why it failed */
  recordPoll(startedAt: Date, outcome: { report: { repos: number; changed: readonly string[]; unchanged: number; failed: ReadonlyArray<{ repo: string; error: string }> } } | { error: string }): void;
  lastSuccessfulPollAt(): Date | null;
  liveness(): Promise<HealthVerdict>;
  readiness(): Promise<HealthVerdict>;
}

export function createHealthMonitor(deps: HealthMonitorDeps): HealthMonitor {
  const startedAt = deps.clock();
  const opened = deps.databaseFile ? fileIdentity(deps.databaseFile) : null;
  let lastSuccessfulPollAt: Date | null = null;
  let lastPollProblem: string | null = null;
  // Probes arriving together share one heartbeat write.
  let storeCheck: Promise<StoreState> | null = null;

  const checkStore = (): Promise<StoreState> => {
    storeCheck ??= (async (): Promise<StoreState> => {
      try {
        if (deps.databaseFile && opened) {
          const now = fileIdentity(deps.databaseFile);
          if (!now) return { ok: false, error: `the file ${deps.databaseFile} was deleted (writes go to a file no one will read after a restart): restore it from a backup and restart` };
          if (now !== opened) return { ok: false, error: `the file ${deps.databaseFile} was replaced by another file: restart flowlight to use it` };
        }
        await writeHeartbeat(deps.db, deps.clock());
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    })().finally(() => {
      storeCheck = null;
    });
    return storeCheck;
  };

  const facts = async (): Promise<HealthFacts> => {
    const store = await checkStore();
    let oldest: Date | null = null;
    if (store.ok) {
      try {
        oldest = await oldestUndeliveredAt(deps.db);
      } catch {
        /* the store check passed a moment ago; an unreadable outbox shows in the next probe's store check */
      }
    }
    const leadership = store.ok && deps.leadership ? await deps.leadership().catch(() => undefined) : undefined;
    return { startedAt, store, slackConnected: deps.slackConnected(), lastSuccessfulPollAt, lastPollProblem, oldestUndeliveredAt: oldest, ...(leadership ? { leadership } : {}) };
  };

  return {
    recordPoll(pollStartedAt, outcome) {
      if ('error' in outcome) {
        lastPollProblem = `the poll failed (${outcome.error})`;
      } else if (pollSucceeded(outcome.report)) {
        lastSuccessfulPollAt = pollStartedAt;
        lastPollProblem = null;
      } else {
        const first = outcome.report.failed[0];
        lastPollProblem = first ? `no repository could be read (${first.repo}: ${first.error})` : 'every repository waits for GitHub\'s rate limit to reset';
      }
    },
    lastSuccessfulPollAt: () => lastSuccessfulPollAt,
    async liveness() {
      return liveness(await facts(), deps.clock(), deps.pollIntervalMs);
    },
    async readiness() {
      return readiness(await facts(), deps.clock(), deps.pollIntervalMs);
    },
  };
}

