import { isWaiting } from '../domain/rateLimitWait.js';
import { withSignal, type GitHub } from '../github/client.js';
import { pollTimedOut } from '../github/errors.js';
import { untilAborted } from '../github/untilAborted.js';
import { readPullRequests, type RepoRead } from '../github/index.js';
import { readChangedInBatches } from '../github/readInBatches.js';
import { listOpenHeads } from '../github/changeFeed.js';
import { failed, repoRef } from '../github/readRepository.js';
import type { RepoRef } from '../github/pullRequestNodes.js';
import type { Logger } from '../logger.js';
import { getCursors, recordReadFailure, recordReadSuccess, type RepoCursor } from '../store/cursors.js';
import type { Db } from '../store/open.js';
import { buildRepoRenamed } from '../slack/blocks/repoRenamed.js';
import { pruneClaims } from '../store/claims.js';
import { enqueueMessage } from '../store/outbox.js';
import { renameRepository } from '../store/renames.js';
import { deletePullRequests, listOpenNumbers, pruneClosedPullRequests, savePullRequests } from '../store/pullRequests.js';
import { closedHistoryCutoff } from '../store/snapshot.js';
import { listAllWatchedRepos } from '../store/watchedRepos.js';
import { requestedTeamSlugs } from '../domain/reviewRequests.js';
import { refreshTeamMembers } from './teamMembers.js';
import { ownerDecision, type GitHubAuthKind } from '../domain/watchPolicy.js';
import { readThroughFeed, recordFeedMarks } from './pollFeed.js';

export interface PollDeps {
  db: Db;
  github: GitHub;
  logger: Logger;
  concurrency: number;
  /** told each repository's outcome (metrics); waiting = not read, GitHub asked us to wait */
  onRepositoryRead?: (repo: string, outcome: 'changed' | 'unchanged' | 'failed' | 'waiting') => void;
  /**
   * The whole poll's time limit (ms). When it runs out, every outstanding request to GitHub is
   * abandoned and the repositories not yet read are recorded as failed ("the poll timed out"), so a
   * hanging GitHub cannot hold the poll, and with it the next one, for ever.
   */
  timeLimitMs?: number;
  /**
   * The owners the operator allows (GITHUB_OWNERS, or a GitHub App's installation): a repository moved to
   * another owner is not followed there. Absent: every owner (flowlight status, which posts nowhere).
   */
  access?: { githubOwners: readonly string[]; githubAuthKind: GitHubAuthKind };
  /** how often the change feed compares every repository in full (default 15 minutes; see pollFeed.ts) */
  reconcileEveryMs?: number;
  /** owners with at most this many repositories are reconciled at every poll, not searched (default 149; see pollFeed.ts) */
  reconcileEveryPollUpTo?: number;
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
  /** the time limit ran out before every repository was read */
  timedOut: boolean;
  /** watched repositories GitHub said were renamed: followed, and announced to the channels watching them */
  renamed: Array<{ from: string; to: string }>;
  /** GitHub teams whose members were read (review requests to a team count for its members) */
  teamsRead?: number;
}

/**
 * One poll: GitHub → store, within its time limit. Decisions happen afterwards, from the store.
 * 1. which repositories are due (a rate-limited one waits until GitHub's reset, an hour at most);
 * 2. read them with bounded concurrency (conditional requests: unchanged costs nothing); when the
 *    time limit runs out, what is not read by then fails as "the poll timed out";
 * 3. a repository renamed on GitHub is followed: the store moves to its new name and the channels are told;
 * 4. save each repository's result in its own transaction, so a crash leaves it whole or untouched;
 * 5. forget closed PRs older than any team's history, and claims long expired, so the store does not grow without bound.
 */
const CLAIM_RETENTION_MS = 14 * 24 * 3_600_000;

