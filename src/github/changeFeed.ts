import { z } from 'zod';
import type { PullRequestFacts, PullRequestState } from '../domain/types.js';
import type { GitHub } from './client.js';
import { badResponse, type ReadFailure } from './errors.js';
import { callBatch, partFailure, repositoryDetails } from './batchCall.js';
import { planDetailCalls } from './batchPlan.js';
import { forEachBounded } from './forEachBounded.js';
import { callGraphql } from './graphqlCall.js';
import { isoDate, needsCompletion, parseAnswer, toPullRequestFacts, type PullRequestNode } from './map.js';
import { completeNodes, inNumberOrder, type RepoRef } from './pullRequestNodes.js';
import { batchVariable, CHANGED_PULL_REQUESTS_SEARCH, headsVariable, ONE_POINT_REQUESTS, openHeadsQuery, prAlias, pullRequestDetailsQuery } from './queries.js';

// What changed on pull requests, found without reading repositories (GitHub's pulls list, and so
// any ETag over it, changes with every push to any branch; a PR's updatedAt does not):
//   - searchChanged: one search per owner, `is:pr user:OWNER updated:>=T`, 100 results a point;
//   - listOpenHeads: every open PR's number and updatedAt, 149 repositories a point (reconciliation);
//   - readByNumber: the PRs that need reading, 49 a point, whichever repositories they belong to.

/** One PR as a feed sees it: enough to tell whether the stored facts are behind. */
export interface FeedItem {
  repo: string;
  number: number;
  updatedAt: Date;
  state: PullRequestState;
  closedAt: Date | null;
}

/** GitHub serves at most 1,000 search results; past that the feed cannot be complete. */
export const SEARCH_REACHABLE = 1000;

export type SearchOutcome = { ok: true; items: FeedItem[] } | { ok: false; overflow: true } | { ok: false; overflow: false; failure: ReadFailure };

const feedFields = { number: z.number().int().positive(), updatedAt: isoDate, state: z.enum(['OPEN', 'CLOSED', 'MERGED']), closedAt: isoDate.nullable(), mergedAt: isoDate.nullable() };
const searchPage = z.object({
  search: z.object({
    issueCount: z.number().int().nonnegative(),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    nodes: z.array(z.union([z.object({ __typename: z.literal('PullRequest'), ...feedFields, repository: z.object({ nameWithOwner: z.string() }) }), z.object({ __typename: z.string() })]).nullable()),
  }),
});

/** GitHub's search date: whole seconds, UTC. */
const searchDate = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The owner's PRs updated at or after `since`, newest first, or overflow when more than search can serve. */
export async function searchChanged(gh: GitHub, owner: string, since: Date, now: Date): Promise<SearchOutcome> {
  const q = `is:pr user:${owner} updated:>=${searchDate(since)} sort:updated-desc`;
  const items: FeedItem[] = [];
  let after: string | null = null;
  for (;;) {
    const call = await callGraphql(gh, owner, CHANGED_PULL_REQUESTS_SEARCH, { q, after }, now);
    if (!call.ok) return { ok: false, overflow: false, failure: call.failure };
    const page = parseAnswer(searchPage, call.data);
    if (!page.ok) return { ok: false, overflow: false, failure: badResponse(owner, page.problem) };
    const { issueCount, pageInfo, nodes } = page.value.search;
    if (issueCount > SEARCH_REACHABLE) return { ok: false, overflow: true };
    for (const node of nodes) {
      if (node && 'number' in node) items.push({ repo: node.repository.nameWithOwner, number: node.number, updatedAt: node.updatedAt, state: node.state, closedAt: node.closedAt ?? node.mergedAt });
    }
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return { ok: true, items };
    after = pageInfo.endCursor;
  }
}

export type HeadsRead = { ok: true; nameWithOwner: string; open: FeedItem[] } | { ok: false; failure: ReadFailure };

const headsPart = z.object({
  nameWithOwner: z.string(),
  open: z.object({ pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }), nodes: z.array(z.object(feedFields)) }),
});

/** Every open PR's head (number, updatedAt) of each repository, in calls of 149 repositories (1 point each). */
export async function listOpenHeads(gh: GitHub, refs: readonly RepoRef[], options: { concurrency: number; now: Date }): Promise<Map<string, HeadsRead>> {
  const results = new Map<string, HeadsRead>();
  const progress = refs.map((ref) => ({ ref, after: null as string | null, open: [] as FeedItem[], nameWithOwner: ref.fullName, done: false, alone: false }));
  for (;;) {
    const pending = progress.filter((p) => !p.done && !results.has(p.ref.fullName));
    if (pending.length === 0) break;
    const together = pending.filter((p) => !p.alone);
    const calls: Array<typeof pending> = pending.filter((p) => p.alone).map((p) => [p]);
    for (let i = 0; i < together.length; i += ONE_POINT_REQUESTS) calls.push(together.slice(i, i + ONE_POINT_REQUESTS));
    await forEachBounded(calls, options.concurrency, async (call) => {
      const variables: Record<string, unknown> = {};
      call.forEach((p, i) => {
        variables[headsVariable.owner(i)] = p.ref.owner;
        variables[headsVariable.name(i)] = p.ref.name;
        variables[headsVariable.after(i)] = p.after;
      });
      const answer = await callBatch(gh, openHeadsQuery(call.length), variables, call.length, options.now);
      call.forEach((p, i) => {
        const repo = p.ref.fullName;
        if (!answer.ok) {
          // A call that is no answer (malformed, a 5xx) is asked again one repository at a time: one's trouble stays its own.
          const failure = answer.failureFor(repo);
          if (call.length > 1 && retriesAlone(failure)) return void (p.alone = true);
          return void results.set(repo, { ok: false, failure });
        }
        const part = answer.parts[i]!;
        const failure = partFailure(repo, part);
        if (failure) return void results.set(repo, { ok: false, failure });
        const heads = parseAnswer(headsPart, part.data);
        if (!heads.ok) return void results.set(repo, { ok: false, failure: badResponse(repo, heads.problem) });
        p.nameWithOwner = heads.value.nameWithOwner;
        p.open.push(...heads.value.open.nodes.map((n) => ({ repo: heads.value.nameWithOwner, number: n.number, updatedAt: n.updatedAt, state: n.state, closedAt: n.closedAt ?? n.mergedAt })));
        p.after = heads.value.open.pageInfo.endCursor;
        p.done = !heads.value.open.pageInfo.hasNextPage || p.after === null;
      });
    });
  }
  for (const p of progress) if (!results.has(p.ref.fullName)) results.set(p.ref.fullName, { ok: true, nameWithOwner: p.nameWithOwner, open: p.open });
  return results;
}

