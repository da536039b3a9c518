import type { PullRequestFacts } from '../domain/types.js';
import { FlowlightError } from '../errors.js';
import type { GitHub } from './client.js';
import { badResponse } from './errors.js';
import { callGraphql } from './graphqlCall.js';
import { parseAnswer, pullRequestsByNumber, type PullRequestNode } from './map.js';
import { completeNodes, toFacts, type RepoRef } from './pullRequestNodes.js';
import { PULL_REQUESTS_BY_NUMBER_MAX, pullRequestsByNumberQuery } from './queries.js';
import { splitRepoName } from './repoName.js';

// PRs that left the open list, fetched once more by number (aliases, up to 49 a call, 1 point),
// so their merge or close and their final reviews are recorded. A PR GitHub no longer has
// (deleted, or moved to another repository) is simply absent from the answer.

export type PullRequestsRead = PullRequestFacts[] | { kind: 'failed'; error: FlowlightError; retryAfter: Date | null };

export async function readPullRequests(gh: GitHub, repo: string, numbers: number[], now: Date): Promise<PullRequestsRead> {
  const parts = splitRepoName(repo);
  if (!parts) return { kind: 'failed', error: new FlowlightError('github_not_found', `"${repo}" is not a repository name: write it as OWNER/REPO.`), retryAfter: null };
  const ref: RepoRef = { ...parts, fullName: `${parts.owner}/${parts.name}` };
  const wanted = [...new Set(numbers)].filter((n) => Number.isInteger(n) && n > 0);

  const nodes: PullRequestNode[] = [];
  for (let start = 0; start < wanted.length; start += PULL_REQUESTS_BY_NUMBER_MAX) {
    const chunk = wanted.slice(start, start + PULL_REQUESTS_BY_NUMBER_MAX);
    const variables: Record<string, unknown> = { owner: ref.owner, name: ref.name };
    chunk.forEach((number, i) => (variables[`n${i}`] = number));
    const gone = (error: { type?: string; path?: Array<string | number> }) =>
      error.type === 'NOT_FOUND' && error.path?.length === 2 && error.path[0] === 'repository' && /^pr\d+$/.test(String(error.path[1]));
    const call = await callGraphql(gh, ref.fullName, pullRequestsByNumberQuery(chunk.length), variables, now, gone);
    if (!call.ok) return { kind: 'failed', ...call.failure };
    const answer = parseAnswer(pullRequestsByNumber, call.data);
    if (!answer.ok) return { kind: 'failed', ...badResponse(ref.fullName, answer.problem) };
    const goneAliases = new Set(call.toleratedErrors.map((e) => String(e.path?.[1])));
    for (let i = 0; i < chunk.length; i += 1) {
      const node = answer.value.repository[`pr${i}`];
      if (node) nodes.push(node);
      else if (!goneAliases.has(`pr${i}`)) return { kind: 'failed', ...badResponse(ref.fullName, `#${chunk[i]} was missing from the answer`) };
    }
  }

  const complete = await completeNodes(gh, ref, nodes, now);
  if (!complete.ok) return { kind: 'failed', ...complete.failure };
  return toFacts(ref, complete.nodes);
}
