import type { GitHubAuth } from '../config.js';
import { cappedRetryAfter } from '../domain/rateLimitWait.js';
import { FlowlightError } from '../errors.js';
import { redactSecrets } from '../logger.js';

// Every way a read of GitHub can fail, turned into a coded error that says what to do, plus when
// to try again. The one place that knows GitHub's rate-limit and failure shapes. Never a token.

export interface ReadFailure {
  error: FlowlightError;
  /** do not call GitHub for this repository before this time; null: the next poll may try */
  retryAfter: Date | null;
}

export interface FailureContext {
  repo: string;
  authKind: GitHubAuth['kind'];
  now: Date;
}

interface HttpErrorShape {
  status?: number;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

const KEEPS_DATA = 'flowlight keeps the last good data and tries again at the next poll.';

export function unavailable(repo: string, detail: string): ReadFailure {
  return {
    error: new FlowlightError('github_unavailable', `GitHub did not answer for ${repo} (${clean(detail)}); ${KEEPS_DATA}`),
    retryAfter: null,
  };
}

/** The poll's time limit ran out before this repository's read finished (its requests were abandoned). */
export function pollTimedOut(repo: string): ReadFailure {
  return {
    error: new FlowlightError('github_unavailable', `GitHub did not answer for ${repo} before the poll timed out; ${KEEPS_DATA}`),
    retryAfter: null,
  };
}

export function badResponse(repo: string, detail: string): ReadFailure {
  return {
    error: new FlowlightError('github_bad_response', `GitHub sent an incomplete or malformed answer for ${repo} (${clean(detail)}); ${KEEPS_DATA}`),
    retryAfter: null,
  };
}

export function notFound(repo: string): ReadFailure {
  return {
    error: new FlowlightError('github_not_found',
      `${repo} does not exist or the token cannot see it: check the name, and grant the token access to it (Pull requests: read, Metadata: read).`),
    retryAfter: null,
  };
}

function unauthorized(repo: string, authKind: GitHubAuth['kind']): ReadFailure {
  const fix = authKind === 'app'
    ? 'the GitHub App credentials were rejected: check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID, and that the app is still installed'
    : authKind === 'token'
      ? 'the token is invalid or expired: create a new one (a fine-grained token with Pull requests: read and Metadata: read) and set GITHUB_TOKEN'
      : 'GitHub wants credentials: create a fine-grained token with Pull requests: read and Metadata: read and set GITHUB_TOKEN';
  return { error: new FlowlightError('github_unauthorized', `GitHub refused to read ${repo}: ${fix}.`), retryAfter: null };
}

export function rateLimited(repo: string, retryAfter: Date): ReadFailure {
  return {
    error: new FlowlightError('github_rate_limited',
      `GitHub's rate limit is used up; flowlight reads ${repo} again after ${retryAfter.toISOString()} and keeps the last good data until then.`,
      { retryAfter: retryAfter.toISOString() }),
    retryAfter,
  };
}

/**
 * When a rate-limited answer says to come back, from retry-after or x-ratelimit-reset, never more than
 * an hour ahead (cappedRetryAfter); null when it is no rate limit.
 */
export function rateLimitRetryAfter(headers: Record<string, unknown> | undefined, message: string, now: Date): Date | null {
  const asked = askedRetryAfter(headers, message, now);
  return asked ? cappedRetryAfter(asked, now) : null;
}

function askedRetryAfter(headers: Record<string, unknown> | undefined, message: string, now: Date): Date | null {
  const retryAfterSeconds = Number(headers?.['retry-after']);
  if (Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0 && headers?.['retry-after'] !== undefined) {
    return new Date(now.getTime() + retryAfterSeconds * 1000);
  }
  const reset = Number(headers?.['x-ratelimit-reset']);
  if (String(headers?.['x-ratelimit-remaining']) === '0' && Number.isFinite(reset)) return new Date(Math.max(reset * 1000, now.getTime()));
  if (/secondary rate limit|abuse/i.test(message)) return new Date(now.getTime() + 60_000);
  if (/rate limit/i.test(message) && Number.isFinite(reset)) return new Date(Math.max(reset * 1000, now.getTime()));
  return null;
}

/** A thrown request (Octokit RequestError, fetch failure, throttling error) → a ReadFailure. */
export function failureFromThrown(thrown: unknown, context: FailureContext): ReadFailure {
  const { repo, now } = context;
  const error = (thrown ?? {}) as HttpErrorShape;
  const status = error.status ?? error.response?.status;
  const headers = error.response?.headers;
  const message = typeof error.message === 'string' ? error.message : String(thrown);
  // The only signal flowlight hands to a request is the poll's time limit (timedFetch.ts words its own timeout).
  if ((thrown as { name?: unknown } | null)?.name === 'AbortError') return pollTimedOut(repo);

  // GraphQL's rate limit arrives as a 200 with errors of type RATE_LIMITED (rethrown by plugin-throttling).
  const graphqlErrors = (error.response?.data as { errors?: Array<{ type?: string }> } | undefined)?.errors;
  if (graphqlErrors?.some((e) => e?.type === 'RATE_LIMITED')) {
    return rateLimited(repo, rateLimitRetryAfter(headers, 'rate limit', now) ?? new Date(now.getTime() + 60_000));
  }
  switch (status) {
    case 401:
      return unauthorized(repo, context.authKind);
    case 404:
    case 410:
      return notFound(repo);
    case 403:
    case 429: {
      const retryAfter = rateLimitRetryAfter(headers, message, now);
      if (retryAfter) return rateLimited(repo, retryAfter);
      if (status === 429) return rateLimited(repo, new Date(now.getTime() + 60_000));
      return {
        error: new FlowlightError('github_not_found',
          `GitHub forbids reading ${repo} (${clean(message)}): grant the token access to it (Pull requests: read, Metadata: read), or authorise it for the organisation's SSO.`),
        retryAfter: null,
      };
    }
    default:
      if (status !== undefined && status >= 500) return unavailable(repo, status === 500 && !error.response ? message : `HTTP ${status}`);
      if (status !== undefined && status >= 400) return badResponse(repo, `HTTP ${status}: ${message}`);
      return unavailable(repo, message);
  }
}

/** Upstream text may echo a URL or header: keep it short and free of anything token-shaped. */
function clean(text: string): string {
  const oneLine = redactSecrets(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine;
}
