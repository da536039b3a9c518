import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimAuth, type SimAppOptions } from './auth.js';
import { FailureRules, type FailureRule, type RequestTarget } from './failures.js';
import { githubSchema } from './graphql/schema.js';
import { parseGraphqlCall, runGraphql } from './graphql/execute.js';
import { RateLimitBudget } from './rateLimit.js';
import { GITHUB_SECONDARY_LIMITS, SecondaryLimits, secondaryPoints, type SecondaryLimitOptions } from './secondaryLimit.js';
import { etagMatches, listPullRequests, listTeamMembers, repositoryId, repositoryJson, strongEtag } from './rest.js';
import { findRepository, fullNameOf, resolveRepository, type Scenario } from './scenario.js';
import { touchChanged, fingerprint } from './touch.js';

// The GitHub simulator: REST and GraphQL over loopback, serving a scenario. Ships with the
// product: the offline demo, the benchmarks and the tests all read "GitHub" through it.

export interface SimulatorOptions {
  port?: number;
  /** added to every answer, e.g. 20 ms to resemble a real network in benchmarks */
  latencyMs?: number;
  /** when set, every request must carry it (`Authorization: token ...`), else 401 */
  token?: string;
  /** a GitHub App whose JWT mints installation tokens at POST /app/installations/:id/access_tokens */
  app?: SimAppOptions;
  /** points per hour for REST and for GraphQL each (GitHub's default for a token: 5000) */
  rateLimit?: number;
  /** the simulator's clock, for updated_at bumps and rate-limit windows (the demo accelerates it) */
  now?: () => Date;
  /**
   * whether the credential may read organization members (a fine-grained token's Organization →
   * Members: Read, a GitHub App's Members permission); default true. Without it GitHub answers the
   * team members endpoint 403 "Resource not accessible by …".
   */
  readsOrgMembers?: boolean;
  /**
   * GitHub's secondary rate limits (points a minute per lane, requests in flight); default GitHub's
   * documented 900 REST / 2,000 GraphQL points a minute and 100 at once. `false` turns them off.
   */
  secondaryLimits?: SecondaryLimitOptions | false;
}

export interface SimStats {
  requests: number;
  notModified: number;
  graphqlRequests: number;
  restRequests: number;
  rateLimitPoints: number;
  /** the GraphQL share of rateLimitPoints (the rest are REST's) */
  graphqlPoints: number;
  byRoute: Record<string, number>;
  /** requests refused by a secondary rate limit (403 with retry-after) */
  secondaryLimited: number;
  /** the most secondary-limit points spent in any minute, per lane, and the most requests in flight at once */
  secondaryPeak: { rest: number; graphql: number; concurrent: number };
}

export interface Simulator {
  /** REST base URL: use as GITHUB_API_URL */
  url: string;
  graphqlUrl: string;
  /** GitHub Enterprise Server shape of the same simulator: https://HOST/api/v3 and /api/graphql */
  ghes: { url: string; graphqlUrl: string };
  stats(): SimStats;
  resetStats(): void;
  inject(rule: FailureRule): void;
  clearFailures(): void;
  /** Change the world: new PRs, reviews, commits. Every changed PR's updated_at is bumped, as on GitHub. */
  update(mutate: (scenario: Scenario) => void): void;
  scenario: Scenario;
  close(): Promise<void>;
}

const emptyStats = (): SimStats => ({ requests: 0, notModified: 0, graphqlRequests: 0, restRequests: 0, rateLimitPoints: 0, graphqlPoints: 0, byRoute: {}, secondaryLimited: 0, secondaryPeak: { rest: 0, graphql: 0, concurrent: 0 } });

