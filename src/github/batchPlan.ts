import { DETAILS_PER_CALL, ONE_POINT_REQUESTS, type ListWanted } from './queries.js';

// How the reads of many repositories are packed into calls. GitHub prices a call by the requests
// its connections need (a nested connection once per parent node) / 100, rounded, at least 1. So
// a call of up to 149 requests costs 1 point, and the cheapest poll fills every call up to that:
//   - lists (PR numbers, no nested connections: 1 request each) go 149 to a call, any repositories;
//   - details (3 nested connections a PR: 3 requests) go 49 PRs to a call, any repositories.
// Asking for exactly the PRs that exist, and not `first: N` guesses, is what keeps calls full:
// a guess too high pays 3 requests for every empty slot.
//
// Measured on the simulator (1000 repositories x 10 open PRs, first poll): 1000 REST probes +
// 14 list calls + 205 details calls = 1219 points, down from 3000 with a call per repository.
// The floor with 3 nested connections a PR is 10000 / 49 = 205 details points, so the cost target
// of "1 point per 100 open PRs" (bench/githubCostReport.ts) cannot hold for a first read; later
// polls read only what changed.

/** Greedily fills calls with lists, keeping each repository's lists in the same call. */
export function planListCalls<T extends ListWanted>(wants: readonly T[]): T[][] {
  const calls: T[][] = [];
  let current: T[] = [];
  let requests = 0;
  for (const want of wants) {
    const cost = Number(want.open) + Number(want.closed);
    if (cost === 0) continue;
    if (requests + cost > ONE_POINT_REQUESTS) {
      calls.push(current);
      current = [];
      requests = 0;
    }
    current.push(want);
    requests += cost;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

export interface DetailsWanted<R> {
  repo: R;
  numbers: number[];
}

/** Cuts the PRs of all repositories, in order, into calls of 49; a repository may span two calls. */
export function planDetailCalls<R>(wanted: ReadonlyArray<DetailsWanted<R>>): Array<Array<DetailsWanted<R>>> {
  const calls: Array<Array<DetailsWanted<R>>> = [];
  let current: Array<DetailsWanted<R>> = [];
  let size = 0;
  for (const { repo, numbers } of wanted) {
    let rest = numbers;
    while (rest.length > 0) {
      const room = DETAILS_PER_CALL - size;
      current.push({ repo, numbers: rest.slice(0, room) });
      size += Math.min(room, rest.length);
      rest = rest.slice(room);
      if (size === DETAILS_PER_CALL) {
        calls.push(current);
        current = [];
        size = 0;
      }
    }
  }
  if (current.length > 0) calls.push(current);
  return calls;
}
