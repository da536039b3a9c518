import type { GitHub } from '../github/index.js';
import { readPullRequests, readRepositories, type RepoRead } from '../github/index.js';
import type { Logger } from '../logger.js';
import { getCursors, recordReadFailure, recordReadSuccess, type RepoCursor } from '../store/cursors.js';
import type { Db } from '../store/open.js';
import { pruneClaims } from '../store/claims.js';
import { deletePullRequests, listOpenNumbers, pruneClosedPullRequests, savePullRequests } from '../store/pullRequests.js';
import { closedHistoryCutoff } from '../store/snapshot.js';
import { listAllWatchedRepos } from '../store/watchedRepos.js';
import { requestedTeamSlugs } from '../domain/reviewRequests.js';
import { refreshTeamMembers } from './teamMembers.js';

export interface PollDeps {
  db: Db;
  github: GitHub;
  logger: Logger;
  concurrency: number;
}

export interface PollReport {
  repos: number;
  changed: string[];
  unchanged: number;
  failed: Array<{ repo: string; error: string }>;
  /** skipped because GitHub asked us to wait (rate limit) */
  waiting: string[];
  /** closed PRs forgotten: older than any team's history */
  pruned: number;
  /** GitHub teams whose members were read (review requests to a team count for its members) */
  teamsRead?: number;
}

/**
 * One poll: GitHub → store. Decisions happen afterwards, from the store.
 * 1. which repositories are due (a rate-limited one waits until GitHub's reset);
 * 2. read them with bounded concurrency (conditional requests: unchanged costs nothing);
 * 3. save each repository's result in its own transaction, so a crash leaves it whole or untouched;
 * 4. forget closed PRs older than any team's history, and claims long expired, so the store does not grow without bound.
 */
const CLAIM_RETENTION_MS = 14 * 24 * 3_600_000;

export async function pollOnce(deps: PollDeps, now: Date): Promise<PollReport> {
  const { db, github, logger } = deps;
  const repos = await listAllWatchedRepos(db);
  const cursors = await getCursors(db, repos);
  const due = [...cursors.values()].filter((cursor) => !cursor.retryAfter || cursor.retryAfter <= now);
  const report: PollReport = { repos: repos.length, changed: [], unchanged: 0, failed: [], waiting: repos.filter((repo) => !due.some((c) => c.repo === repo)), pruned: 0 };

  const reads = await readRepositories(github, due.map(({ repo, etag, seeded }) => ({ repo, etag, seeded })), { concurrency: deps.concurrency, now });

  for (const cursor of due) {
    const read = reads.get(cursor.repo) ?? missingRead(cursor);
    const outcome = await saveRead(deps, cursor, read, now);
    switch (outcome.kind) {
      case 'changed':
        report.changed.push(cursor.repo);
        break;
      case 'unchanged':
        report.unchanged += 1;
        break;
      case 'failed':
        report.failed.push({ repo: cursor.repo, error: outcome.error });
        logger.warn({ repo: cursor.repo, error: outcome.error }, 'poll: repository read failed; keeping the last good data');
        break;
      default: {
        const _exhaustive: never = outcome;
        return _exhaustive;
      }
    }
  }
  await refreshRequestedTeams(deps, reads.values(), report, now);
  report.pruned = await pruneClosedPullRequests(db, closedHistoryCutoff(now));
  // A claim lasts a few business hours; two weeks covers any weekend or holiday between claim and review.
  await pruneClaims(db, new Date(now.getTime() - CLAIM_RETENTION_MS));
  return report;
}

type SaveOutcome = { kind: 'changed' } | { kind: 'unchanged' } | { kind: 'failed'; error: string };

async function saveRead(deps: PollDeps, cursor: RepoCursor, read: RepoRead, now: Date): Promise<SaveOutcome> {
  const { db, github } = deps;
  switch (read.kind) {
    case 'unchanged':
      await recordReadSuccess(db, cursor.repo, read.etag ?? cursor.etag, now);
      return { kind: 'unchanged' };
    case 'failed':
      await recordReadFailure(db, cursor.repo, read.error.message, read.retryAfter, now);
      return { kind: 'failed', error: read.error.message };
    case 'changed': {
      // PRs that left the open list are read once more, so their merge/close and last reviews are kept.
      const stillOpen = new Set(read.pullRequests.filter((pr) => pr.state === 'OPEN').map((pr) => pr.number));
      const disappeared = (await listOpenNumbers(db, cursor.repo)).filter((number) => !stillOpen.has(number));
      const gone = disappeared.length > 0 ? await readPullRequests(github, cursor.repo, disappeared, now) : [];
      if (!Array.isArray(gone)) {
        // Without the closing facts the queue would be wrong: treat the whole read as failed, keep the old data.
        await recordReadFailure(db, cursor.repo, gone.error.message, gone.retryAfter, now);
        return { kind: 'failed', error: gone.error.message };
      }
      // A PR GitHub no longer has at all (deleted) must not stay open in the store for ever.
      const vanished = disappeared.filter((number) => !gone.some((pr) => pr.number === number));
      await db.transaction().execute(async (trx) => {
        await savePullRequests(trx, [...read.pullRequests, ...gone], now);
        await deletePullRequests(trx, cursor.repo, vanished);
        await recordReadSuccess(trx, cursor.repo, read.etag, now);
      });
      return { kind: 'changed' };
    }
    default: {
      const _exhaustive: never = read;
      return _exhaustive;
    }
  }
}

/** Team members never fail the poll: a team that cannot be read is recorded and shown, its requests count for nobody. */
async function refreshRequestedTeams(deps: PollDeps, reads: Iterable<RepoRead>, report: PollReport, now: Date): Promise<void> {
  const teams = new Set<string>();
  for (const read of reads) if (read.kind === 'changed') for (const slug of requestedTeamSlugs(read.pullRequests)) teams.add(slug);
  try {
    report.teamsRead = (await refreshTeamMembers(deps, teams, now)).read;
  } catch (error) {
    deps.logger.warn({ err: error }, 'poll: reading team members failed; team review requests keep the last members read');
  }
}

function missingRead(cursor: RepoCursor): RepoRead {
  throw new Error(`poll: no read result for ${cursor.repo}; readRepositories must answer for every repository`);
}
