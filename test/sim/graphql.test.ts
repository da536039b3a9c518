import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { githubSchema } from '../../src/sim/graphql/schema.js';
import { makePullRequest, makeRepository, queryCost, startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function start(options: SimulatorOptions = {}) {
  const prs = Array.from({ length: 5 }, (_, i) =>
    makePullRequest({
      number: i + 1,
      createdAt: new Date(Date.UTC(2026, 10, 2 + i, 9)),
      author: i === 4 ? null : 'ana',
      labels: i === 0 ? ['hotfix'] : [],
      reviewRequests: i === 1 ? [{ reviewer: 'acme/core', at: new Date('2026-11-03T10:00:00Z'), pending: true }, { reviewer: 'bea', at: new Date('2026-11-03T10:00:00Z'), pending: false }] : [],
      reviews: i === 2 ? [{ author: 'bea', state: 'CHANGES_REQUESTED', at: new Date('2026-11-05T10:00:00Z') }] : [],
    }),
  );
  const sim = await startSimulator({ repositories: [makeRepository('acme/api', prs, { requireReviews: true })] }, { now: () => NOW, ...options });
  sims.push(sim);
  return sim;
}

async function graphql(sim: Simulator, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(sim.graphqlUrl, { method: 'POST', body: JSON.stringify({ query, variables }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: any[] } };
}

describe('the simulator\'s GraphQL rate-limit cost', () => {
  it('follows GitHub\'s documented example: 1 + 100 + 5000 requests cost 51 points', async () => {
    const schema = await githubSchema();
    const document = parse(`query { viewer { login repositories(first: 100) { edges { node { id
      issues(first: 50) { totalCount edges { node { id labels(first: 60) { edges { node { name } } } } } } } } } } }`);
    expect(queryCost(schema, document)).toEqual({ cost: 51, requests: 5101, nodeCount: 100 + 5000 + 300000 });
  });

  it('costs at least one point, and reads page sizes from variables', async () => {
    const schema = await githubSchema();
    expect(queryCost(schema, parse('{ viewer { login } }')).cost).toBe(1);
    const document = parse('query($n: Int!) { repository(owner: "a", name: "b") { pullRequests(first: $n) { nodes { labels(first: 5) { nodes { name } } } } } }');
    expect(queryCost(schema, document, { n: 100 })).toMatchObject({ requests: 101, cost: 1 });
    expect(queryCost(schema, document, { n: 100 }).nodeCount).toBe(600);
  });
});

describe('the simulator over GraphQL', () => {
  it('executes against GitHub\'s schema and reports the call\'s cost in rateLimit', async () => {
    const sim = await start();
    const { body, headers } = await graphql(sim, `query { rateLimit { cost remaining limit }
      repository(owner: "acme", name: "api") { nameWithOwner pullRequests(first: 10) { totalCount nodes { number author { login } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.rateLimit).toEqual({ cost: 1, remaining: 4999, limit: 5000 });
    expect(body.data.repository.pullRequests.totalCount).toBe(5);
    expect(body.data.repository.pullRequests.nodes.at(-1)).toEqual({ number: 5, author: null });
    expect(headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(sim.stats()).toMatchObject({ graphqlRequests: 1, rateLimitPoints: 1 });
  });

  it('rejects a field GitHub does not have, without charging', async () => {
    const sim = await start();
    const { status, body } = await graphql(sim, '{ repository(owner: "acme", name: "api") { pullRequests(first: 1) { nodes { reviewerCount } } } }');
    expect(status).toBe(200);
    expect(body.errors?.[0].message).toMatch(/Cannot query field "reviewerCount" on type "PullRequest"/);
    expect(sim.stats().rateLimitPoints).toBe(0);
  });

  it('refuses a connection without first or last, as GitHub does', async () => {
    const sim = await start();
    const { body } = await graphql(sim, '{ repository(owner: "acme", name: "api") { pullRequests { totalCount } } }');
    expect(body.errors?.[0].message).toMatch(/must provide a `first` or `last` value/);
  });

  it('answers NOT_FOUND, typed, for a repository that does not exist', async () => {
    const sim = await start();
    const { body } = await graphql(sim, '{ repository(owner: "acme", name: "nope") { id } }');
    expect(body.data).toEqual({ repository: null });
    expect(body.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND', path: ['repository'] })]);
  });

  it('pages with cursors, ordered as asked', async () => {
    const sim = await start();
    const query = `query($after: String) { repository(owner: "acme", name: "api") {
      pullRequests(first: 2, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) { pageInfo { hasNextPage endCursor } nodes { number } } } }`;
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const { body } = await graphql(sim, query, { after });
      const page = body.data.repository.pullRequests;
      seen.push(...page.nodes.map((n: { number: number }) => n.number));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('serves labels, pending review requests (users and teams), reviews, reviewDecision and the filtered timeline', async () => {
    const sim = await start();
    const { body } = await graphql(sim, `{ repository(owner: "acme", name: "api") {
      one: pullRequest(number: 1) { labels(first: 5) { nodes { name } } reviewDecision }
      two: pullRequest(number: 2) { reviewRequests(first: 5) { nodes { requestedReviewer { __typename ... on Team { combinedSlug } ... on User { login } } } } }
      three: pullRequest(number: 3) { reviewDecision
        timelineItems(last: 10, itemTypes: [PULL_REQUEST_REVIEW, PULL_REQUEST_COMMIT]) { nodes { __typename
          ... on PullRequestReview { state author { login } submittedAt }
          ... on PullRequestCommit { commit { committedDate } } } } } } }`);
    expect(body.errors).toBeUndefined();
    const repo = body.data.repository;
    expect(repo.one).toEqual({ labels: { nodes: [{ name: 'hotfix' }] }, reviewDecision: 'REVIEW_REQUIRED' });
    expect(repo.two.reviewRequests.nodes).toEqual([{ requestedReviewer: { __typename: 'Team', combinedSlug: 'acme/core' } }]);
    expect(repo.three.reviewDecision).toBe('CHANGES_REQUESTED');
    expect(repo.three.timelineItems.nodes).toEqual([
      { __typename: 'PullRequestCommit', commit: { committedDate: '2026-11-04T09:00:00.000Z' } },
      { __typename: 'PullRequestReview', state: 'CHANGES_REQUESTED', author: { login: 'bea' }, submittedAt: '2026-11-05T10:00:00.000Z' },
    ]);
  });

  it('answers RATE_LIMITED with remaining 0 once the GraphQL budget is spent', async () => {
    const sim = await start({ rateLimit: 1 });
    await graphql(sim, '{ viewer { login } }');
    const { status, headers, body } = await graphql(sim, '{ viewer { login } }');
    expect(status).toBe(200);
    expect(body.errors).toEqual([expect.objectContaining({ type: 'RATE_LIMITED' })]);
    expect(headers.get('x-ratelimit-remaining')).toBe('0');
  });
});
