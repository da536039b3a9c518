import cron, { type ScheduledTask } from 'node-cron';
import { resolveSettings } from '../domain/settings.js';
import { localDate } from '../domain/timeZone.js';
import type { Logger } from '../logger.js';
import { hasDigest } from '../store/digests.js';
import type { Db } from '../store/open.js';
import { getSettingsOverrides, listTeamIds } from '../store/teams.js';
import { postDigest } from './digest.js';
import { digestCronExpression, isDigestOwed } from '../domain/digestSchedule.js';
import { startOutboxLoop, type OutboxLoop, type OutboxLoopDeps, type WebClient } from './outbox.js';

// Everything that runs on its own: the poll (node-cron, never two at once), the evaluation after it,
// a staleness check on its own timer (so a poll stuck on a hanging GitHub cannot hold back the grey
// light), the outbox loop, and one node-cron digest task per team in the team's time zone (re-synced
// after every poll, since /flow set can change the time, days or zone). It schedules and reports;
// the jobs decide.

export interface SchedulerDeps {
  db: Db;
  logger: Logger;
  /** POLL_CRON */
  pollCron: string;
  /** POLL_AT_START: one poll as soon as the scheduler starts, then POLL_CRON's ticks */
  pollAtStart?: boolean;
  pollIntervalMs: number;
  /** one poll: GitHub → store (src/jobs/poll.ts pollOnce, bound) */
  poll: (now: Date) => Promise<unknown>;
  /**
   * evaluate every team as of `now` (src/jobs/evaluate.ts evaluateAllTeams, bound): after each poll
   * with the time it ended, and on the staleness timer whenever no evaluation ran for a poll interval
   */
  evaluate?: (now: Date) => Promise<unknown>;
  /** the outbox's Slack client (createDeliveryClient: no retries inside the client) */
  deliveryClient: WebClient;
  clock?: () => Date;
  outboxIntervalMs?: number;
  /** told what each outbox delivery run did (metrics) */
  onDeliveryRun?: OutboxLoopDeps['onRun'];
  /** after a scheduled digest was enqueued and delivery kicked: its picture (never fails the digest) */
  afterDigest?: (teamId: string, now: Date) => Promise<unknown>;
  /** how the outbox treats attempts a former deliverer left in flight (a replica taking the leader's role) */
  outbox?: Pick<OutboxLoopDeps, 'leaseMs' | 'releaseInterruptedAtStart'>;
}

export interface DigestScheduleInfo {
  teamId: string;
  expression: string;
  timeZone: string;
}

export interface Scheduler {
  outbox: OutboxLoop;
  /** runs a poll now unless one is running (then waits for that one) */
  pollNow(): Promise<void>;
  /**
   * the staleness timer's tick: when no evaluation finished within a poll interval (a poll is stuck,
   * or failed before evaluating), evaluates now with the current time and delivers what that says
   */
  checkStaleness(): Promise<void>;
  /** (re)creates the digest tasks from the teams' settings; after the first poll, posts today's digest if it is owed and missed */
  syncDigests(): Promise<void>;
  digestSchedules(): DigestScheduleInfo[];
  stop(): Promise<void>;
}

/** The longest gap between POLL_CRON runs: how long "one poll interval" may be, for staleness. */
export function pollIntervalFromCron(expression: string): number {
  const task = cron.createTask(expression, () => {});
  try {
    const runs = task.getNextRuns(12).map((d) => d.getTime());
    let longest = 60_000;
    for (let i = 1; i < runs.length; i += 1) longest = Math.max(longest, runs[i]! - runs[i - 1]!);
    return runs.length > 1 ? longest : 60_000;
  } finally {
    void task.destroy();
  }
}

/**
 * The longest delay a Node timer keeps (about 24.8 days): a longer one fires after 1 ms instead. A monthly
 * or yearly POLL_CRON (webhooks doing the rest) has a longer interval, so timers derived from it are capped.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * How long one poll may take before its outstanding requests are abandoned: one poll interval (a
 * longer poll only makes the next tick skip), but at least 30 s, which a 1000-repository first poll
 * needs (about 8 s measured) with room to spare.
 */
export function pollTimeLimitMs(pollIntervalMs: number): number {
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(30_000, pollIntervalMs));
}