export async function startSimulator(scenario: Scenario, options: SimulatorOptions = {}): Promise<Simulator> {
  const schema = await githubSchema();
  const clock = options.now ?? (() => new Date());
  const auth = new SimAuth(options.token, options.app);
  const failures = new FailureRules();
  const budgets = { core: new RateLimitBudget('core', options.rateLimit ?? 5000, clock), graphql: new RateLimitBudget('graphql', options.rateLimit ?? 5000, clock) };
  const secondary = options.secondaryLimits === false ? null : new SecondaryLimits(options.secondaryLimits ?? GITHUB_SECONDARY_LIMITS, clock);
  const closing = new AbortController();
  let stats = emptyStats();
  let base = ''; // known once the server listens

  const count = (route: string) => {
    stats.requests += 1;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...headers });
    res.end(status === 304 ? undefined : text);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api\/graphql$/, '/graphql');
    const method = req.method ?? 'GET';
    const rawBody = await readBody(req);
    const target = targetOf(method, path, rawBody, scenario);
    count(routeName(method, target.kind));
    if (target.kind === 'graphql') stats.graphqlRequests += 1;
    else if (target.kind !== 'unknown') stats.restRequests += 1;

    if (secondary) {
      const lane = target.kind === 'graphql' ? 'graphql' : 'rest';
      const verdict = secondary.admit(lane, secondaryPoints(lane, method, lane === 'graphql' && isMutation(rawBody)));
      if (!verdict.ok) {
        stats.secondaryLimited += 1;
        if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal: closing.signal });
        send(res, 403, {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        }, { 'retry-after': String(verdict.retryAfterSeconds) });
        return;
      }
      res.once('close', verdict.release);
      stats.secondaryPeak = { ...secondary.peak };
    }

    if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal: closing.signal });
    const rule = failures.take(target);
    if (rule) {
      if (rule.delayMs) await sleep(rule.delayMs, undefined, { signal: closing.signal });
      if (rule.resetConnection) {
        req.socket.destroy();
        return;
      }
      if (rule.status !== undefined || rule.body !== undefined) {
        const status = rule.status ?? 200;
        const budget = target.kind === 'graphql' ? budgets.graphql : budgets.core;
        send(res, status, rule.body ?? { message: messageFor(status), documentation_url: 'https://docs.github.com/rest' }, { ...budget.headers(), ...rule.headers });
        return;
      }
    }

    if (target.kind === 'app') return mintToken(req, res, path);
    if (!auth.allows(req.headers.authorization)) {
      send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      return;
    }
    const readable = (repo: { owner: string; name: string }) => auth.canRead(req.headers.authorization, `${repo.owner}/${repo.name}`);
    if (target.kind === 'graphql') return graphql(res, rawBody, rule?.graphqlErrors ?? false, rule?.headers, readable);
    if (target.kind === 'unknown' || method !== 'GET') {
      send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
      return;
    }
    if (target.kind === 'team_members') return teamMembers(req, res, target.repo ?? '', url.searchParams, rule?.headers);
    const [owner, name] = (target.repo ?? '').split('/');
    const repo = findRepository(scenario, owner ?? '', name ?? '');
    const renamed = repo ? undefined : resolveRepository(scenario, owner ?? '', name ?? '');
    if (renamed) {
      // GitHub's answer for a former name: 301 to the repository's id, the rest of the path and query kept.
      const location = `${base}${url.pathname.startsWith('/api/v3/') ? '/api/v3' : ''}/repositories/${repositoryId(renamed)}${target.kind === 'pulls' ? '/pulls' : ''}${url.search}`;
      send(res, 301, { message: 'Moved Permanently', url: location, documentation_url: 'https://docs.github.com/v3/#http-redirects' }, { location });
      return;
    }
    if (!repo || !readable(repo)) {
      send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' });
      return;
    }
    const body = JSON.stringify(target.kind === 'repo' ? repositoryJson(repo) : listPullRequests(repo, url.searchParams));
    const etag = strongEtag(body);
    if (etagMatches(req.headers['if-none-match'], etag)) {
      stats.notModified += 1;
      send(res, 304, '', { etag, ...budgets.core.headers(), ...rule?.headers });
      return;
    }
    if (!budgets.core.charge(1)) {
      send(res, 403, { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, budgets.core.headers());
      return;
    }
    stats.rateLimitPoints += 1;
    send(res, 200, body, { etag, 'cache-control': 'private, max-age=60, s-maxage=60', vary: 'Accept, Authorization, Cookie', ...budgets.core.headers(), ...rule?.headers });
  }

  /** GET /orgs/{org}/teams/{team_slug}/members: refused without the members permission, as on GitHub. */
  function teamMembers(req: http.IncomingMessage, res: http.ServerResponse, combinedSlug: string, query: URLSearchParams, extraHeaders: Record<string, string> = {}): void {
    const docs = 'https://docs.github.com/rest/teams/members#list-team-members';
    if (options.readsOrgMembers === false) {
      const integration = /^(?:token|bearer)\s+ghs_/i.test(req.headers.authorization ?? '');
      send(res, 403, { message: `Resource not accessible by ${integration ? 'integration' : 'personal access token'}`, documentation_url: docs, status: '403' }, budgets.core.headers());
      return;
    }
    const listed = listTeamMembers(scenario, combinedSlug, query);
    if (!listed) {
      send(res, 404, { message: 'Not Found', documentation_url: docs, status: '404' }, budgets.core.headers());
      return;
    }
    const body = JSON.stringify(listed.members);
    const etag = strongEtag(body);
    const link: Record<string, string> = {};
    if (listed.nextPage) {
      const next = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      next.searchParams.set('page', String(listed.nextPage));
      link.link = `<${next.href}>; rel="next"`;
    }
    if (etagMatches(req.headers['if-none-match'], etag)) {
      stats.notModified += 1;
      send(res, 304, '', { etag, ...budgets.core.headers(), ...extraHeaders });
      return;
    }
    if (!budgets.core.charge(1)) {
      send(res, 403, { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, budgets.core.headers());
      return;
    }
    stats.rateLimitPoints += 1;
    send(res, 200, body, { etag, ...link, ...budgets.core.headers(), ...extraHeaders });
  }

  async function graphql(res: http.ServerResponse, rawBody: string, partial: boolean, extraHeaders: Record<string, string> = {}, readable: (repo: { owner: string; name: string }) => boolean = () => true): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      send(res, 400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' });
      return;
    }
    const call = parseGraphqlCall(parsed);
    if (!call) {
      send(res, 200, { errors: [{ message: 'A query attribute must be specified and must be a string.' }] });
      return;
    }
    // What the caller may not read does not exist for it, as on GitHub.
    const visible = scenario.repositories.every(readable) ? scenario : { ...scenario, repositories: scenario.repositories.filter(readable) };
    const outcome = await runGraphql(schema, visible, call, (cost) =>
      budgets.graphql.charge(cost)
        ? { ok: true, rateLimit: budgets.graphql.graphqlRateLimit() }
        : { ok: false, message: 'API rate limit already exceeded for user ID 1.' },
    );
    stats.rateLimitPoints += outcome.cost;
    stats.graphqlPoints += outcome.cost;
    const body = partial ? withPartialFailure(outcome.body) : outcome.body;
    send(res, 200, body, { ...budgets.graphql.headers(), ...extraHeaders });
  }

  function mintToken(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    const installationId = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(path)?.[1] ?? '';
    const minted = auth.mintInstallationToken(req.headers.authorization, installationId, clock());
    if ('error' in minted) {
      send(res, minted.status, { message: minted.error, documentation_url: 'https://docs.github.com/rest/apps/apps' });
      return;
    }
    send(res, 201, {
      token: minted.token,
      expires_at: minted.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: { pull_requests: 'read', metadata: 'read' },
      repository_selection: auth.repositorySelection,
    });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) {
        req.socket.destroy();
        return;
      }
      if (!res.headersSent) send(res, 500, { message: `Simulator error: ${(error as Error).message}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    graphqlUrl: `${base}/graphql`,
    ghes: { url: `${base}/api/v3`, graphqlUrl: `${base}/api/graphql` },
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
      secondary?.restart();
      budgets.core.restart();
      budgets.graphql.restart();
    },
    inject: (rule) => failures.add(rule),
    clearFailures: () => failures.clear(),
    update: (mutate) => {
      const before = fingerprint(scenario);
      mutate(scenario);
      touchChanged(scenario, before, clock());
    },
    scenario,
    close: async () => {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function targetOf(method: string, path: string, rawBody: string, scenario: Scenario): RequestTarget {
  if (method === 'POST' && path === '/graphql') return { kind: 'graphql', repo: graphqlRepo(rawBody), repos: batchedRepos(rawBody) };
  // Where a renamed repository's redirect points: /repositories/ID and /repositories/ID/pulls.
  const byId = /^\/repositories\/(\d+)(\/pulls)?$/.exec(path);
  if (byId) {
    const repo = scenario.repositories.find((r) => repositoryId(r) === Number(byId[1]));
    return repo ? { kind: byId[2] ? 'pulls' : 'repo', repo: fullNameOf(repo) } : { kind: 'unknown', repo: null };
  }
  if (method === 'POST' && /^\/app\/installations\/[^/]+\/access_tokens$/.test(path)) return { kind: 'app', repo: null };
  const members = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/.exec(path);
  if (members) return { kind: 'team_members', repo: `${decodeURIComponent(members[1]!)}/${decodeURIComponent(members[2]!)}` };
  const pulls = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(path);
  if (pulls) return { kind: 'pulls', repo: `${decodeURIComponent(pulls[1]!)}/${decodeURIComponent(pulls[2]!)}` };
  const repo = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
  if (repo) return { kind: 'repo', repo: `${decodeURIComponent(repo[1]!)}/${decodeURIComponent(repo[2]!)}` };
  return { kind: 'unknown', repo: null };
}

/** The repositories a batched call names (owner0/name0, owner1/name1, ...): a failure injected for one hits the call. */
function batchedRepos(rawBody: string): string[] {
  try {
    const variables = (JSON.parse(rawBody) as { variables?: Record<string, unknown> }).variables ?? {};
    const repos: string[] = [];
    for (let i = 0; typeof variables[`owner${i}`] === 'string'; i += 1) repos.push(`${String(variables[`owner${i}`])}/${String(variables[`name${i}`])}`);
    return repos;
  } catch {
    return [];
  }
}

/** A GraphQL document whose operation is a mutation (5 secondary-limit points instead of 1). */
function isMutation(rawBody: string): boolean {
  try {
    const query = (JSON.parse(rawBody) as { query?: unknown }).query;
    return typeof query === 'string' && /^\s*mutation\b/.test(query);
  } catch {
    return false;
  }
}

/** flowlight's queries name their repository with the `owner` and `name` variables. */
function graphqlRepo(rawBody: string): string | null {
  try {
    const variables = (JSON.parse(rawBody) as { variables?: { owner?: unknown; name?: unknown } }).variables;
    return typeof variables?.owner === 'string' && typeof variables.name === 'string' ? `${variables.owner}/${variables.name}` : null;
  } catch {
    return null;
  }
}

function routeName(method: string, kind: RequestTarget['kind']): string {
  switch (kind) {
    case 'pulls':
      return 'GET /repos/{owner}/{repo}/pulls';
    case 'repo':
      return 'GET /repos/{owner}/{repo}';
    case 'graphql':
      return 'POST /graphql';
    case 'app':
      return 'POST /app/installations/{id}/access_tokens';
    case 'team_members':
      return 'GET /orgs/{org}/teams/{team_slug}/members';
    case 'unknown':
      return `${method} (unknown route)`;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/** GitHub's answer for a nested field it could not resolve: that part of `data` is null, with an error beside it. */
function withPartialFailure(body: { data?: unknown; errors?: unknown[] }): { data?: unknown; errors?: unknown[] } {
  const data = structuredClone(body.data) as Record<string, unknown> | null;
  const path: Array<string | number> = [];
  const repository = data?.repository as Record<string, unknown> | null | undefined;
  const connection = repository?.pullRequests as { nodes?: unknown[] } | undefined;
  if (connection?.nodes && connection.nodes.length > 0) {
    connection.nodes[0] = null;
    path.push('repository', 'pullRequests', 'nodes', 0);
  } else if (repository) {
    const key = Object.keys(repository)[0]!;
    repository[key] = null;
    path.push('repository', key);
  }
  const error = { type: 'INTERNAL', path, message: 'Simulated failure: this part of the answer could not be loaded.' };
  return { data, errors: [...(body.errors ?? []), error] };
}

function messageFor(status: number): string {
  return http.STATUS_CODES[status] ?? 'Error';
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
