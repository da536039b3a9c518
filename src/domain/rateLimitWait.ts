// How long flowlight honours a "come back later" from GitHub. A reset or Retry-After is taken at its
// word up to an hour: GitHub's own windows are an hour long, so anything further (an
// `x-ratelimit-reset` a year ahead, `retry-after: 99999999`) is a broken answer, and believing it
// would silence a repository for as long, saved across restarts.

export const MAX_RATE_LIMIT_WAIT_MS = 60 * 60_000;

/** The time to try again: what GitHub asked for, but never more than an hour from `now`. */
export function cappedRetryAfter(asked: Date, now: Date): Date {
  const latest = now.getTime() + MAX_RATE_LIMIT_WAIT_MS;
  if (!Number.isFinite(asked.getTime())) return new Date(latest); // `retry-after: 1e400`: no date at all
  return new Date(Math.min(Math.max(asked.getTime(), now.getTime()), latest));
}

/** Whether a stored wait still holds at `now`; a wait beyond the cap (saved by an older version) does not. */
export function isWaiting(retryAfter: Date | null, now: Date): boolean {
  if (!retryAfter) return false;
  return retryAfter > now && retryAfter.getTime() - now.getTime() <= MAX_RATE_LIMIT_WAIT_MS;
}
