import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makePullRequest, makeScenario, startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function start(options: SimulatorOptions = {}) {
  const sim = await startSimulator(makeScenario({ 'acme/api': [makePullRequest({ number: 1 })], 'acme/web': [makePullRequest({ number: 7 })] }), {
    now: () => new Date('2026-11-20T12:00:00Z'),
    ...options,
  });
  sims.push(sim);
  return sim;
}

const prsQuery = (name: string) => ({
  query: 'query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { pullRequests(first: 5) { nodes { number } } } }',
  variables: { owner: 'acme', name },
});
const postGraphql = (sim: Simulator, body: unknown) => fetch(sim.graphqlUrl, { method: 'POST', body: JSON.stringify(body) });

describe('the simulator\'s failure injection', () => {
  it('answers with the injected status and headers for the given number of times, then normally', async () => {
    const sim = await start();
    sim.inject({ route: 'pulls', status: 502, times: 2 });
    expect((await fetch(`${sim.url}/repos/acme/api/pulls`)).status).toBe(502);
    expect((await fetch(`${sim.url}/repos/acme/api`)).status).toBe(200); // other routes untouched
    expect((await fetch(`${sim.url}/repos/acme/api/pulls`)).status).toBe(502);
    expect((await fetch(`${sim.url}/repos/acme/api/pulls`)).status).toBe(200);
  });

  it('targets one repository across REST and GraphQL, leaving the others alone', async () => {
    const sim = await start();
    sim.inject({ route: 'acme/api', status: 500 });
    expect((await fetch(`${sim.url}/repos/acme/api/pulls`)).status).toBe(500);
    expect((await postGraphql(sim, prsQuery('api'))).status).toBe(500);
    expect((await fetch(`${sim.url}/repos/acme/web/pulls`)).status).toBe(200);
    expect((await postGraphql(sim, prsQuery('web'))).status).toBe(200);
    sim.clearFailures();
    expect((await fetch(`${sim.url}/repos/acme/api/pulls`)).status).toBe(200);
  });

  it('combines kind and repository as "graphql:acme/web"', async () => {
    const sim = await start();
    sim.inject({ route: 'graphql:acme/web', status: 503 });
    expect((await postGraphql(sim, prsQuery('web'))).status).toBe(503);
    expect((await fetch(`${sim.url}/repos/acme/web/pulls`)).status).toBe(200);
  });

  it('sends a raw body, such as malformed JSON', async () => {
    const sim = await start();
    sim.inject({ route: 'graphql', body: '{"data": {"repository": ', times: 1 });
    const response = await postGraphql(sim, prsQuery('api'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"data": {"repository": ');
  });

  it('answers 200 with GraphQL errors beside partial data', async () => {
    const sim = await start();
    sim.inject({ route: 'graphql', graphqlErrors: true, times: 1 });
    const body = (await (await postGraphql(sim, prsQuery('api'))).json()) as { data: any; errors: any[] };
    expect(body.data.repository.pullRequests.nodes).toEqual([null]);
    expect(body.errors).toEqual([expect.objectContaining({ path: ['repository', 'pullRequests', 'nodes', 0] })]);
  });

  it('drops the connection', async () => {
    const sim = await start();
    sim.inject({ route: 'repo', resetConnection: true, times: 1 });
    await expect(fetch(`${sim.url}/repos/acme/api`)).rejects.toThrow();
    expect((await fetch(`${sim.url}/repos/acme/api`)).status).toBe(200);
  });

  it('delays the answer, and close() does not wait for the delay', async () => {
    const sim = await start();
    sim.inject({ route: 'repo', delayMs: 60_000 });
    const pending = fetch(`${sim.url}/repos/acme/api`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setImmediate(resolve));
    await sim.close();
    expect(await pending).toBe('dropped');
  });
});

describe('the simulator as a GitHub App', () => {
  it('mints an installation token for a JWT signed with the app key, and accepts that token afterwards', async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sim = await start({ app: { appId: '42', installationId: '7', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    const sign = (payload: object, key = privateKey) => {
      const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${head}.${body}.${crypto.sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
    };
    const mint = (jwt: string, installation = '7') =>
      fetch(`${sim.url}/app/installations/${installation}/access_tokens`, { method: 'POST', headers: { authorization: `bearer ${jwt}` } });

    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await mint(sign({ iss: 42 }, other))).status).toBe(401);
    expect((await mint(sign({ iss: 41 }))).status).toBe(401);
    expect((await mint(sign({ iss: 42 }), '8')).status).toBe(404);
    const minted = await mint(sign({ iss: 42 }));
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    expect((await fetch(`${sim.url}/repos/acme/api`)).status).toBe(401);
    expect((await fetch(`${sim.url}/repos/acme/api`, { headers: { authorization: `token ${token}` } })).status).toBe(200);
  });
});
