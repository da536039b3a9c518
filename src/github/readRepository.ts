import type { PullRequestFacts } from '../domain/types.js';
import { FlowlightError } from '../errors.js';
import type { GitHub } from './client.js';
import { badResponse, failureFromThrown, type ReadFailure } from './errors.js';
import { completeNodes, readNodePages, toFacts, type RepoRef } from './pullRequestNodes.js';
import { OPEN_PULL_REQUESTS_QUERY, RECENTLY_CLOSED_PULL_REQUESTS_QUERY } from './queries.js';
import { splitRepoName } from './repoName.js';

// Reading one repository's review queue, cheaply:
//   1. a conditional REST request for the most recently updated PR (If-None-Match: a 304 costs
//      no rate limit, and any change to any PR changes that answer and its ETag);
//   2. only when it changed, every open PR through GraphQL, 49 a page (1 point a page);
//   3. on the first read only, PRs closed or merged in the last 14 days, to seed throughput.

/** Where the previous read of a repository left off (the poller keeps it in store/cursors.ts). */
export interface ReadCursor {
  etag: string | null;
  /** whether the recent closed PRs were read once already (throughput history) */
  seeded: boolean;
}

export type RepoRead =
  | { kind: 'unchanged'; etag: string | null; renamedTo?: string }
  | {
      kind: 'changed';
      etag: string | null;
      /** the repository was renamed (GitHub redirected the read): its name now, as GitHub spells it */
      renamedTo?: string;
      /** every OPEN PR; plus, when the cursor was not seeded, PRs closed or merged in the last 14 days */
      pullRequests: PullRequestFacts[];
    }
  | {
      /** the change feed's answer: only the PRs that changed (any state), and those GitHub no longer has */
      kind: 'updated';
      renamedTo?: string;
      pullRequests: PullRequestFacts[];
      vanished: number[];
    }
  | { kind: 'failed'; error: FlowlightError; retryAfter: Date | null };

const SEED_HISTORY_DAYS = 14;

export async function readRepository(gh: GitHub, repo: string, cursor: ReadCursor, now: Date): Promise<RepoRead> {
  const ref = repoRef(repo);
  if (!ref.ok) return failed(ref.failure);
  const probe = await probeForChanges(gh, ref.ref, cursor, now);
  if (probe.kind !== 'changed') return probe;
  const current = probe.renamedTo ? repoRef(probe.renamedTo) : ref;
  const read = await readChangedRepository(gh, current.ok ? current.ref : ref.ref, cursor.seeded, probe.etag, now);
  return read.kind === 'failed' || !probe.renamedTo ? read : { ...read, renamedTo: probe.renamedTo };
}

/** "owner/name" checked before anything is asked of GitHub. */
export function repoRef(repo: string): { ok: true; ref: RepoRef } | { ok: false; failure: ReadFailure } {
  const parts = splitRepoName(repo);
  if (!parts) return { ok: false, failure: { error: new FlowlightError('github_not_found', `"${repo}" is not a repository name: write it as OWNER/REPO, for example octo-org/api.`), retryAfter: null } };
  return { ok: true, ref: { ...parts, fullName: `${parts.owner}/${parts.name}` } };
}

/**
 * Steps 2 and 3 for one repository on its own: pages of 49 PRs with every fact (1 point a page).
 * For a single repository this is the cheapest read there is; many are batched instead (readInBatches.ts).
 */
export async function readChangedRepository(gh: GitHub, ref: RepoRef, seeded: boolean, etag: string | null, now: Date): Promise<RepoRead> {
  const open = await readNodePages(gh, ref, OPEN_PULL_REQUESTS_QUERY, now);
  if (!open.ok) return failed(open.failure);
  const nodes = [...open.nodes];

  if (!seeded) {
    const since = seedSince(now);
    // Ordered by last update: once a whole page was last updated before `since`, nothing later closed within it.
    const closed = await readNodePages(gh, ref, RECENTLY_CLOSED_PULL_REQUESTS_QUERY, now, (page) => page.some((n) => n.updatedAt >= since));
    if (!closed.ok) return failed(closed.failure);
    nodes.push(...closed.nodes.filter((n) => closedRecently(n, since)));
  }

  const complete = await completeNodes(gh, ref, nodes, now);
  if (!complete.ok) return failed(complete.failure);
  return { kind: 'changed', etag, pullRequests: toFacts(ref, complete.nodes) };
}

