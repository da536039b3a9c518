import type { RateLimitReading } from './metrics.js';

// GitHub reports its rate limit in x-ratelimit-* headers on every answer (REST and GraphQL, 304s
// included). This fetch passes each answer through unchanged and hands the reading on, so the
// metrics see every request Octokit makes without GitHub code knowing about metrics.

export function observeRateLimits(fetchImpl: typeof fetch, seen: (reading: RateLimitReading) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const reading = rateLimitReading(response.headers);
    if (reading) seen(reading);
    return response;
  };
}

export function rateLimitReading(headers: Headers): RateLimitReading | null {
  const number = (name: string) => {
    const value = Number.parseInt(headers.get(`x-ratelimit-${name}`) ?? '', 10);
    return Number.isFinite(value) ? value : null;
  };
  const limit = number('limit');
  const remaining = number('remaining');
  const used = number('used');
  const reset = number('reset');
  if (limit === null || remaining === null || reset === null) return null;
  return { resource: headers.get('x-ratelimit-resource') ?? 'core', limit, remaining, used: used ?? limit - remaining, reset };
}
