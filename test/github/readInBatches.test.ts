import { describe, expect, it } from 'vitest';
import { readRepositories, readRepository, type RepoRead } from '../../src/github/index.js';
import { makePullRequest, makeRepository, makeScenario, type Scenario, type SimPullRequest } from '../../src/sim/index.js';
import { NOW, TOKEN, startWorld } from './world.js';

// Many changed repositories are read in batched GraphQL calls (lists, then details, 1 point a
// call). These tests hold the batch to the single-repository read: the same facts, and a
// failure that stays with the repository it belongs to, never half a repository passed on.

const at = (iso: string) => new Date(iso);
const fresh = { etag: null, seeded: true };

function shapes(): SimPullRequest[] {
  return [
    makePullRequest({ number: 1, author: 'ana', createdAt: at('2026-11-18T09:00:00Z'), additions: 120, deletions: 30 }),
    makePullRequest({ number: 2, author: 'ana', isDraft: true, createdAt: at('2026-11-18T10:00:00Z') }),
    makePullRequest({ number: 3, author: 'bea', labels: ['On Hold', 'backend'], createdAt: at('2026-11-18T11:00:00Z') }),
    makePullRequest({ number: 4, author: 'bea', createdAt: at('2026-11-17T09:00:00Z'), reviews: [{ author: 'carl', state: 'APPROVED', at: at('2026-11-17T15:00:00Z') }] }),
    makePullRequest({
      number: 5, author: 'carl', createdAt: at('2026-11-16T09:00:00Z'),
      reviewRequests: [{ reviewer: 'ana', at: at('2026-11-16T09:05:00Z'), pending: true }, { reviewer: 'acme/core', at: at('2026-11-16T09:06:00Z'), pending: true }],
    }),
    makePullRequest({ number: 6, author: null, createdAt: at('2026-11-18T09:00:00Z'), reviews: [{ author: null, state: 'COMMENTED', at: at('2026-11-18T10:00:00Z') }] }),
  ];
}

function world(): Scenario {
  const big = Array.from({ length: 130 }, (_, i) => makePullRequest({ number: i + 1, createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000) }));
  const history = [
    makePullRequest({ number: 1, createdAt: at('2026-11-18T09:00:00Z') }),
    makePullRequest({ number: 2, createdAt: at('2026-11-01T09:00:00Z'), state: 'MERGED', mergedAt: at('2026-11-10T09:00:00Z'), closedAt: at('2026-11-10T09:00:00Z') }),
    makePullRequest({ number: 3, createdAt: at('2026-11-01T09:00:00Z'), state: 'CLOSED', closedAt: at('2026-11-19T09:00:00Z') }),
    makePullRequest({ number: 4, createdAt: at('2026-10-01T09:00:00Z'), state: 'MERGED', mergedAt: at('2026-10-20T09:00:00Z'), closedAt: at('2026-10-20T09:00:00Z') }),
  ];
  const long = makePullRequest({
    number: 1, createdAt: at('2026-11-04T09:00:00Z'), labels: Array.from({ length: 35 }, (_, i) => `label-${i}`),
    reviews: [{ author: 'bea', state: 'CHANGES_REQUESTED', at: at('2026-11-04T10:00:00Z') }],
    commits: Array.from({ length: 230 }, (_, i) => ({ at: new Date(Date.UTC(2026, 10, 5) + i * 60_000) })),
  });
  const scenario = makeScenario({ 'acme/api': shapes(), 'acme/big': big, 'acme/history': history, 'acme/long': [long] });
  scenario.repositories.push(makeRepository('acme/empty'));
  return scenario;
}

function changed(read: RepoRead | undefined): Extract<RepoRead, { kind: 'changed' }> {
  if (read?.kind !== 'changed') throw new Error(`expected a changed read, got ${JSON.stringify(read)}`);
  return read;
}

/** A fetch that lets a test act on each GraphQL call: before it is sent, and on its answer. */
function graphqlHook(hook: { before?: (call: number, query: string) => void; answer?: (call: number, body: any) => any }): typeof fetch {
  let calls = 0;
  return async (input, init) => {
    const isGraphql = String(input instanceof Request ? input.url : input).endsWith('/graphql');
    if (!isGraphql) return fetch(input, init);
    const call = ++calls;
    hook.before?.(call, JSON.parse(String(init?.body)).query as string);
    const response = await fetch(input, init);
    if (!hook.answer) return response;
    const body = hook.answer(call, await response.json());
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: response.status, headers });
  };
}