/** The start of the history a first read seeds. */
export function seedSince(now: Date): Date {
  return new Date(now.getTime() - SEED_HISTORY_DAYS * 86_400_000);
}

/** Closed or merged since `since` (a PR closed without a date counts by its last update). */
export function closedRecently(pr: { closedAt: Date | null; mergedAt: Date | null; updatedAt: Date }, since: Date): boolean {
  return (pr.closedAt ?? pr.mergedAt ?? pr.updatedAt) >= since;
}

export type Probe = { kind: 'changed'; etag: string | null; renamedTo?: string } | Extract<RepoRead, { kind: 'unchanged' | 'failed' }>;

export async function probeForChanges(gh: GitHub, repo: RepoRef, cursor: ReadCursor, now: Date): Promise<Probe> {
  // Until the history is seeded, read in full whatever the ETag says.
  const conditional = cursor.seeded && cursor.etag !== null;
  try {
    const response = await gh.octokit.request('GET /repos/{owner}/{repo}/pulls', {
      owner: repo.owner,
      repo: repo.name,
      state: 'all',
      sort: 'updated',
      direction: 'desc',
      per_page: 1,
      headers: conditional ? { 'if-none-match': cursor.etag! } : {},
      ...(gh.signal ? { request: { signal: gh.signal } } : {}),
    });
    if (!Array.isArray(response.data)) return failed(badResponse(repo.fullName, 'the pull request list was not a JSON list'));
    const renamedTo = await renamedName(gh, repo, response.url);
    return { kind: 'changed', etag: typeof response.headers.etag === 'string' ? response.headers.etag : null, ...(renamedTo ? { renamedTo } : {}) };
  } catch (thrown) {
    if ((thrown as { status?: number }).status === 304) {
      const renamedTo = await renamedName(gh, repo, (thrown as { response?: { url?: string } }).response?.url);
      return { kind: 'unchanged', etag: cursor.etag, ...(renamedTo ? { renamedTo } : {}) };
    }
    return failed(failureFromThrown(thrown, { repo: repo.fullName, authKind: gh.authKind, now }));
  }
}

/**
 * GitHub answers a renamed repository's old name with 301 Moved Permanently to /repositories/ID/...,
 * and fetch follows it (same origin, so the token goes along): the read succeeds, and the final URL
 * is the only sign. Then one more request, also followed, says what the repository is called now.
 * Null when there was no redirect, the name is the same, or GitHub would not say.
 */
async function renamedName(gh: GitHub, repo: RepoRef, finalUrl: string | undefined): Promise<string | null> {
  if (!finalUrl || !/\/repositories\/\d+(\/|$|\?)/.test(new URL(finalUrl, 'http://x').pathname)) return null;
  try {
    const response = await gh.octokit.request('GET /repos/{owner}/{repo}', { owner: repo.owner, repo: repo.name, ...(gh.signal ? { request: { signal: gh.signal } } : {}) });
    const fullName = (response.data as { full_name?: unknown }).full_name;
    return typeof fullName === 'string' && fullName.toLowerCase() !== repo.fullName.toLowerCase() && splitRepoName(fullName) ? fullName : null;
  } catch {
    return null; // the reads themselves worked; the rename is noticed at a later poll
  }
}

export function failed(failure: ReadFailure): Extract<RepoRead, { kind: 'failed' }> {
  return { kind: 'failed', error: failure.error, retryAfter: failure.retryAfter };
}
