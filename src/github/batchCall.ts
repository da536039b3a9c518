import { z } from 'zod';
import type { GitHub } from './client.js';
import { badResponse, notFound, type ReadFailure } from './errors.js';
import { describeGraphqlError, postGraphql, type GraphqlError } from './graphqlCall.js';
import { isoDate, pullRequestNode } from './map.js';
import { repoAlias } from './queries.js';

// One call that speaks for several repositories (aliases repo0, repo1, ...). GitHub reports a
// problem with one alias as an error whose `path` starts with that alias, beside the others' data:
// such an error belongs to that repository alone. An error outside every alias, or an answer that
// is no answer at all, fails the whole call, and each repository in it hears why in its own name.

export interface BatchPart {
  /** this repository's alias in `data`; undefined when GitHub left it out */
  data: unknown;
  /** errors whose path starts with this repository's alias */
  errors: GraphqlError[];
}

export type BatchAnswer = { ok: true; parts: BatchPart[] } | { ok: false; failureFor: (repo: string) => ReadFailure };

export async function callBatch(gh: GitHub, query: string, variables: Record<string, unknown>, repoCount: number, now: Date): Promise<BatchAnswer> {
  const answer = await postGraphql(gh, query, variables, now);
  if (!answer.ok) return answer;
  const aliases = Array.from({ length: repoCount }, (_, i) => repoAlias(i));
  const stray = answer.errors.find((e) => !aliases.includes(String(e?.path?.[0])));
  if (stray) return { ok: false, failureFor: (repo) => badResponse(repo, describeGraphqlError(stray)) };
  const data = answer.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, failureFor: (repo) => badResponse(repo, 'the GraphQL answer had no data') };
  return {
    ok: true,
    parts: aliases.map((alias) => ({
      data: (data as Record<string, unknown>)[alias],
      errors: answer.errors.filter((e) => e.path?.[0] === alias),
    })),
  };
}

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

/** One repository's lists from repositoryListsQuery: each present exactly when it was asked for. */
export const repositoryLists = z.object({
  open: z.object({ totalCount: z.number().int().nonnegative(), pageInfo, nodes: z.array(z.object({ number: z.number().int().positive() })) }).optional(),
  closed: z
    .object({
      pageInfo,
      nodes: z.array(z.object({ number: z.number().int().positive(), updatedAt: isoDate, closedAt: isoDate.nullable(), mergedAt: isoDate.nullable() })),
    })
    .optional(),
});
export type RepositoryLists = z.infer<typeof repositoryLists>;

/** One repository's PRs from pullRequestDetailsQuery (pr0, pr1, ...); null where GitHub no longer has the PR. */
export const repositoryDetails = z.record(z.string(), pullRequestNode.nullable());

/** The failure of one repository's part, or null when the part is whole. `tolerate` lets a known loss through. */
export function partFailure(repo: string, part: BatchPart, tolerate: (error: GraphqlError) => boolean = () => false): ReadFailure | null {
  const unexpected = part.errors.filter((e) => !tolerate(e));
  const first = unexpected[0];
  if (first) return first.type === 'NOT_FOUND' && first.path?.length === 1 ? notFound(repo) : badResponse(repo, describeGraphqlError(first));
  if (part.data === undefined || part.data === null) return badResponse(repo, 'its part of a batched answer was missing');
  return null;
}
