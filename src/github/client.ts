import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { GitHubAuth } from '../config.js';
import type { Logger } from '../logger.js';
import { timedFetch } from './timedFetch.js';
import { unthrottledLane } from './unthrottledLane.js';

// One Octokit, built once, with throttling (backs off as GitHub asks) and retry (5xx, resets,
// timeouts). Every delay and limit is an option so tests run in milliseconds, never minutes.

export interface RateLimitNotice {
  kind: 'primary' | 'secondary';
  retryAfterSeconds: number;
  method: string;
  url: string;
  /** whether flowlight waits and retries within this poll, or gives up until the limit resets */
  retrying: boolean;
}

export interface GitHubOptions {
  auth: GitHubAuth;
  /** REST base, e.g. https://api.github.com or https://HOST/api/v3 */
  apiUrl: string;
  /** https://api.github.com/graphql, or https://HOST/api/graphql on GitHub Enterprise Server */
  graphqlUrl: string;
  logger: Logger;
  /** retries for 5xx, timeouts and connection resets (default 2) */
  retries?: number;
  /** base of the retry back-off: the n-th retry waits n² x this (default 1000 ms) */
  retryBaseMs?: number;
  /** a request without an answer after this long is abandoned and retried (default 10 s, GitHub's own GraphQL timeout) */
  requestTimeoutMs?: number;
  /** a secondary rate limit asking for a wait up to this long is waited out once; longer ones fail the read (default 60 s: GitHub's points window is a minute) */
  maxRateLimitWaitSeconds?: number;
  /** scales the waits rate limits ask for: 1000 ms per second on GitHub; tests make it tiny */
  rateLimitWaitMsPerSecond?: number;
  onRateLimit?: (notice: RateLimitNotice) => void;
  /** a fetch to use instead of the global one */
  fetch?: typeof fetch;
  /**
   * Waits for GitHub's budget before each request (src/github/budgetTracker.ts). It wraps the timed
   * fetch, so a wait for the next minute does not count against the request's time limit.
   */
  pace?: (inner: typeof fetch) => typeof fetch;
}

export interface GraphqlResponse {
  status: number;
  headers: Record<string, string | number | undefined>;
  /** the raw body: `{ data, errors }` when GitHub answered with JSON, anything else when it did not */
  body: unknown;
}

export interface GitHub {
  octokit: Octokit;
  /** POST a document to the GraphQL endpoint; the body comes back unjudged (see graphqlCall.ts). */
  graphql(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<GraphqlResponse>;
  /** when set, every read through this GitHub is abandoned once it aborts (the poll's time limit; see withSignal) */
  signal?: AbortSignal;
  authKind: GitHubAuth['kind'];
  apiUrl: string;
  logger: Logger;
}

const FlowlightOctokit = Octokit.plugin(throttling, retry);

export function createGitHub(options: GitHubOptions): GitHub {
  const { logger } = options;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const onLimit = (kind: RateLimitNotice['kind']) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const retrying = kind === 'secondary' && retryCount === 0 && retryAfter <= maxWait;
    const notice: RateLimitNotice = { kind, retryAfterSeconds: retryAfter, method: request.method, url: request.url, retrying };
    logger.warn({ rateLimit: notice }, `GitHub ${kind} rate limit on ${request.method} ${request.url}: ${retrying ? `retrying in ${retryAfter} s` : `giving up until it resets in ${retryAfter} s`}`);
    options.onRateLimit?.(notice);
    return retrying;
  };

  const octokit = new FlowlightOctokit({
    baseUrl: options.apiUrl,
    userAgent: 'flowlight',
    ...authOptions(options.auth),
    request: { fetch: paced(options.pace, timedFetch(options.fetch ?? globalThis.fetch, options.requestTimeoutMs ?? 10_000)) },
    log: {
      debug: (message: string) => logger.debug(message),
      // Octokit logs every request ("GET /x - 200 in 5ms") at info and every non-2xx, 304s included,
      // at error. Reads are reported by the poll with what to do, so these per-request lines are debug.
      info: (message: string) => (isRequestLine(message) ? logger.debug(message) : logger.info(message)),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => (isRequestLine(message) ? logger.debug(message) : logger.error(message)),
    },
    retry: {
      retries: options.retries ?? 2,
      retryAfterBaseValue: options.retryBaseMs ?? 1000,
      // Rate limits (403, 429) belong to the throttling plugin; the rest are answers, not accidents.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: options.rateLimitWaitMsPerSecond ?? 1000,
      fallbackSecondaryRateRetryAfter: 60,
      write: unthrottledLane(),
    },
  });

  return {
    octokit,
    authKind: options.auth.kind,
    apiUrl: options.apiUrl,
    logger,
    graphql: async (query, variables, signal) => {
      const response = await octokit.request({ method: 'POST', url: options.graphqlUrl, query, variables, ...(signal ? { request: { signal } } : {}) });
      return { status: response.status, headers: response.headers, body: response.data };
    },
  };
}

function paced(pace: GitHubOptions['pace'], inner: typeof fetch): typeof fetch {
  return pace ? pace(inner) : inner;
}

/** The same GitHub whose reads are all abandoned when `signal` aborts (Octokit's request.signal reaches fetch). */
export function withSignal(gh: GitHub, signal: AbortSignal): GitHub {
  return { ...gh, signal };
}

function authOptions(auth: GitHubAuth): Record<string, unknown> {
  switch (auth.kind) {
    case 'token':
      return { auth: auth.token };
    case 'app':
      return { authStrategy: createAppAuth, auth: { appId: auth.appId, privateKey: auth.privateKey, installationId: auth.installationId } };
    case 'none':
      return {};
    default: {
      const _exhaustive: never = auth;
      return _exhaustive;
    }
  }
}

/** Octokit's request-log line: "GET /repos/o/r/pulls - 304 with id ABC in 12ms". */
export function isRequestLine(message: string): boolean {
  return /^[A-Z]+ \S+ - \d{3}( with id \S+)? in \d+ms$/.test(message);
}
