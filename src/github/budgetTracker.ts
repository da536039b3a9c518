import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  GITHUB_SECONDARY_ALLOWANCE,
  paceRequest,
  pointsThisMinute,
  requestPoints,
  withinMinute,
  type BudgetLane,
  type PrimaryWindow,
  type SecondaryAllowance,
  type Spend,
} from '../domain/githubBudget.js';

// The GitHub budget as this process sees it, one object built by main.ts: every request to GitHub
// passes through `pacedFetch`, which asks the domain (paceRequest) whether it may go, waits if not,
// counts the secondary points it spends, and reads the primary limit GitHub reports on the answer
// (x-ratelimit-* headers, on REST and GraphQL answers alike). A secondary-limit refusal (403/429 with
// retry-after) holds the whole lane until then, so one refusal does not become a hundred.

export type BudgetResource = 'core' | 'graphql' | 'search';

export interface BudgetSnapshot {
  /** per resource, as GitHub last reported it; absent until its first answer */
  primary: Partial<Record<BudgetResource, PrimaryWindow>>;
  /** secondary points spent in the last minute, per lane */
  thisMinute: Record<BudgetLane, number>;
  /** secondary points spent since start, per lane */
  total: Record<BudgetLane, number>;
  allowance: SecondaryAllowance;
  /** how long requests waited for the budget since start (ms), and how often GitHub refused one anyway */
  waitedMs: number;
  refusals: number;
}

export interface BudgetTrackerOptions {
  clock: () => Date;
  /** default GitHub's documented 900 REST / 2,000 GraphQL points a minute and 100 at once */
  allowance?: SecondaryAllowance;
  /** a wait longer than this is not waited: the request goes and GitHub's answer decides (default 60 s) */
  maxWaitMs?: number;
  /** how to wait; tests pass one that moves their fixed clock instead of sleeping */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** told of every point spent (metrics) */
  onSpent?: (lane: BudgetLane, points: number) => void;
}

export interface BudgetTracker {
  pacedFetch(fetchImpl: typeof fetch): typeof fetch;
  snapshot(): BudgetSnapshot;
}

const RESOURCES: readonly BudgetResource[] = ['core', 'graphql', 'search'];

export function createBudgetTracker(options: BudgetTrackerOptions): BudgetTracker {
  const { clock } = options;
  const allowance = options.allowance ?? GITHUB_SECONDARY_ALLOWANCE;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, signal ? { signal } : {}));
  const spent: Record<BudgetLane, Spend[]> = { rest: [], graphql: [] };
  const total: Record<BudgetLane, number> = { rest: 0, graphql: 0 };
  const refusedUntil: Record<BudgetLane, Date | null> = { rest: null, graphql: null };
  const primary: Partial<Record<BudgetResource, PrimaryWindow>> = {};
  let inFlight = 0;
  let waitedMs = 0;
  let refusals = 0;
  let answered: Array<() => void> = [];

  const release = () => {
    inFlight -= 1;
    const waiting = answered;
    answered = [];
    for (const wake of waiting) wake();
  };

  async function admit(lane: BudgetLane, points: number, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = clock();
      spent[lane] = withinMinute(spent[lane], now);
      const decision = paceRequest({ lane, points }, { spent, inFlight, refusedUntil, primary: primary[resourceOf(lane)] ?? null }, allowance, now);
      const go = () => {
        spent[lane].push({ at: now, points });
        total[lane] += points;
        inFlight += 1;
        options.onSpent?.(lane, points);
      };
      switch (decision.kind) {
        case 'go':
          return go();
        case 'wait-for-answer':
          await new Promise<void>((resolve) => answered.push(resolve));
          continue;
        case 'wait': {
          const ms = decision.until.getTime() - now.getTime();
          // Longer than we may wait (an exhausted hour): let GitHub answer; the poll records its reset.
          if (ms > maxWaitMs) return go();
          waitedMs += ms;
          await sleep(ms, signal);
          continue;
        }
        default: {
          const _exhaustive: never = decision;
          return _exhaustive;
        }
      }
    }
  }

  function learn(lane: BudgetLane, response: Response): void {
    const headers = response.headers;
    const number = (name: string) => {
      const value = Number.parseInt(headers.get(name) ?? '', 10);
      return Number.isFinite(value) ? value : null;
    };
    const limit = number('x-ratelimit-limit');
    const remaining = number('x-ratelimit-remaining');
    const reset = number('x-ratelimit-reset');
    const resource = (headers.get('x-ratelimit-resource') ?? resourceOf(lane)) as BudgetResource;
    if (limit !== null && remaining !== null && reset !== null && RESOURCES.includes(resource)) {
      const resetAt = new Date(reset * 1000);
      const known = primary[resource];
      // Answers arrive out of order: within one window, the lowest remaining is the latest truth.
      if (!known || resetAt.getTime() > known.resetAt.getTime() || (resetAt.getTime() === known.resetAt.getTime() && remaining < known.remaining)) primary[resource] = { limit, remaining, resetAt };
    }
    const retryAfter = number('retry-after');
    if ((response.status === 403 || response.status === 429) && retryAfter !== null && (remaining === null || remaining > 0)) {
      refusals += 1;
      refusedUntil[lane] = new Date(clock().getTime() + retryAfter * 1000);
    }
  }

  return {
    pacedFetch: (fetchImpl) => async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const lane: BudgetLane = /\/graphql$/.test(new URL(url).pathname) ? 'graphql' : 'rest';
      const mutation = lane === 'graphql' && typeof init?.body === 'string' && isMutation(init.body);
      await admit(lane, requestPoints(lane, method, mutation), init?.signal ?? undefined);
      try {
        const response = await fetchImpl(input, init);
        learn(lane, response);
        return response;
      } finally {
        release();
      }
    },
    snapshot() {
      const now = clock();
      return {
        primary: { ...primary },
        thisMinute: { rest: pointsThisMinute(spent.rest, now), graphql: pointsThisMinute(spent.graphql, now) },
        total: { ...total },
        allowance,
        waitedMs,
        refusals,
      };
    },
  };
}

function resourceOf(lane: BudgetLane): BudgetResource {
  return lane === 'rest' ? 'core' : 'graphql';
}

function isMutation(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { query?: unknown };
    return typeof parsed.query === 'string' && /^\s*mutation\b/.test(parsed.query);
  } catch {
    return false;
  }
}
