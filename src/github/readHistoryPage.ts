import type { PullRequestFacts } from '../domain/types.js';
import type { GitHub } from './client.js';
import { badResponse, type ReadFailure } from './errors.js';
import { callGraphql } from './graphqlCall.js';
import { parseAnswer, pullRequestPage } from './map.js';
import { completeNodes, toFacts } from './pullRequestNodes.js';
import { RECENTLY_CLOSED_PULL_REQUESTS_QUERY } from './queries.js';
import { closedRecently, repoRef } from './readRepository.js';

// One step of a repository's history backfill: one page of 49 closed and merged PRs, most recently
// updated first (1 point, plus one call for the rare PR whose timeline did not fit), from where the
// previous step stopped. The caller stores the facts and the cursor, so a restart resumes here.

export type HistoryPage =
  | {
      ok: true;
      /** PRs of this page closed or merged since `since` */
      pullRequests: PullRequestFacts[];
      /** where the next page starts; null when the history back to `since` is read */
      nextCursor: string | null;
      /** the least recent update on this page: how far back the history is read */
      oldestUpdatedAt: Date | null;
    }
  | { ok: false; failure: ReadFailure };

export async function readHistoryPage(gh: GitHub, repo: string, after: string | null, since: Date, now: Date): Promise<HistoryPage> {
  const ref = repoRef(repo);
  if (!ref.ok) return { ok: false, failure: ref.failure };
  const { owner, name, fullName } = ref.ref;
  const call = await callGraphql(gh, fullName, RECENTLY_CLOSED_PULL_REQUESTS_QUERY, { owner, name, after }, now);
  if (!call.ok) return call;
  const page = parseAnswer(pullRequestPage, call.data);
  if (!page.ok) return { ok: false, failure: badResponse(fullName, page.problem) };
  const { nodes, pageInfo } = page.value.repository.pullRequests;
  const wanted = nodes.filter((n) => closedRecently(n, since));
  const complete = await completeNodes(gh, ref.ref, wanted, now);
  if (!complete.ok) return complete;
  const oldestUpdatedAt = nodes.length > 0 ? new Date(Math.min(...nodes.map((n) => n.updatedAt.getTime()))) : null;
  // Ordered by last update: once a page reaches back past `since`, nothing older closed within it.
  const reachedSince = oldestUpdatedAt === null || oldestUpdatedAt < since;
  const nextCursor = !reachedSince && pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null;
  return { ok: true, pullRequests: toFacts(ref.ref, complete.nodes), nextCursor, oldestUpdatedAt };
}
