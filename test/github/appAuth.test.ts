import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkRepositoryAccess, readRepository } from '../../src/github/index.js';
import { makePullRequest, makeScenario } from '../../src/sim/index.js';
import { NOW, startWorld } from './world.js';

describe('GitHub App authentication', () => {
  it('mints an installation token with the app key, then reads with it', async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { gh, sim } = await startWorld(makeScenario({ 'acme/api': [makePullRequest({ number: 1 })] }), {
      sim: { app: { appId: '1234', installationId: '99', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } },
      auth: { kind: 'app', appId: '1234', installationId: '99', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    const read = await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW);
    expect(read.kind).toBe('changed');
    expect(sim.stats().byRoute).toMatchObject({ 'POST /app/installations/{id}/access_tokens': 1, 'GET /repos/{owner}/{repo}/pulls': 1, 'POST /graphql': 1 });
    // the installation token is cached for the next reads
    await readRepository(gh, 'acme/api', { etag: null, seeded: true }, NOW);
    expect(sim.stats().byRoute['POST /app/installations/{id}/access_tokens']).toBe(1);
  });

  it('reads only the repositories the installation was granted, as GitHub does (404 and NOT_FOUND, never a hint)', async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { gh } = await startWorld(makeScenario({ 'acme/api': [makePullRequest({ number: 1 })], 'acme/secret': [makePullRequest({ number: 2 })] }), {
      sim: { app: { appId: '1234', installationId: '99', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), repositories: ['acme/api'] } },
      auth: { kind: 'app', appId: '1234', installationId: '99', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    expect(await checkRepositoryAccess(gh, 'acme/api', NOW)).toMatchObject({ ok: true, fullName: 'acme/api' });
    expect(await checkRepositoryAccess(gh, 'acme/secret', NOW)).toMatchObject({ ok: false, error: { code: 'github_not_found' } });
    const graphql = await gh.graphql('query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { name } }', { owner: 'acme', name: 'secret' });
    expect(graphql.body).toMatchObject({ data: { repository: null }, errors: [{ type: 'NOT_FOUND' }] });
  });
});