describe('reading many changed repositories in batched calls', () => {
  it('gives exactly the facts that reading each repository on its own gives', async () => {
    const { gh } = await startWorld(world());
    const cursors = [
      { repo: 'acme/api', ...fresh },
      { repo: 'acme/big', ...fresh },
      { repo: 'acme/history', etag: null, seeded: false },
      { repo: 'acme/long', ...fresh },
      { repo: 'acme/empty', etag: null, seeded: false },
    ];
    const batched = await readRepositories(gh, cursors, { concurrency: 4, now: NOW });
    for (const cursor of cursors) {
      const alone = changed(await readRepository(gh, cursor.repo, cursor, NOW));
      expect(changed(batched.get(cursor.repo))).toEqual(alone);
    }
    expect(changed(batched.get('acme/big')).pullRequests).toHaveLength(130); // past one list page of 100
    expect(changed(batched.get('acme/history')).pullRequests.map((p) => [p.number, p.state])).toEqual([[1, 'OPEN'], [2, 'MERGED'], [3, 'CLOSED']]);
    expect(changed(batched.get('acme/long')).pullRequests[0]!.reviews).toEqual([expect.objectContaining({ author: 'bea', state: 'CHANGES_REQUESTED' })]);
    expect(changed(batched.get('acme/long')).pullRequests[0]!.labels).toHaveLength(35);
  });

  it('pays 1 point per call: one list call for many repositories, then 49 PRs a call', async () => {
    const repos = Object.fromEntries(Array.from({ length: 12 }, (_, r) => [`acme/repo-${r}`, Array.from({ length: 9 }, (_, i) => makePullRequest({ number: i + 1 }))]));
    const { gh, sim } = await startWorld(makeScenario(repos));
    const reads = await readRepositories(gh, Object.keys(repos).map((repo) => ({ repo, etag: null, seeded: false })), { concurrency: 4, now: NOW });
    expect([...reads.values()].every((r) => r.kind === 'changed')).toBe(true);
    // 12 probes; 24 lists in 1 call; 108 PRs in 3 calls of at most 49
    expect(sim.stats()).toMatchObject({ restRequests: 12, graphqlRequests: 4, rateLimitPoints: 16 });
  });

  it('reads a single changed repository on its own, without a list call', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': shapes(), 'acme/web': [makePullRequest({ number: 9 })] }));
    const web = changed(await readRepository(gh, 'acme/web', fresh, NOW));
    sim.resetStats();
    const reads = await readRepositories(gh, [{ repo: 'acme/api', ...fresh }, { repo: 'acme/web', etag: web.etag, seeded: true }], { concurrency: 2, now: NOW });
    expect(reads.get('acme/web')?.kind).toBe('unchanged');
    expect(changed(reads.get('acme/api')).pullRequests).toHaveLength(6);
    expect(sim.stats()).toMatchObject({ graphqlRequests: 1, rateLimitPoints: 2 }); // api's probe and one page of its PRs
  });

  it('a repository that vanishes after its probe fails alone, as not found', async () => {
    const scenario = makeScenario({ 'acme/api': shapes(), 'acme/gone': [makePullRequest({ number: 1 })], 'acme/web': [makePullRequest({ number: 9 })] });
    const fetchHook = graphqlHook({ before: () => void (scenario.repositories = scenario.repositories.filter((r) => r.name !== 'gone')) });
    const { gh } = await startWorld(scenario, { github: { fetch: fetchHook } });
    const reads = await readRepositories(gh, ['acme/api', 'acme/gone', 'acme/web'].map((repo) => ({ repo, ...fresh })), { concurrency: 2, now: NOW });
    expect(reads.get('acme/gone')).toMatchObject({ kind: 'failed', error: { code: 'github_not_found', message: expect.stringContaining('acme/gone does not exist') } });
    expect(changed(reads.get('acme/api')).pullRequests).toHaveLength(6);
    expect(changed(reads.get('acme/web')).pullRequests.map((p) => p.number)).toEqual([9]);
  });

  it('a PR deleted between the list and its details is left out; the rest is read', async () => {
    const scenario = makeScenario({ 'acme/api': shapes(), 'acme/web': [makePullRequest({ number: 9 })] });
    const fetchHook = graphqlHook({
      before: (_call, query) => {
        if (query.includes('PullRequestDetails')) scenario.repositories[0]!.pullRequests = scenario.repositories[0]!.pullRequests.filter((p) => p.number !== 2);
      },
    });
    const { gh } = await startWorld(scenario, { github: { fetch: fetchHook } });
    const reads = await readRepositories(gh, ['acme/api', 'acme/web'].map((repo) => ({ repo, ...fresh })), { concurrency: 2, now: NOW });
    expect(changed(reads.get('acme/api')).pullRequests.map((p) => p.number)).toEqual([1, 3, 4, 5, 6]);
    expect(changed(reads.get('acme/web')).pullRequests.map((p) => p.number)).toEqual([9]);
  });

  it('an error in one repository\'s part of the answer fails that repository alone, with its own name', async () => {
    const fetchHook = graphqlHook({
      answer: (_call, body) => {
        if (!body.data?.repo0?.pr0) return body;
        body.data.repo0.pr0 = null;
        body.errors = [{ type: 'INTERNAL', path: ['repo0', 'pr0'], message: 'Something went wrong while loading this pull request.' }];
        return body;
      },
    });
    const { gh } = await startWorld(makeScenario({ 'acme/api': shapes(), 'acme/web': [makePullRequest({ number: 9 })] }), { github: { fetch: fetchHook } });
    const reads = await readRepositories(gh, ['acme/api', 'acme/web'].map((repo) => ({ repo, ...fresh })), { concurrency: 2, now: NOW });
    const api = reads.get('acme/api');
    expect(api).toMatchObject({ kind: 'failed', error: { code: 'github_bad_response' } });
    expect(api?.kind === 'failed' && api.error.message).toMatch(/acme\/api .*GraphQL error at repo0\.pr0/);
    expect(changed(reads.get('acme/web')).pullRequests.map((p) => p.number)).toEqual([9]);
  });

  it('a malformed answer to a whole call: each of its repositories is read again on its own', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': shapes(), 'acme/web': [makePullRequest({ number: 9 })] }));
    sim.inject({ route: 'graphql', body: '{"data": {"repo0": ', times: 1 });
    const reads = await readRepositories(gh, ['acme/api', 'acme/web'].map((repo) => ({ repo, ...fresh })), { concurrency: 2, now: NOW });
    expect(changed(reads.get('acme/api')).pullRequests).toHaveLength(6);
    expect(changed(reads.get('acme/web')).pullRequests.map((p) => p.number)).toEqual([9]);
    expect(sim.stats().graphqlRequests).toBe(3); // the broken list call, then one page for each repository
  });

  it('a whole call that keeps failing fails each of its repositories, each in its own name', async () => {
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': shapes(), 'acme/web': [makePullRequest({ number: 9 })] }));
    sim.inject({ route: 'graphql', status: 502 });
    const reads = await readRepositories(gh, ['acme/api', 'acme/web'].map((repo) => ({ repo, ...fresh })), { concurrency: 2, now: NOW });
    for (const repo of ['acme/api', 'acme/web']) {
      const read = reads.get(repo);
      expect(read).toMatchObject({ kind: 'failed', error: { code: 'github_unavailable' }, retryAfter: null });
      expect(read?.kind === 'failed' && read.error.message).toContain(`GitHub did not answer for ${repo} `);
      expect(read?.kind === 'failed' && read.error.message).not.toContain(TOKEN);
    }
  });

  it('a rate limit between two calls fails every repository in the refused call: none passes with half its PRs', async () => {
    const big = Array.from({ length: 60 }, (_, i) => makePullRequest({ number: i + 1 }));
    // 2 points an hour: the list call and the first 49 PRs; the call with big's last 11 and web's PR is refused
    const { gh, sim } = await startWorld(makeScenario({ 'acme/big': big, 'acme/web': [makePullRequest({ number: 9 })] }), { sim: { rateLimit: 2 } });
    const reads = await readRepositories(gh, ['acme/big', 'acme/web'].map((repo) => ({ repo, ...fresh })), { concurrency: 1, now: NOW });
    for (const repo of ['acme/big', 'acme/web']) {
      expect(reads.get(repo)).toMatchObject({ kind: 'failed', error: { code: 'github_rate_limited' }, retryAfter: new Date(NOW.getTime() + 3_600_000) });
    }
    expect(sim.stats().graphqlRequests).toBe(3); // rate limits are not retried repository by repository
  });
});