export async function pollOnce(deps: PollDeps, now: Date): Promise<PollReport> {
  const limit = new AbortController();
  const timer = deps.timeLimitMs === undefined ? null : setTimeout(() => limit.abort(), deps.timeLimitMs);
  try {
    const report = await pollWithin({ ...deps, github: withSignal(deps.github, limit.signal) }, now);
    report.timedOut = limit.signal.aborted;
    if (report.timedOut) {
      deps.logger.warn({ timeLimitMs: deps.timeLimitMs, failed: report.failed.length }, 'poll: the time limit ran out; repositories not read by then are recorded as failed');
    }
    return report;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

async function pollWithin(deps: PollDeps, now: Date): Promise<PollReport> {
  const { db, github, logger } = deps;
  const repos = await listAllWatchedRepos(db);
  const cursors = await getCursors(db, repos);
  const due = [...cursors.values()].filter((cursor) => !isWaiting(cursor.retryAfter, now));
  const report: PollReport = { repos: repos.length, changed: [], unchanged: 0, failed: [], waiting: repos.filter((repo) => !due.some((c) => c.repo === repo)), pruned: 0, timedOut: false, renamed: [] };

  // Never read: in full (open PRs and two weeks of history), batched, GraphQL only (no per-repository probe
  // to trip GitHub's secondary limit). Read before: through the change feed, which costs nothing for a push.
  const firstReads = await readFirstTime(github, due.filter((c) => !c.seeded).map((c) => c.repo), deps.concurrency, now);
  const feed = await readThroughFeed({ ...deps, github }, due.filter((c) => c.seeded).map((c) => c.repo), now);
  const reads = new Map<string, RepoRead>([...firstReads, ...feed.reads]);
  await recordFeedMarks(db, reads, new Set(firstReads.keys()), feed.reconciled, now);

  for (const repo of report.waiting) deps.onRepositoryRead?.(repo, 'waiting');
  for (const asked of due) {
    const read = reads.get(asked.repo) ?? missingRead(asked);
    const renamedTo = read.kind === 'failed' ? undefined : read.renamedTo?.toLowerCase();
    if (renamedTo && !ownerAllowed(deps, renamedTo)) {
      // A transfer out of the allowed owners must not carry its PRs into the channels: keep the last good
      // data, and let the repository go grey, saying why and what to do.
      const error = `GitHub says ${asked.repo} moved to ${renamedTo}, whose owner this flowlight may not watch: add it to GITHUB_OWNERS, or /flow unwatch ${asked.repo}.`;
      await recordReadFailure(db, asked.repo, error, null, now);
      deps.onRepositoryRead?.(asked.repo, 'failed');
      report.failed.push({ repo: asked.repo, error });
      logger.warn({ from: asked.repo, to: renamedTo }, 'poll: a watched repository moved to an owner outside GITHUB_OWNERS; not following it');
      continue;
    }
    const cursor = renamedTo ? await followRename(deps, asked, renamedTo, now) : asked;
    if (renamedTo) report.renamed.push({ from: asked.repo, to: renamedTo });
    const outcome = await saveRead(deps, cursor, read, now);
    deps.onRepositoryRead?.(cursor.repo, outcome.kind);
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

/**
 * GitHub redirected a watched repository to its new name: move what the store keeps under the old
 * name and tell each channel watching it, in one transaction (no rename without its announcement).
 */
function ownerAllowed(deps: PollDeps, repo: string): boolean {
  if (!deps.access) return true;
  return ownerDecision(repo.split('/')[0]!, deps.access.githubOwners, deps.access.githubAuthKind).allowed;
}

async function followRename(deps: PollDeps, cursor: RepoCursor, to: string, now: Date): Promise<RepoCursor> {
  const from = cursor.repo;
  await deps.db.transaction().execute(async (trx) => {
    const { teamIds } = await renameRepository(trx, from, to);
    for (const teamId of teamIds) {
      await enqueueMessage(trx, { teamId, dedupeKey: `renamed:${teamId}:${from}>${to}`, kind: 'notice', payload: { action: 'post', channel: teamId, ...buildRepoRenamed(from, to) } }, now);
    }
  });
  deps.logger.info({ from, to }, 'poll: a watched repository was renamed on GitHub; following it');
  return { ...cursor, repo: to };
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
      const gone = disappeared.length > 0 ? await readGone(github, cursor.repo, disappeared, now) : [];
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
    case 'updated': {
      if (read.pullRequests.length === 0 && read.vanished.length === 0) {
        await recordReadSuccess(db, cursor.repo, cursor.etag, now);
        return { kind: 'unchanged' };
      }
      await db.transaction().execute(async (trx) => {
        await savePullRequests(trx, read.pullRequests, now);
        await deletePullRequests(trx, cursor.repo, read.vanished);
        await recordReadSuccess(trx, cursor.repo, cursor.etag, now);
      });
      return { kind: 'changed' };
    }
    default: {
      const _exhaustive: never = read;
      return _exhaustive;
    }
  }
}

/** Repositories never read, read whole in batched calls; unless the poll's time limit runs out first. */
async function readFirstTime(github: GitHub, repos: string[], concurrency: number, now: Date): Promise<Map<string, RepoRead>> {
  const results = new Map<string, RepoRead>();
  const asked: Array<{ repo: string; ref: RepoRef }> = [];
  for (const repo of repos) {
    const ref = repoRef(repo);
    if (ref.ok) asked.push({ repo, ref: ref.ref });
    else results.set(repo, failed(ref.failure));
  }
  if (asked.length === 0) return results;
  const work = async () => {
    // Each repository's name as GitHub spells it now (a renamed one answers to its former name), 149 a point.
    const names = await listOpenHeads(github, asked.map(({ ref }) => ref), { concurrency, now });
    const current: Array<{ repo: string; ref: RepoRef; renamedTo?: string }> = [];
    for (const { repo, ref } of asked) {
      const heads = names.get(ref.fullName)!;
      if (!heads.ok) results.set(repo, failed(heads.failure));
      else if (heads.nameWithOwner.toLowerCase() === ref.fullName.toLowerCase()) current.push({ repo, ref });
      else {
        const renamed = repoRef(heads.nameWithOwner);
        current.push(renamed.ok ? { repo, ref: renamed.ref, renamedTo: heads.nameWithOwner } : { repo, ref });
      }
    }
    const reads = current.length > 0 ? await readChangedInBatches(github, current.map(({ ref }) => ({ ref, etag: null, seeded: false })), { concurrency, now }) : new Map<string, RepoRead>();
    for (const { repo, ref, renamedTo } of current) {
      const read = reads.get(ref.fullName)!;
      results.set(repo, read.kind === 'failed' || !renamedTo ? read : { ...read, renamedTo });
    }
  };
  await untilAborted(work(), github.signal);
  for (const { repo, ref } of asked) if (!results.has(repo)) results.set(repo, failed(pollTimedOut(ref.fullName)));
  return results;
}

/** The closing facts of PRs that left the open list, unless the poll's time limit runs out first. */
async function readGone(github: GitHub, repo: string, numbers: number[], now: Date): ReturnType<typeof readPullRequests> {
  const read = await untilAborted(readPullRequests(github, repo, numbers, now), github.signal);
  return read.done ? read.value : { kind: 'failed', ...pollTimedOut(repo) };
}

/** Team members never fail the poll: a team that cannot be read is recorded and shown, its requests count for nobody. */
async function refreshRequestedTeams(deps: PollDeps, reads: Iterable<RepoRead>, report: PollReport, now: Date): Promise<void> {
  const teams = new Set<string>();
  for (const read of reads) if (read.kind === 'changed' || read.kind === 'updated') for (const slug of requestedTeamSlugs(read.pullRequests)) teams.add(slug);
  try {
    report.teamsRead = (await refreshTeamMembers(deps, teams, now)).read;
  } catch (error) {
    deps.logger.warn({ err: error }, 'poll: reading team members failed; team review requests keep the last members read');
  }
}

function missingRead(cursor: RepoCursor): RepoRead {
  throw new Error(`poll: no read result for ${cursor.repo}; readRepositories must answer for every repository`);
}
