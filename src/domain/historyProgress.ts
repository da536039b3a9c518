// How far a repository's history backfill got, in the words `/flow repos` shows.

export const DEFAULT_HISTORY_WEEKS = 12;

/** A page that fails this many times in a row (not counting rate-limit waits) stops the backfill. */
export const BACKFILL_ATTEMPTS = 5;

export type BackfillStatus = 'reading' | 'complete' | 'failed';

export interface HistoryBackfill {
  repo: string;
  status: BackfillStatus;
  weeks: number;
  /** the oldest close wanted */
  since: Date;
  cursor: string | null;
  /** the least recent update read so far; null before the first page */
  readBackTo: Date | null;
  pages: number;
  pullRequests: number;
  failures: number;
  lastError: string | null;
  retryAfter: Date | null;
  startedAt: Date;
}

const WEEK_MS = 7 * 86_400_000;

/** Whole weeks of history read so far, 0 to `weeks`. */
export function weeksRead(backfill: Pick<HistoryBackfill, 'status' | 'weeks' | 'startedAt' | 'readBackTo'>): number {
  if (backfill.status === 'complete') return backfill.weeks;
  if (!backfill.readBackTo) return 0;
  const weeks = Math.floor((backfill.startedAt.getTime() - backfill.readBackTo.getTime()) / WEEK_MS);
  return Math.max(0, Math.min(backfill.weeks, weeks));
}

/** "history: 7 of 12 weeks read", "history complete", "history failed: why + what to do". */
export function describeHistory(backfill: HistoryBackfill | undefined, repo: string, now: Date): string {
  if (!backfill) return `history: not read (watched before flowlight read history; \`/flow unwatch ${repo}\` then \`/flow watch ${repo}\` reads it)`;
  switch (backfill.status) {
    case 'complete':
      return `history complete (${backfill.weeks} weeks, ${backfill.pullRequests} closed PRs)`;
    case 'reading': {
      const waiting = backfill.retryAfter && backfill.retryAfter > now ? ', waiting for GitHub' : '';
      const retrying = backfill.lastError ? ` (retrying: ${backfill.lastError})` : '';
      return `history: ${weeksRead(backfill)} of ${backfill.weeks} weeks read${waiting}${retrying}`;
    }
    case 'failed':
      return `history failed: ${backfill.lastError ?? 'GitHub did not answer'} Fix that, then \`/flow watch ${repo}\` again to read it.`;
    default: {
      const _exhaustive: never = backfill.status;
      return _exhaustive;
    }
  }
}
