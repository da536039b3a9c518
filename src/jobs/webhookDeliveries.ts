import type { GitHub } from '../github/client.js';
import { readByNumber } from '../github/changeFeed.js';
import type { RepoRef } from '../github/pullRequestNodes.js';
import { repoRef } from '../github/readRepository.js';
import { requestedTeamSlugs } from '../domain/reviewRequests.js';
import type { Logger } from '../logger.js';
import { getCursors } from '../store/cursors.js';
import { listUnprocessedDeliveries, markDeliveriesProcessed, pruneDeliveries } from '../store/githubDeliveries.js';
import type { Db } from '../store/open.js';
import { deletePullRequests, savePullRequests } from '../store/pullRequests.js';
import { listAllWatchedRepos, listTeamsWatching } from '../store/watchedRepos.js';
import { evaluateTeam } from './evaluate.js';
import { refreshTeamMembers } from './teamMembers.js';

// Draining stored webhook deliveries: a burst is coalesced (each PR read once however many deliveries
// name it, 49 PRs a point across repositories, through the change feed's batched read), then saved,
// then the teams watching those repositories are evaluated the way a poll's are (alerts and the swarm
// plan go through the outbox), then the deliveries are marked processed. A delivery for a repository
// nobody watches, or one the poll has not read in full yet, is processed with nothing to do: the poll
// reads it. A repository whose read fails keeps its deliveries for the next run (the poll also
// reconciles it); what was stored but not processed when the process stopped is drained at start.

/**
 * How long a processed delivery's id is kept: GitHub lets a delivery of the last 3 days be redelivered
 * (by hand or through its API), and a redelivery recognised has no second effect.
 */
export const DELIVERY_RETENTION_MS = 7 * 24 * 3_600_000;

/** Deliveries taken per run step: a burst bigger than this is drained in several steps. */
export const DELIVERY_BATCH = 1000;

export interface DeliveryDeps {
  db: Db;
  github: GitHub;
  logger: Logger;
  concurrency: number;
  pollIntervalMs: number;
}

export interface DeliveryReport {
  /** deliveries marked processed */
  processed: number;
  /** distinct PRs read */
  read: number;
  /** deliveries left for a later run: their repository could not be read */
  retained: number;
  /** teams evaluated */
  teams: string[];
}

/**
 * Drains what is stored, step by step (a step: what was stored when it began, up to DELIVERY_BATCH).
 * `afterStep` runs after each step that evaluated a team (the outbox delivery): under a steady stream of
 * deliveries the drain does not end, and its alerts must not wait for it to.
 */
export async function processDeliveries(deps: DeliveryDeps, now: Date, afterStep?: (step: DeliveryReport) => Promise<unknown>): Promise<DeliveryReport> {
  const report: DeliveryReport = { processed: 0, read: 0, retained: 0, teams: [] };
  const skip = new Set<string>(); // delivery ids retained this run: not asked for again until the next one
  for (;;) {
    const pending = (await listUnprocessedDeliveries(deps.db, DELIVERY_BATCH + skip.size)).filter((d) => !skip.has(d.id));
    if (pending.length === 0) break;
    const step = await processStep(deps, pending, now);
    if (step.teams.length > 0) await afterStep?.({ processed: step.processed.length, read: step.read, retained: step.retained.length, teams: step.teams });
    report.processed += step.processed.length;
    report.read += step.read;
    for (const id of step.retained) skip.add(id);
    report.retained = skip.size;
    for (const team of step.teams) if (!report.teams.includes(team)) report.teams.push(team);
    if (step.processed.length === 0) break;
  }
  await pruneDeliveries(deps.db, new Date(now.getTime() - DELIVERY_RETENTION_MS));
  return report;
}

