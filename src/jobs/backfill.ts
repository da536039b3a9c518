import { BACKFILL_ATTEMPTS, type HistoryBackfill } from '../domain/historyProgress.js';
import type { GitHub } from '../github/client.js';
import { readHistoryPage } from '../github/readHistoryPage.js';
import type { Logger } from '../logger.js';
import { listBackfillsDue, recordBackfillFailure, recordBackfillPage } from '../store/historyBackfills.js';
import type { Db } from '../store/open.js';
import { savePullRequests } from '../store/pullRequests.js';

// The history backfill, a few pages after each poll: each due repository in turn gets one page of
// 49 closed and merged PRs (1 point), stored where the poll stores PRs together with the cursor of the
// next page, in one transaction, so a restart resumes at the page it had not stored. At most
// `pagesPerRun` pages a run keeps it inside the rate limit: 10 pages after each one-minute poll is at
// most about 600 points an hour of GitHub's 5,000.

export const HISTORY_PAGES_PER_RUN = 10;

export interface BackfillDeps {
  db: Db;
  github: GitHub;
  logger: Logger;
  pagesPerRun?: number;
}

export interface BackfillReport {
  pages: number;
  pullRequests: number;
  completed: string[];
  failed: Array<{ repo: string; error: string }>;
}

export async function readHistory(deps: BackfillDeps, now: Date): Promise<BackfillReport> {
  const budget = deps.pagesPerRun ?? HISTORY_PAGES_PER_RUN;
  const report: BackfillReport = { pages: 0, pullRequests: 0, completed: [], failed: [] };
  let due = await listBackfillsDue(deps.db, now);
  while (due.length > 0 && report.pages < budget && !deps.github.signal?.aborted) {
    const next: HistoryBackfill[] = [];
    for (const backfill of due) {
      if (report.pages >= budget || deps.github.signal?.aborted) break;
      const outcome = await readOnePage(deps, backfill, now);
      report.pages += 1;
      switch (outcome.kind) {
        case 'more':
          report.pullRequests += outcome.pullRequests;
          next.push({ ...backfill, cursor: outcome.cursor });
          break;
        case 'complete':
          report.pullRequests += outcome.pullRequests;
          report.completed.push(backfill.repo);
          break;
        case 'failed':
          report.failed.push({ repo: backfill.repo, error: outcome.error });
          break;
        default: {
          const _exhaustive: never = outcome;
          return _exhaustive;
        }
      }
    }
    due = next;
  }
  if (report.pages > 0) deps.logger.info({ ...report }, 'history: read closed pull requests');
  return report;
}

type PageOutcome = { kind: 'more'; cursor: string; pullRequests: number } | { kind: 'complete'; pullRequests: number } | { kind: 'failed'; error: string };

async function readOnePage(deps: BackfillDeps, backfill: HistoryBackfill, now: Date): Promise<PageOutcome> {
  const page = await readHistoryPage(deps.github, backfill.repo, backfill.cursor, backfill.since, now);
  if (!page.ok) {
    const { error, retryAfter } = page.failure;
    // A rate limit is a wait, not a failure; anything else gives up after a few tries, saying why.
    const giveUp = retryAfter === null && backfill.failures + 1 >= BACKFILL_ATTEMPTS;
    await recordBackfillFailure(deps.db, backfill.repo, { error: error.message, retryAfter: retryAfter ?? backoff(backfill.failures, now), giveUp }, now);
    deps.logger.warn({ repo: backfill.repo, error: error.message, giveUp }, 'history: a page could not be read');
    return { kind: 'failed', error: error.message };
  }
  await deps.db.transaction().execute(async (trx) => {
    await savePullRequests(trx, page.pullRequests, now);
    await recordBackfillPage(trx, backfill.repo, { nextCursor: page.nextCursor, readBackTo: page.oldestUpdatedAt, pullRequests: page.pullRequests.length }, now);
  });
  return page.nextCursor === null ? { kind: 'complete', pullRequests: page.pullRequests.length } : { kind: 'more', cursor: page.nextCursor, pullRequests: page.pullRequests.length };
}

/** 1, 2, 4, 8 minutes between tries of a failing page. */
function backoff(failures: number, now: Date): Date {
  return new Date(now.getTime() + 60_000 * 2 ** Math.min(failures, 6));
}
