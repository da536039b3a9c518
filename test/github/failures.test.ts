import { describe, expect, it } from 'vitest';
import { readRepositories, readRepository, type RepoRead } from '../../src/github/index.js';
import { makePullRequest, makeScenario } from '../../src/sim/index.js';
import { NOW, TOKEN, startWorld } from './world.js';

// Every way reading GitHub fails, through the simulator's failure injection over loopback:
// the right code, a message that says what to do, when to try again, and never a token.

const scenario = () => makeScenario({ 'acme/api': [makePullRequest({ number: 1 }), makePullRequest({ number: 2 })], 'acme/web': [makePullRequest({ number: 3 })] });
const fresh = { etag: null, seeded: true };

function failed(read: RepoRead | undefined): Extract<RepoRead, { kind: 'failed' }> {
  if (read?.kind !== 'failed') throw new Error(`expected a failed read, got ${JSON.stringify(read)}`);
  expect(read.error.message).not.toContain(TOKEN);
  return read;
}

describe('reading GitHub when it fails', () => {
  it('401: the token is invalid or expired, and how to replace it', async () => {
    const { gh } = await startWorld(scenario(), { auth: { kind: 'token', token: 'ghp_revoked00000000000000000000000000000' } });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_unauthorized');
    expect(read.error.message).toMatch(/token is invalid or expired.*set GITHUB_TOKEN/);
    expect(read.error.message).not.toContain('ghp_revoked');
    expect(read.retryAfter).toBeNull();
  });

  it('404: the repository does not exist or the token cannot see it, and which access to grant', async () => {
    const { gh } = await startWorld(scenario());
    const read = failed(await readRepository(gh, 'acme/gone', fresh, NOW));
    expect(read.error.code).toBe('github_not_found');
    expect(read.error.message).toBe('acme/gone does not exist or the token cannot see it: check the name, and grant the token access to it (Pull requests: read, Metadata: read).');
  });

  it('403 with x-ratelimit-remaining 0: rate limited until x-ratelimit-reset, without waiting for it', async () => {
    const { gh, sim } = await startWorld(scenario());
    const reset = Math.floor(NOW.getTime() / 1000) + 1800;
    sim.inject({ route: 'pulls', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: JSON.stringify({ message: 'API rate limit exceeded for user ID 1.' }) });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_rate_limited');
    expect(read.retryAfter).toEqual(new Date(reset * 1000));
    expect(read.error.message).toContain(new Date(reset * 1000).toISOString());
    expect(sim.stats().byRoute['GET /repos/{owner}/{repo}/pulls']).toBe(1); // a primary limit is not retried
  });

  it('429 with retry-after: rate limited for that long', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'pulls', status: 429, headers: { 'retry-after': '120' }, body: JSON.stringify({ message: 'Too many requests' }) });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_rate_limited');
    expect(read.retryAfter).toEqual(new Date(NOW.getTime() + 120_000));
  });

  it('a short secondary rate limit is waited out once and the read succeeds', async () => {
    const notices: unknown[] = [];
    const { gh, sim } = await startWorld(scenario(), { github: { onRateLimit: (n) => notices.push(n) } });
    sim.inject({ route: 'graphql', status: 403, times: 1, headers: { 'retry-after': '2' }, body: JSON.stringify({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }) });
    const read = await readRepository(gh, 'acme/api', fresh, NOW);
    expect(read.kind).toBe('changed');
    expect(notices).toEqual([expect.objectContaining({ kind: 'secondary', retryAfterSeconds: 2, retrying: true })]);
  });

  it('a long secondary rate limit fails the read until retry-after', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'graphql', status: 403, headers: { 'retry-after': '600' }, body: JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }) });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_rate_limited');
    expect(read.retryAfter).toEqual(new Date(NOW.getTime() + 600_000));
  });

  it('GraphQL RATE_LIMITED on the second page: rate limited until the reset, the first page not passed on', async () => {
    const many = Array.from({ length: 60 }, (_, i) => makePullRequest({ number: i + 1 }));
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': many }), { sim: { rateLimit: 1 } });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(sim.stats().graphqlRequests).toBe(2);
    expect(read.error.code).toBe('github_rate_limited');
    expect(read.retryAfter).toEqual(new Date(NOW.getTime() + 3_600_000));
  });

  it.each([500, 502, 503])('%i: retried, then reported unavailable with the last good data kept', async (status) => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'pulls', status });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_unavailable');
    expect(read.error.message).toMatch(/GitHub did not answer for acme\/api .*keeps the last good data/);
    expect(read.retryAfter).toBeNull();
    expect(sim.stats().byRoute['GET /repos/{owner}/{repo}/pulls']).toBe(3); // 1 + 2 retries
  });

  it('a 502 that clears on retry is no failure', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'graphql', status: 502, times: 1 });
    expect((await readRepository(gh, 'acme/api', fresh, NOW)).kind).toBe('changed');
  });

  it('a connection reset: retried, then unavailable', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'pulls', resetConnection: true });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_unavailable');
    expect(sim.stats().byRoute['GET /repos/{owner}/{repo}/pulls']).toBe(3);
  });

  it('no answer within the request timeout: retried, then unavailable', async () => {
    const { gh, sim } = await startWorld(scenario(), { github: { requestTimeoutMs: 50, retries: 1 } });
    sim.inject({ route: 'graphql', delayMs: 5_000 });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_unavailable');
    expect(read.error.message).toContain('within 50 ms');
    expect(sim.stats().graphqlRequests).toBe(2);
  });

  it('malformed JSON from GraphQL is a bad response, never partial data', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'graphql', body: '{"data": {"repository": {"pullRequests": ' });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_bad_response');
    expect(read.error.message).toMatch(/incomplete or malformed answer for acme\/api/);
  });

  it('malformed JSON from the REST probe is a bad response', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'pulls', body: '[{"number": 1,' });
    expect(failed(await readRepository(gh, 'acme/api', fresh, NOW)).error.code).toBe('github_bad_response');
  });

  it('GraphQL errors beside partial data fail the read as a bad response', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'graphql', graphqlErrors: true });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_bad_response');
    expect(read.error.message).toContain('repository.pullRequests.nodes.0');
  });

  it('an answer missing a field the facts need is a bad response', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'graphql', body: JSON.stringify({ data: { repository: { pullRequests: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ number: 1, title: 'x' }] } } } }) });
    const read = failed(await readRepository(gh, 'acme/api', fresh, NOW));
    expect(read.error.code).toBe('github_bad_response');
    expect(read.error.message).toMatch(/repository\.pullRequests\.nodes\.0\.\w+/);
  });

  it('one repository failing leaves the others read', async () => {
    const { gh, sim } = await startWorld(scenario());
    sim.inject({ route: 'acme/api', status: 500 });
    const reads = await readRepositories(gh, [{ repo: 'acme/api', ...fresh }, { repo: 'acme/web', ...fresh }, { repo: 'acme/nope', ...fresh }], { concurrency: 2, now: NOW });
    expect([...reads.keys()]).toEqual(['acme/api', 'acme/web', 'acme/nope']);
    expect(reads.get('acme/api')).toMatchObject({ kind: 'failed', error: { code: 'github_unavailable' } });
    expect(reads.get('acme/web')).toMatchObject({ kind: 'changed', pullRequests: [expect.objectContaining({ number: 3 })] });
    expect(reads.get('acme/nope')).toMatchObject({ kind: 'failed', error: { code: 'github_not_found' } });
  });

  it('a malformed repository name is refused before calling GitHub', async () => {
    const { gh, sim } = await startWorld(scenario());
    for (const name of ['acme', 'acme/api/extra', '../etc/passwd', 'acme/..', 'a b/c']) {
      expect(failed(await readRepository(gh, name, fresh, NOW)).error.message).toContain('OWNER/REPO');
    }
    expect(sim.stats().requests).toBe(0);
  });
});
