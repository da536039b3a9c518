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

export async function callGraphql(
  gh: GitHub,
  repo: string,
  query: string,
  variables: Record<string, unknown>,
  now: Date,
  tolerate: (error: GraphqlError) => boolean = () => false,
): Promise<GraphqlOutcome> {
  let response;
  try {
    response = await gh.graphql(query, variables);
  } catch (thrown) {
    return { ok: false, failure: failureFromThrown(thrown, { repo, authKind: gh.authKind, now }) };
  }
  const body = response.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, failure: badResponse(repo, 'the GraphQL answer was not a JSON object') };
  }
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (errors !== undefined && !Array.isArray(errors)) return { ok: false, failure: badResponse(repo, 'the GraphQL `errors` field was not a list') };
  const list = (errors ?? []) as GraphqlError[];
  const unexpected = list.filter((e) => !tolerate(e));
  if (unexpected.length > 0) {
    const first = unexpected[0]!;
    if (unexpected.some((e) => e?.type === 'RATE_LIMITED')) {
      const retryAfter = rateLimitRetryAfter(response.headers, 'rate limit', now) ?? new Date(now.getTime() + 60_000);
      return { ok: false, failure: rateLimited(repo, retryAfter) };
    }
    if (first.type === 'NOT_FOUND' && first.path?.length === 1 && first.path[0] === 'repository') return { ok: false, failure: notFound(repo) };
    const where = first.path?.length ? ` at ${first.path.join('.')}` : '';
    return { ok: false, failure: badResponse(repo, `GraphQL error${where}: ${first.message ?? first.type ?? 'unknown'}`) };
  }
  if (data === undefined || data === null) return { ok: false, failure: badResponse(repo, 'the GraphQL answer had no data') };
  return { ok: true, data, toleratedErrors: list };
}
