// Which watched repositories we cannot vouch for: no successful read for `staleAfterPolls` poll
// intervals. A repository never read successfully is stale at once, error or not: its PRs are
// simply missing, and a light computed without them would be green on data we did not read.

import { formatElapsed, plural } from './format.js';
import type { Reason } from './rules.js';
import type { RepoHealth } from './types.js';

export interface StaleRepo {
  repo: string;
  lastSuccessAt: Date | null;
  error: string | null;
  /** whole poll intervals since the last successful read; null when never read */
  missedPolls: number | null;
}

export function findStaleRepos(repos: RepoHealth[], now: Date, pollIntervalMs: number, staleAfterPolls: number): StaleRepo[] {
  const interval = Math.max(1, pollIntervalMs);
  const stale: StaleRepo[] = [];
  for (const health of repos) {
    if (health.lastSuccessAt === null) {
      stale.push({ repo: health.repo, lastSuccessAt: null, error: health.lastError, missedPolls: null });
      continue;
    }
    const missedPolls = Math.floor((now.getTime() - health.lastSuccessAt.getTime()) / interval);
    if (missedPolls >= staleAfterPolls) stale.push({ repo: health.repo, lastSuccessAt: health.lastSuccessAt, error: health.lastError, missedPolls });
  }
  return stale;
}

/** Why the light is grey, for one repository: "acme/api has not been read for 12 min (4 polls): token expired". */
export function staleReason(stale: StaleRepo, staleAfterPolls: number, now: Date): Reason {
  const error = stale.error ? `: ${stale.error}` : '';
  const text = stale.lastSuccessAt === null || stale.missedPolls === null
    ? `${stale.repo} has not been read yet${error}`
    : `${stale.repo} has not been read for ${formatElapsed(now.getTime() - stale.lastSuccessAt.getTime())} (${stale.missedPolls} missed ${plural(stale.missedPolls, 'poll', 'polls')}; grey at ${staleAfterPolls})${error}`;
  return { rule: 'stale', value: stale.missedPolls ?? staleAfterPolls, threshold: staleAfterPolls, light: 'grey', text, repo: stale.repo };
}
