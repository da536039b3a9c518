// Team members through the GitHub simulator over loopback: served page by page, and refused, as
// GitHub refuses, when the credential lacks the members permission.
import { describe, expect, it } from 'vitest';
import { readTeamMembers } from '../../src/github/readTeamMembers.js';
import { makeScenario } from '../../src/sim/index.js';
import { NOW, startWorld } from './world.js';

const members = Array.from({ length: 150 }, (_, i) => `dev-${i + 1}`);
const scenario = () => ({ ...makeScenario({ 'acme/api': [] }), teams: [{ org: 'acme', slug: 'core', members }, { org: 'acme', slug: 'empty', members: [] }] });

describe('reading the members of a requested team', () => {
  it('reads every member, page by page (100 a page, 1 point each)', async () => {
    const { sim, gh } = await startWorld(scenario());
    expect(await readTeamMembers(gh, 'acme/core', NOW)).toEqual({ status: 'ok', members });
    expect(sim.stats()).toMatchObject({ byRoute: { 'GET /orgs/{org}/teams/{team_slug}/members': 2 }, rateLimitPoints: 2 });
  });

  const refusals: Array<[string, Parameters<typeof startWorld>[1], string | RegExp, RegExp]> = [
    ['a team with no members is read as empty', {}, 'acme/empty', /^$/],
    ['a token without Organization → Members: Read is refused, and told what to grant', { sim: { readsOrgMembers: false } }, 'acme/core', /refused to list the members of @acme\/core: give the token Organization → Members: Read/],
    ['a team GitHub does not show', {}, 'acme/gone', /does not show the team @acme\/gone/],
    ['a name that is not ORG/TEAM', {}, 'core', /is not a team name/],
  ];
  it.each(refusals)('%s', async (_name, options, slug, says) => {
    const { gh } = await startWorld(scenario(), options);
    const read = await readTeamMembers(gh, slug as string, NOW);
    if (read.status === 'ok') expect(read.members.join(',')).toMatch(says);
    else expect(read.detail).toMatch(says);
  });

  it('the simulator answers a refusal as GitHub does: 403 "Resource not accessible by personal access token"', async () => {
    const { sim } = await startWorld(scenario(), { sim: { readsOrgMembers: false } });
    const response = await fetch(`${sim.url}/orgs/acme/teams/core/members`, { headers: { authorization: 'token ghp_testtoken0000000000000000000000000000' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ message: 'Resource not accessible by personal access token' });
  });

  it('a server error is a failure, not a refusal', async () => {
    const { sim, gh } = await startWorld(scenario(), { github: { retries: 0 } });
    sim.inject({ route: 'team_members', status: 502 });
    expect(await readTeamMembers(gh, 'acme/core', NOW)).toMatchObject({ status: 'failed' });
  });
});