export function startScheduler(deps: SchedulerDeps): Scheduler {
  const { db, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const outbox = startOutboxLoop(db, deps.deliveryClient, { logger, now: clock, intervalMs: deps.outboxIntervalMs, onRun: deps.onDeliveryRun, ...deps.outbox });
  const digestTasks = new Map<string, { info: DigestScheduleInfo; task: ScheduledTask }>();
  let polling: Promise<void> | null = null;
  let evaluating: Promise<void> | null = null;
  let lastEvaluatedAt: Date | null = null;
  let syncing: Promise<void> | null = null;
  let stopped = false;
  // A digest missed while the bot was down waits for the first poll: posted before it, it would show
  // only that the data is stale (grey), not the queue.
  let polledSinceStart = false;

  const postScheduledDigest = async (teamId: string): Promise<void> => {
    try {
      const outcome = await postDigest(db, teamId, clock(), { pollIntervalMs: deps.pollIntervalMs });
      logger.info({ teamId, outcome }, 'digest');
      await outbox.kick();
      if (outcome.status === 'enqueued') await deps.afterDigest?.(teamId, clock()).catch((error: unknown) => logger.warn({ err: error, teamId }, 'digest: its chart could not be shared; the text was posted'));
    } catch (error) {
      logger.error({ err: error, teamId }, 'digest: could not post');
    }
  };

  const sync = async (): Promise<void> => {
    const now = clock();
    const teamIds = await listTeamIds(db);
    for (const teamId of teamIds) {
      let settings;
      try {
        settings = resolveSettings(await getSettingsOverrides(db, teamId));
      } catch (error) {
        logger.error({ err: error, teamId }, 'digest: the team\'s stored settings are invalid; no digest until they are fixed with /flow set');
        continue;
      }
      const expression = digestCronExpression(settings);
      const info = expression ? { teamId, expression, timeZone: settings.workingHours.timeZone } : null;
      const current = digestTasks.get(teamId);
      if (current && (!info || current.info.expression !== info.expression || current.info.timeZone !== info.timeZone)) {
        await current.task.destroy();
        digestTasks.delete(teamId);
      }
      if (info && !digestTasks.has(teamId) && !stopped) {
        const task = cron.schedule(info.expression, () => postScheduledDigest(teamId), { timezone: info.timeZone, name: `flowlight-digest-${teamId}`, noOverlap: true });
        digestTasks.set(teamId, { info, task });
      }
      // A start-up (or a settings change) after today's digest time: post it if it is still today's working time.
      if (polledSinceStart && isDigestOwed(now, settings) && !(await hasDigest(db, teamId, localDate(now, settings.workingHours.timeZone)))) {
        await postScheduledDigest(teamId);
      }
    }
    for (const [teamId, { task }] of digestTasks) {
      if (!teamIds.includes(teamId)) {
        await task.destroy();
        digestTasks.delete(teamId);
      }
    }
  };

  const syncDigests = (): Promise<void> => {
    syncing ??= sync()
      .catch((error: unknown) => logger.error({ err: error }, 'digest: could not update the schedules'))
      .finally(() => {
        syncing = null;
      });
    return syncing;
  };

  // One evaluation at a time, always as of the moment it starts (never a stuck poll's start time).
  const evaluateNow = (): Promise<void> => {
    const evaluate = deps.evaluate;
    if (!evaluate || stopped) return Promise.resolve();
    evaluating ??= (async () => {
      const now = clock();
      try {
        await evaluate(now);
      } catch (error) {
        logger.error({ err: error }, 'evaluation failed; the next poll or staleness check tries again');
      }
      lastEvaluatedAt = now;
    })().finally(() => {
      evaluating = null;
    });
    return evaluating;
  };

  const checkStaleness = async (): Promise<void> => {
    if (stopped || !deps.evaluate) return;
    const now = clock();
    if (lastEvaluatedAt && now.getTime() - lastEvaluatedAt.getTime() < deps.pollIntervalMs) return;
    if (polling) logger.warn('staleness check: the poll has not finished within a poll interval; evaluating without it');
    await evaluateNow();
    await outbox.kick();
  };

  const pollNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    polling ??= (async () => {
      try {
        await deps.poll(clock());
      } catch (error) {
        logger.error({ err: error }, 'poll failed; the next tick tries again');
      }
      polledSinceStart = true;
      await evaluateNow();
      await syncDigests();
      await outbox.kick();
    })().finally(() => {
      polling = null;
    });
    return polling;
  };

  const pollTask = cron.schedule(deps.pollCron, () => pollNow(), { name: 'flowlight-poll', noOverlap: true });
  // Its own timer, not the poll's cron: node-cron's noOverlap would skip it while a poll is stuck.
  // Twice an interval, so the grey light is at most half an interval late.
  const stalenessTimer = setInterval(() => void checkStaleness(), Math.min(MAX_TIMER_DELAY_MS, Math.max(1_000, deps.pollIntervalMs / 2)));
  void syncDigests();
  if (deps.pollAtStart) void pollNow();

  return {
    outbox,
    pollNow,
    checkStaleness,
    syncDigests,
    digestSchedules: () => [...digestTasks.values()].map(({ info }) => info),
    async stop() {
      stopped = true;
      clearInterval(stalenessTimer);
      await pollTask.destroy();
      for (const { task } of digestTasks.values()) await task.destroy();
      digestTasks.clear();
      await Promise.allSettled([polling, evaluating, syncing]);
      await outbox.stop();
    },
  };
}
