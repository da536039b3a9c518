import type { GitHub } from './client.js';
import type { ReadFailure } from './errors.js';
import { badResponse } from './errors.js';
import { callBatch, partFailure, repositoryDetails, repositoryLists, type BatchPart } from './batchCall.js';
import { planDetailCalls, planListCalls, type DetailsWanted } from './batchPlan.js';
import { forEachBounded } from './forEachBounded.js';
import type { PullRequestFacts } from '../domain/types.js';
import { needsCompletion, parseAnswer, toPullRequestFacts, type PullRequestNode } from './map.js';
import { completeNodes, inNumberOrder, type RepoRef } from './pullRequestNodes.js';
import { batchVariable, prAlias, pullRequestDetailsQuery, repositoryListsQuery } from './queries.js';
import { closedRecently, failed, readChangedRepository, seedSince, type RepoRead } from './readRepository.js';

// Many changed repositories read together, in calls that each cost 1 point (see batchPlan.ts):
//   1. lists: every open PR's number, and on a first read the recently updated closed ones
//      (no nested connections: 149 lists a call, so 1000 repositories are listed for 7-14 points);
//   2. details: every fact of exactly those PRs, 49 a call, whichever repositories they belong to;
//   3. per repository, the rare PR whose timeline did not fit, then the facts.
// A repository's trouble stays its own: GitHub answers per alias. When a whole call fails with
// an answer that is no answer (malformed, or a timeout on a big call), each repository in it is
// read again on its own, the smaller calls GitHub can serve; a rate limit fails them all at once.

export interface ChangedRepository {
  ref: RepoRef;
  etag: string | null;
  seeded: boolean;
}

interface Progress {
  changed: ChangedRepository;
  /** whether the next list call asks for this repository's open / closed PRs */
  open: boolean;
  closed: boolean;
  openAfter: string | null;
  closedAfter: string | null;
  /** PRs to read in full: every open one, plus the recently closed ones on a first read */
  numbers: number[];
  /** PRs read whole, mapped as they arrive so a big poll never holds both answers and facts */
  facts: PullRequestFacts[];
  /** the rare PRs whose timeline, labels or review requests did not fit */
  incomplete: PullRequestNode[];
  /** set once this repository leaves the batch: failed, or to be read on its own */
  outcome: { kind: 'failed'; failure: ReadFailure } | { kind: 'alone' } | null;
}

export async function readChangedInBatches(
  gh: GitHub,
  repos: readonly ChangedRepository[],
  options: { concurrency: number; now: Date },
): Promise<Map<string, RepoRead>> {
  const { concurrency, now } = options;
  const since = seedSince(now);
  const progress: Progress[] = repos.map((changed) => ({
    changed, open: true, closed: !changed.seeded, openAfter: null, closedAfter: null, numbers: [], facts: [], incomplete: [], outcome: null,
  }));
  const inBatch = (p: Progress) => p.outcome === null;

  // 1. Lists, round after round until every list has ended (more than 100 open PRs takes two).
  for (;;) {
    const listing = progress.filter((p) => inBatch(p) && (p.open || p.closed));
    if (listing.length === 0) break;
    await forEachBounded(planListCalls(listing), concurrency, (call) => readLists(gh, call, since, now));
  }

  // 2. Details, 49 PRs a call.
  const wanted = progress.filter(inBatch).map((p) => ({ repo: p, numbers: p.numbers }));
  await forEachBounded(planDetailCalls(wanted), concurrency, (call) => readDetails(gh, call, now));

  // 3. Per repository: complete, map, or read on its own what the batch could not serve.
  const results = new Map<string, RepoRead>();
  await forEachBounded(progress, concurrency, async (p) => {
    results.set(p.changed.ref.fullName, await finish(gh, p, now));
  });
  return results;
}

async function readLists(gh: GitHub, call: Progress[], since: Date, now: Date): Promise<void> {
  const variables: Record<string, unknown> = {};
  call.forEach((p, i) => {
    variables[batchVariable.owner(i)] = p.changed.ref.owner;
    variables[batchVariable.name(i)] = p.changed.ref.name;
    if (p.open) variables[batchVariable.openAfter(i)] = p.openAfter;
    if (p.closed) variables[batchVariable.closedAfter(i)] = p.closedAfter;
  });
  const answer = await callBatch(gh, repositoryListsQuery(call), variables, call.length, now);
  if (!answer.ok) return leaveBatch(call, answer.failureFor);
  call.forEach((p, i) => takeLists(p, answer.parts[i]!, since));
}

