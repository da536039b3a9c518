import { parse, validate as validateDocument } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as queries from '../../src/github/queries.js';
import { githubSchema } from '../../src/sim/graphql/schema.js';
import { queryCost } from '../../src/sim/index.js';

// Every document flowlight sends, checked against GitHub's published schema: a field GitHub
// would reject fails here, not in a poll.

// What @octokit/graphql-schema's `validate` does (graphql-js's rules against the schema built from
// its schema.json), on the schema the simulator already built rather than a second one of its own.
const published = await githubSchema();
const validate = (document: string) => validateDocument(published, parse(document));

const exported: Array<[string, unknown]> = Object.entries(queries);
const documents: Array<[string, string]> = [
  ...exported.filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  ['pullRequestsByNumberQuery(1)', queries.pullRequestsByNumberQuery(1)],
  ['pullRequestsByNumberQuery(49)', queries.pullRequestsByNumberQuery(queries.PULL_REQUESTS_BY_NUMBER_MAX)],
  // batched documents are generated: a sample of each shape they take
  ['repositoryListsQuery(3 repos: open+closed, open, closed)', queries.repositoryListsQuery([{ open: true, closed: true }, { open: true, closed: false }, { open: false, closed: true }])],
  ['repositoryListsQuery(1 repo, open only)', queries.repositoryListsQuery([{ open: true, closed: false }])],
  ['pullRequestDetailsQuery([20, 1, 28])', queries.pullRequestDetailsQuery([20, 1, 28])],
  ['pullRequestDetailsQuery([1])', queries.pullRequestDetailsQuery([1])],
  ['openHeadsQuery(2)', queries.openHeadsQuery(2)],
];

describe('GraphQL documents in src/github/queries.ts', () => {
  it('exports the documents flowlight sends', () => {
    expect(documents.map(([name]) => name)).toEqual(
      expect.arrayContaining(['OPEN_PULL_REQUESTS_QUERY', 'RECENTLY_CLOSED_PULL_REQUESTS_QUERY', 'PULL_REQUEST_OLDER_TIMELINE_QUERY']),
    );
  });

  it.each(documents)('%s validates against GitHub\'s published schema', (_name, document) => {
    expect(validate(document).map((e) => e.message)).toEqual([]);
  });

  it('would catch a field GitHub rejects', () => {
    const broken = queries.OPEN_PULL_REQUESTS_QUERY.replace('isDraft', 'isDraftt').replaceAll('PullRequestFacts', 'BrokenFacts');
    expect(validate(broken).map((e) => e.message)).toEqual([expect.stringContaining('Cannot query field "isDraftt"')]);
  });

  it.each([
    ['OPEN_PULL_REQUESTS_QUERY', queries.OPEN_PULL_REQUESTS_QUERY],
    ['RECENTLY_CLOSED_PULL_REQUESTS_QUERY', queries.RECENTLY_CLOSED_PULL_REQUESTS_QUERY],
    ['PULL_REQUEST_OLDER_TIMELINE_QUERY', queries.PULL_REQUEST_OLDER_TIMELINE_QUERY],
    ['pullRequestsByNumberQuery(49)', queries.pullRequestsByNumberQuery(49)],
  ])('%s costs 1 rate-limit point by GitHub\'s formula', async (_name, document) => {
    expect(queryCost(await githubSchema(), parse(document)).cost).toBe(1);
  });

  it('pages of 50 would cost 2 points: why pages hold 49', async () => {
    const fifty = queries.OPEN_PULL_REQUESTS_QUERY.replace(`first: ${queries.PULL_REQUEST_PAGE_SIZE},`, 'first: 50,');
    expect(queryCost(await githubSchema(), parse(fifty))).toMatchObject({ requests: 151, cost: 2 });
    expect(queryCost(await githubSchema(), parse(queries.OPEN_PULL_REQUESTS_QUERY))).toMatchObject({ requests: 148, cost: 1 });
  });

  it('the change feed costs 1 point a call: a search page of 100, or the open heads of 149 repositories', async () => {
    const schema = await githubSchema();
    expect(queryCost(schema, parse(queries.CHANGED_PULL_REQUESTS_SEARCH), { q: 'is:pr user:acme', after: null })).toMatchObject({ requests: 1, cost: 1 });
    expect(queryCost(schema, parse(queries.openHeadsQuery(149)))).toMatchObject({ requests: 149, cost: 1 });
    expect(validate(queries.openHeadsQuery(149))).toEqual([]);
    expect(() => queries.openHeadsQuery(150)).toThrow(RangeError);
  });

  it('batched calls at their largest cost 1 point: 149 lists, or 49 PRs across repositories', async () => {
    const schema = await githubSchema();
    const lists = [...Array.from({ length: 74 }, () => ({ open: true, closed: true })), { open: true, closed: false }];
    expect(queryCost(schema, parse(queries.repositoryListsQuery(lists)))).toMatchObject({ requests: 149, cost: 1 });
    expect(queryCost(schema, parse(queries.pullRequestDetailsQuery([20, 1, 28])))).toMatchObject({ requests: 147, cost: 1 });
    expect(validate(queries.repositoryListsQuery(lists))).toEqual([]);
  });

  it('one list or one PR more would cost 2 points: why the batches stop where they do', async () => {
    const schema = await githubSchema();
    const fifty = queries.pullRequestDetailsQuery([49]).replace('$r0n48: Int!', '$r0n48: Int!, $r0n49: Int!').replace(
      'pr48: pullRequest(number: $r0n48) { ...PullRequestFacts }',
      'pr48: pullRequest(number: $r0n48) { ...PullRequestFacts }\n    pr49: pullRequest(number: $r0n49) { ...PullRequestFacts }',
    );
    expect(validate(fifty)).toEqual([]);
    expect(queryCost(schema, parse(fifty))).toMatchObject({ requests: 150, cost: 2 });
    expect(() => queries.repositoryListsQuery(Array.from({ length: 75 }, () => ({ open: true, closed: true })))).toThrow(RangeError);
    expect(() => queries.pullRequestDetailsQuery([25, 25])).toThrow(RangeError);
    expect(() => queries.pullRequestDetailsQuery([0, 3])).toThrow(RangeError);
  });

  it('refuses to build a by-number query outside 1..49', () => {
    expect(() => queries.pullRequestsByNumberQuery(0)).toThrow(RangeError);
    expect(() => queries.pullRequestsByNumberQuery(50)).toThrow(RangeError);
  });
});
