import type { GitHub } from './client.js';
import { badResponse, failureFromThrown, notFound, rateLimited, rateLimitRetryAfter, type ReadFailure } from './errors.js';

// One GraphQL call judged strictly: an answer with `errors` is never taken as complete data,
// whatever partial `data` came with it. Only errors the caller expects (a PR that no longer
// exists) are let through, and the caller is told which.

export interface GraphqlError {
  type?: string;
  message?: string;
  path?: Array<string | number>;
}

export type GraphqlOutcome =
  | { ok: true; data: unknown; toleratedErrors: GraphqlError[] }
  | { ok: false; failure: ReadFailure };

/**
 * The raw answer of one call, before anyone judges its `errors`. A failure of the whole call is
 * worded per repository, because a batched call speaks for several and each gets its own message.
 */
export type GraphqlAnswer =
  | { ok: true; data: unknown; errors: GraphqlError[]; headers: Record<string, unknown> }
  | { ok: false; failureFor: (repo: string) => ReadFailure };

export async function postGraphql(gh: GitHub, query: string, variables: Record<string, unknown>, now: Date): Promise<GraphqlAnswer> {
  let response;
  try {
    response = await gh.graphql(query, variables, gh.signal);
  } catch (thrown) {
    return { ok: false, failureFor: (repo) => failureFromThrown(thrown, { repo, authKind: gh.authKind, now }) };
  }
  const body = response.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, failureFor: (repo) => badResponse(repo, 'the GraphQL answer was not a JSON object') };
  }
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (errors !== undefined && !Array.isArray(errors)) return { ok: false, failureFor: (repo) => badResponse(repo, 'the GraphQL `errors` field was not a list') };
  const list = (errors ?? []) as GraphqlError[];
  // A rate limit stops the whole call, whichever part it was reported on.
  if (list.some((e) => e?.type === 'RATE_LIMITED')) {
    const retryAfter = rateLimitRetryAfter(response.headers, 'rate limit', now) ?? new Date(now.getTime() + 60_000);
    return { ok: false, failureFor: (repo) => rateLimited(repo, retryAfter) };
  }
  return { ok: true, data, errors: list, headers: response.headers };
}

export async function callGraphql(
  gh: GitHub,
  repo: string,
  query: string,
  variables: Record<string, unknown>,
  now: Date,
  tolerate: (error: GraphqlError) => boolean = () => false,
): Promise<GraphqlOutcome> {
  const answer = await postGraphql(gh, query, variables, now);
  if (!answer.ok) return { ok: false, failure: answer.failureFor(repo) };
  const { data, errors } = answer;
  const unexpected = errors.filter((e) => !tolerate(e));
  if (unexpected.length > 0) {
    const first = unexpected[0]!;
    if (first.type === 'NOT_FOUND' && first.path?.length === 1 && first.path[0] === 'repository') return { ok: false, failure: notFound(repo) };
    return { ok: false, failure: badResponse(repo, describeGraphqlError(first)) };
  }
  if (data === undefined || data === null) return { ok: false, failure: badResponse(repo, 'the GraphQL answer had no data') };
  return { ok: true, data, toleratedErrors: errors };
}

/** "GraphQL error at repository.pullRequests.nodes.0: ..." */
export function describeGraphqlError(error: GraphqlError): string {
  const where = error.path?.length ? ` at ${error.path.join('.')}` : '';
  return `GraphQL error${where}: ${error.message ?? error.type ?? 'unknown'}`;
}