function takeLists(p: Progress, part: BatchPart, since: Date): void {
  const repo = p.changed.ref.fullName;
  const failure = partFailure(repo, part);
  if (failure) return fail(p, failure);
  const lists = parseAnswer(repositoryLists, part.data);
  if (!lists.ok) return fail(p, badResponse(repo, lists.problem));
  const { open, closed } = lists.value;
  if (p.open) {
    if (!open) return fail(p, badResponse(repo, 'the open pull requests were missing from the answer'));
    p.numbers.push(...open.nodes.map((n) => n.number));
    p.openAfter = open.pageInfo.endCursor;
    p.open = open.pageInfo.hasNextPage && open.pageInfo.endCursor !== null;
  }
  if (p.closed) {
    if (!closed) return fail(p, badResponse(repo, 'the closed pull requests were missing from the answer'));
    p.numbers.push(...closed.nodes.filter((n) => closedRecently(n, since)).map((n) => n.number));
    p.closedAfter = closed.pageInfo.endCursor;
    // Newest updates first: once the page's last PR was updated before `since`, no later one closed after it.
    const last = closed.nodes.at(-1);
    p.closed = closed.pageInfo.hasNextPage && closed.pageInfo.endCursor !== null && last !== undefined && last.updatedAt >= since;
  }
}

async function readDetails(gh: GitHub, call: Array<DetailsWanted<Progress>>, now: Date): Promise<void> {
  // A repository that failed in another call meanwhile is still asked here; its answer is dropped in finish().
  const variables: Record<string, unknown> = {};
  call.forEach(({ repo, numbers }, i) => {
    variables[batchVariable.owner(i)] = repo.changed.ref.owner;
    variables[batchVariable.name(i)] = repo.changed.ref.name;
    numbers.forEach((number, j) => (variables[batchVariable.number(i, j)] = number));
  });
  const answer = await callBatch(gh, pullRequestDetailsQuery(call.map((w) => w.numbers.length)), variables, call.length, now);
  if (!answer.ok) return leaveBatch(call.map((w) => w.repo), answer.failureFor);
  call.forEach((wanted, i) => takeDetails(wanted, answer.parts[i]!));
}

function takeDetails({ repo: p, numbers }: DetailsWanted<Progress>, part: BatchPart): void {
  const repo = p.changed.ref.fullName;
  // A PR deleted between the list and this call answers NOT_FOUND: it is gone, not a failure.
  const gone = (e: { type?: string; path?: Array<string | number> }) => e.type === 'NOT_FOUND' && e.path?.length === 2 && /^pr\d+$/.test(String(e.path[1]));
  const failure = partFailure(repo, part, gone);
  if (failure) return fail(p, failure);
  const details = parseAnswer(repositoryDetails, part.data);
  if (!details.ok) return fail(p, badResponse(repo, details.problem));
  const goneAliases = new Set(part.errors.filter(gone).map((e) => String(e.path?.[1])));
  for (let j = 0; j < numbers.length; j += 1) {
    const node = details.value[prAlias(j)];
    if (node && needsCompletion(node)) p.incomplete.push(node);
    else if (node) p.facts.push(toPullRequestFacts(repo, node));
    else if (!goneAliases.has(prAlias(j))) return fail(p, badResponse(repo, `#${numbers[j]} was missing from the answer`));
  }
}

async function finish(gh: GitHub, p: Progress, now: Date): Promise<RepoRead> {
  const { ref, etag, seeded } = p.changed;
  switch (p.outcome?.kind) {
    case 'failed':
      return failed(p.outcome.failure);
    case 'alone':
      return readChangedRepository(gh, ref, seeded, etag, now);
    case undefined: {
      const complete = await completeNodes(gh, ref, p.incomplete, now);
      if (!complete.ok) return failed(complete.failure);
      const completed = complete.nodes.map((node) => toPullRequestFacts(ref.fullName, node));
      return { kind: 'changed', etag, pullRequests: inNumberOrder([...p.facts, ...completed]) };
    }
    default: {
      const _exhaustive: never = p.outcome;
      return _exhaustive;
    }
  }
}

/** A whole call failed: a rate limit or refusal fails each repository; anything else sends each to be read alone. */
function leaveBatch(call: Progress[], failureFor: (repo: string) => ReadFailure): void {
  for (const p of call) {
    if (p.outcome !== null) continue;
    const failure = failureFor(p.changed.ref.fullName);
    const code = failure.error.code;
    const alone = call.length > 1 && (code === 'github_bad_response' || code === 'github_unavailable');
    p.outcome = alone ? { kind: 'alone' } : { kind: 'failed', failure };
  }
}

function fail(p: Progress, failure: ReadFailure): void {
  if (p.outcome === null) p.outcome = { kind: 'failed', failure };
}
