// GitHub's secondary rate limits, as documented ("About secondary rate limits"): no more than 100
// requests in flight at once (REST and GraphQL together), no more than 900 points a minute on REST
// and 2,000 on GraphQL, where a GET (or HEAD, OPTIONS) is 1 point and a write 5, and a GraphQL
// query 1 point and a mutation 5. A 304 counts like any request: a conditional probe is cheap for
// the primary limit, not for this one. Past a limit GitHub answers 403 (or 429) with retry-after.

export type SecondaryLane = 'rest' | 'graphql';

export interface SecondaryLimitOptions {
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
  concurrent: number;
}

export const GITHUB_SECONDARY_LIMITS: SecondaryLimitOptions = { restPointsPerMinute: 900, graphqlPointsPerMinute: 2000, concurrent: 100 };

const MINUTE_MS = 60_000;

export type SecondaryVerdict = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number; reason: 'concurrent' | 'points' };

export class SecondaryLimits {
  private inFlight = 0;
  /** points spent in the last minute, oldest first: [when, points] */
  private readonly spent: Record<SecondaryLane, Array<[number, number]>> = { rest: [], graphql: [] };
  /** the most points seen in any minute window, and the most requests in flight at once */
  peak = { rest: 0, graphql: 0, concurrent: 0 };
  refused = 0;

  constructor(
    private readonly limits: SecondaryLimitOptions,
    private readonly clock: () => Date,
  ) {}

  /** Admits one request of `points` on `lane`, or says how long to wait. Call release() when answered. */
  admit(lane: SecondaryLane, points: number): SecondaryVerdict {
    const now = this.clock().getTime();
    const window = this.spent[lane];
    while (window.length > 0 && window[0]![0] <= now - MINUTE_MS) window.shift();
    const used = window.reduce((sum, [, p]) => sum + p, 0);
    const limit = lane === 'rest' ? this.limits.restPointsPerMinute : this.limits.graphqlPointsPerMinute;
    if (this.inFlight + 1 > this.limits.concurrent) {
      this.refused += 1;
      return { ok: false, retryAfterSeconds: 60, reason: 'concurrent' };
    }
    if (used + points > limit) {
      this.refused += 1;
      // The wait GitHub asks for: until the oldest points in the window are a minute old (at least 1 s).
      const oldest = window[0]?.[0] ?? now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + MINUTE_MS - now) / 1000)), reason: 'points' };
    }
    window.push([now, points]);
    this.peak[lane] = Math.max(this.peak[lane], used + points);
    this.inFlight += 1;
    this.peak.concurrent = Math.max(this.peak.concurrent, this.inFlight);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (!released) this.inFlight -= 1;
        released = true;
      },
    };
  }

  /** A fresh start (the benchmark's runs begin equal). */
  restart(): void {
    this.spent.rest = [];
    this.spent.graphql = [];
    this.peak = { rest: 0, graphql: 0, concurrent: 0 };
    this.refused = 0;
  }
}

/** Points a request costs against the secondary limit: reads and GraphQL queries 1, writes and mutations 5. */
export function secondaryPoints(lane: SecondaryLane, method: string, graphqlMutation: boolean): number {
  if (lane === 'graphql') return graphqlMutation ? 5 : 1;
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 1 : 5;
}
