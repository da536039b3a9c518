import type { PullRequestFacts } from '../domain/types.js';
import type { GitHub } from './client.js';
import { completeNodes, readNodePages, toFacts } from './pullRequestNodes.js';
import { OPEN_PULL_REQUESTS_QUERY, RECENTLY_CLOSED_PULL_REQUESTS_QUERY } from './queries.js';
import { closedRecently, repoRef } from './readRepository.js';
import type { ReadFailure } from './errors.js';

// A repository's history for a replay: every open PR, and every PR closed or merged since `since`,
// with all their facts (reviews, requests, removals, commits). The same queries the poll runs; closed
// PRs come most recently updated first, so paging stops at the first page updated wholly before `since`.

export type HistoryRead = { ok: true; pullRequests: PullRequestFacts[] } | { ok: false; failure: ReadFailure };

export async function readPullRequestHistory(gh: GitHub, repo: string, since: Date, now: Date): Promise<HistoryRead> {
  const ref = repoRef(repo);
  if (!ref.ok) return ref;
  const open = await readNodePages(gh, ref.ref, OPEN_PULL_REQUESTS_QUERY, now);
  if (!open.ok) return open;
  const closed = await readNodePages(gh, ref.ref, RECENTLY_CLOSED_PULL_REQUESTS_QUERY, now, (page) => page.some((n) => n.updatedAt >= since));
  if (!closed.ok) return closed;
  const complete = await completeNodes(gh, ref.ref, [...open.nodes, ...closed.nodes.filter((n) => closedRecently(n, since))], now);
  if (!complete.ok) return complete;
  return { ok: true, pullRequests: toFacts(ref.ref, complete.nodes) };
}