async function processStep(deps: DeliveryDeps, pending: Array<{ id: string; repo: string; number: number }>, now: Date) {
  const { db, github, logger } = deps;
  const watched = new Map((await listAllWatchedRepos(db)).map((repo) => [repo.toLowerCase(), repo]));
  const named = [...new Set(pending.map((d) => watched.get(d.repo)).filter((repo): repo is string => repo !== undefined))];
  const cursors = await getCursors(db, named);
  const wanted = new Map<string, { repo: string; ref: RepoRef; numbers: Set<number> }>();
  for (const delivery of pending) {
    const repo = watched.get(delivery.repo);
    if (!repo || !cursors.get(repo)?.seeded) continue;
    const ref = repoRef(repo);
    if (!ref.ok) continue;
    const entry = wanted.get(ref.ref.fullName) ?? { repo, ref: ref.ref, numbers: new Set<number>() };
    entry.numbers.add(delivery.number);
    wanted.set(ref.ref.fullName, entry);
  }
  const reads = await readByNumber(github, [...wanted.values()].map((w) => ({ ref: w.ref, numbers: [...w.numbers].sort((a, b) => a - b) })), { concurrency: deps.concurrency, now });

  const failedRepos = new Set<string>();
  const changedRepos: string[] = [];
  const teamSlugs = new Set<string>();
  let read = 0;
  for (const w of wanted.values()) {
    const result = reads.get(w.ref.fullName);
    if (!result || !result.ok) {
      failedRepos.add(w.repo.toLowerCase());
      logger.warn({ repo: w.repo, error: result ? result.failure.error.message : 'no answer' }, 'github webhook: reading the pull requests a delivery names failed; kept for the next run and the next poll');
      continue;
    }
    await db.transaction().execute(async (trx) => {
      await savePullRequests(trx, result.facts, now);
      await deletePullRequests(trx, w.repo, result.gone);
    });
    read += result.facts.length + result.gone.length;
    changedRepos.push(w.repo);
    for (const slug of requestedTeamSlugs(result.facts)) teamSlugs.add(slug);
  }
  if (teamSlugs.size > 0) {
    await refreshTeamMembers({ db, github, logger }, teamSlugs, now).catch((error: unknown) => logger.warn({ err: error }, 'github webhook: reading team members failed; team review requests keep the last members read'));
  }
  const teams = await listTeamsWatching(db, changedRepos);
  for (const teamId of teams) {
    try {
      const evaluation = await evaluateTeam(db, teamId, now, { pollIntervalMs: deps.pollIntervalMs, logger });
      if (evaluation?.transition) logger.info({ teamId, from: evaluation.transition.from, to: evaluation.transition.to }, 'light changed');
    } catch (error) {
      logger.error({ err: error, teamId }, 'evaluating the team failed; its light stays as it was');
    }
  }
  const processed = pending.filter((d) => !failedRepos.has(d.repo)).map((d) => d.id);
  const retained = pending.filter((d) => failedRepos.has(d.repo)).map((d) => d.id);
  await markDeliveriesProcessed(db, processed, now);
  return { processed, retained, read, teams };
}

export interface DeliveryWorker {
  /** processes what is stored now; a kick during a run makes one more run after it (a burst is one or two runs) */
  kick(): Promise<void>;
  /** the current run and any it owes, finished */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startDeliveryWorker(deps: DeliveryDeps & { clock: () => Date; afterStep?: (step: DeliveryReport) => Promise<unknown> }): DeliveryWorker {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const runOnce = async () => {
    try {
      const report = await processDeliveries(deps, deps.clock(), deps.afterStep);
      if (report.processed > 0 || report.retained > 0) deps.logger.info(report, 'github webhook: deliveries processed');
    } catch (error) {
      deps.logger.error({ err: error }, 'github webhook: processing deliveries failed; they stay stored and are retried at the next delivery or poll');
    }
  };
  const loop = async () => {
    do {
      again = false;
      await runOnce();
    } while (again && !stopped);
    running = null;
  };
  const worker: DeliveryWorker = {
    kick() {
      if (stopped) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
    idle: () => running ?? Promise.resolve(),
    async stop() {
      stopped = true;
      await (running ?? Promise.resolve());
    },
  };
  // Deliveries stored but not processed before the last stop.
  void worker.kick();
  return worker;
}
