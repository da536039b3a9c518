import type { PullRequestFacts } from '../domain/types.js';
import type { GitHub } from './client.js';
import { badResponse, type ReadFailure } from './errors.js';
import { callGraphql } from './graphqlCall.js';
import { completeNode, needsCompletion, olderTimelinePage, parseAnswer, pullRequestPage, toPullRequestFacts, type OlderTimelinePage, type PullRequestNode } from './map.js';
import { PULL_REQUEST_OLDER_TIMELINE_QUERY } from './queries.js';

// Reading pull-request nodes page by page, completing the rare PR whose timeline did not fit,
// and mapping them to facts. Any failure fails the whole read: nothing partial leaves here.

export type NodesRead = { ok: true; nodes: PullRequestNode[] } | { ok: false; failure: ReadFailure };

export interface RepoRef {
  owner: string;
  name: string;
  /** "owner/name", for messages and facts */
  fullName: string;
}

/** Pages through a pull-request connection until it ends or `wantsMore` says the page was enough. */
export async function readNodePages(
  gh: GitHub,
  repo: RepoRef,
  query: string,
  now: Date,
  wantsMore: (page: PullRequestNode[]) => boolean = () => true,
): Promise<NodesRead> {
  const nodes: PullRequestNode[] = [];
  let after: string | null = null;
  for (;;) {
    const call = await callGraphql(gh, repo.fullName, query, { owner: repo.owner, name: repo.name, after }, now);
    if (!call.ok) return call;
    const page = parseAnswer(pullRequestPage, call.data);
    if (!page.ok) return { ok: false, failure: badResponse(repo.fullName, page.problem) };
    const { nodes: pageNodes, pageInfo } = page.value.repository.pullRequests;
    nodes.push(...pageNodes);
    if (!pageInfo.hasNextPage || !pageInfo.endCursor || !wantsMore(pageNodes)) break;
    after = pageInfo.endCursor;
  }
  return { ok: true, nodes };
}

/** Fetches what did not fit for the PRs that need it (older timeline items, more labels or requests). */
export async function completeNodes(gh: GitHub, repo: RepoRef, nodes: PullRequestNode[], now: Date): Promise<NodesRead> {
  const completed: PullRequestNode[] = [];
  for (const node of nodes) {
    if (!needsCompletion(node)) {
      completed.push(node);
      continue;
    }
    const pages: OlderTimelinePage[] = [];
    let before = node.timelineItems.pageInfo.hasPreviousPage ? node.timelineItems.pageInfo.startCursor : null;
    do {
      const call = await callGraphql(gh, repo.fullName, PULL_REQUEST_OLDER_TIMELINE_QUERY, { owner: repo.owner, name: repo.name, number: node.number, before }, now);
      if (!call.ok) return call;
      const page = parseAnswer(olderTimelinePage, call.data);
      if (!page.ok) return { ok: false, failure: badResponse(repo.fullName, `#${node.number} ${page.problem}`) };
      const older = page.value.repository.pullRequest;
      // The first follow-up starts before the page we have; without an older page, it re-reads the newest.
      pages.push(before === null ? { ...older, timelineItems: { ...older.timelineItems, nodes: [] } } : older);
      before = older.timelineItems.pageInfo.hasPreviousPage ? older.timelineItems.pageInfo.startCursor : null;
    } while (before !== null);
    completed.push(completeNode(node, pages));
  }
  return { ok: true, nodes: completed };
}

export function toFacts(repo: RepoRef, nodes: PullRequestNode[]): PullRequestFacts[] {
  return inNumberOrder(nodes.map((node) => toPullRequestFacts(repo.fullName, node)));
}

/** One fact per PR (the last read wins, should a PR be read twice), in number order. */
export function inNumberOrder(facts: PullRequestFacts[]): PullRequestFacts[] {
  const byNumber = new Map<number, PullRequestFacts>();
  for (const fact of facts) byNumber.set(fact.number, fact);
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}