function retriesAlone(failure: ReadFailure): boolean {
  return failure.error.code === 'github_bad_response' || failure.error.code === 'github_unavailable' || failure.error.code === 'github_not_found';
}

export type NumbersRead = { ok: true; facts: PullRequestFacts[]; gone: number[] } | { ok: false; failure: ReadFailure };

/**
 * Every fact of the given PRs, 49 a call across repositories (1 point each). A PR GitHub no
 * longer has (deleted) comes back in `gone`; a failure is its repository's alone.
 */
export async function readByNumber(gh: GitHub, wanted: ReadonlyArray<{ ref: RepoRef; numbers: number[] }>, options: { concurrency: number; now: Date }): Promise<Map<string, NumbersRead>> {
  const { now } = options;
  const numbersOf = new Map(wanted.map((w) => [w.ref.fullName, [...new Set(w.numbers)]]));
  const state = new Map(wanted.filter((w) => w.numbers.length > 0).map((w) => [w.ref.fullName, { ref: w.ref, nodes: [] as PullRequestNode[], gone: [] as number[], failure: null as ReadFailure | null, alone: false }]));
  const readCalls = (calls: ReturnType<typeof planDetailCalls<typeof state extends Map<string, infer S> ? S : never>>) => forEachBounded(calls, options.concurrency, async (call) => {
    const variables: Record<string, unknown> = {};
    call.forEach(({ repo, numbers }, i) => {
      variables[batchVariable.owner(i)] = repo.ref.owner;
      variables[batchVariable.name(i)] = repo.ref.name;
      numbers.forEach((number, j) => (variables[batchVariable.number(i, j)] = number));
    });
    const answer = await callBatch(gh, pullRequestDetailsQuery(call.map((w) => w.numbers.length)), variables, call.length, now);
    call.forEach(({ repo, numbers }, i) => {
      if (repo.failure || repo.alone) return;
      if (!answer.ok) {
        const failure = answer.failureFor(repo.ref.fullName);
        if (call.length > 1 && retriesAlone(failure)) {
          repo.alone = true;
          repo.nodes = [];
          repo.gone = [];
        } else repo.failure = failure;
        return;
      }
      const part = answer.parts[i]!;
      const gone = (e: { type?: string; path?: Array<string | number> }) => e.type === 'NOT_FOUND' && e.path?.length === 2 && /^pr\d+$/.test(String(e.path[1]));
      const failure = partFailure(repo.ref.fullName, part, gone);
      if (failure) return void (repo.failure = failure);
      const details = parseAnswer(repositoryDetails, part.data);
      if (!details.ok) return void (repo.failure = badResponse(repo.ref.fullName, details.problem));
      numbers.forEach((number, j) => {
        const node = details.value[prAlias(j)];
        if (node) repo.nodes.push(node);
        else repo.gone.push(number);
      });
    });
  });
  await readCalls(planDetailCalls([...state.values()].map((s) => ({ repo: s, numbers: numbersOf.get(s.ref.fullName)! }))));
  // Those whose shared call was no answer: each on its own now, and what fails now is final.
  const alone = [...state.values()].filter((s) => s.alone);
  for (const s of alone) s.alone = false;
  await readCalls(alone.flatMap((s) => planDetailCalls([{ repo: s, numbers: numbersOf.get(s.ref.fullName)! }])));
  const results = new Map<string, NumbersRead>();
  await forEachBounded([...state.values()], options.concurrency, async (s) => {
    if (s.failure) return void results.set(s.ref.fullName, { ok: false, failure: s.failure });
    const complete = await completeNodes(gh, s.ref, s.nodes.filter(needsCompletion), now);
    if (!complete.ok) return void results.set(s.ref.fullName, { ok: false, failure: complete.failure });
    const nodes = [...s.nodes.filter((n) => !needsCompletion(n)), ...complete.nodes];
    results.set(s.ref.fullName, { ok: true, facts: inNumberOrder(nodes.map((n) => toPullRequestFacts(s.ref.fullName, n))), gone: s.gone });
  });
  return results;
}
