import { afterEach, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/cli/status.js';
import { checkRepositoryAccess, createGitHub } from '../../src/github/index.js';
import { silentLogger } from '../../src/logger.js';
import { makePullRequest, makeScenario, renameRepository, startSimulator, type Simulator } from '../../src/sim/index.js';
import { claimPullRequest, listClaims } from '../../src/store/claims.js';
import { listWatchedRepos } from '../../src/store/watchedRepos.js';
import { shownText } from '../helpers/shownText.js';
import { CHANNEL, flow, shownText as replyText, startHarness, type Harness } from '../slack/harness.js';
import { API, GITHUB_TOKEN, startGitHubTeam, TEAM, WEB, type GitHubTeam } from './support/githubTeam.js';

// The simulator's repositories are private, as on GitHub by default: the team watches them from a private channel.
const PRIVATE_TEAM_CHANNEL = { channels: { C0TEAM: { kind: 'private' as const, botIsMember: true } } };

// A watched repository renamed on GitHub. GitHub answers REST requests to the old name with
// 301 Moved Permanently to /repositories/ID/..., which fetch (under Octokit) follows; GraphQL's
// repository(owner, name) resolves the old name to the renamed repository. flowlight used to call it
// "does not exist" (the simulator 404'd); now the simulator behaves as GitHub does and flowlight follows.

const RENAMED = 'acme/api-v2';

describe('the simulator answers a renamed repository as GitHub does', () => {
  let sim: Simulator | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
  });

  it('REST: 301 to /repositories/ID/... with the query kept, the id unchanged; GraphQL: the old name resolves to the new repository', async () => {
    sim = await startSimulator(makeScenario({ [API]: [makePullRequest({ number: 1 })] }));
    const before = await (await fetch(`${sim.url}/repos/acme/api`)).json() as { id: number };
    sim.update((s) => renameRepository(s, API, RENAMED));

    const moved = await fetch(`${sim.url}/repos/acme/api/pulls?state=all&per_page=1`, { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`${sim.url}/repositories/${before.id}/pulls?state=all&per_page=1`);
    expect(await moved.json()).toMatchObject({ message: 'Moved Permanently' });

    const followed = await fetch(`${sim.url}/repos/acme/api`);
    expect(followed.redirected).toBe(true);
    expect(await followed.json()).toMatchObject({ id: before.id, full_name: RENAMED });
    const list = await (await fetch(`${sim.url}/repos/acme/api/pulls?state=all`)).json() as Array<{ html_url: string }>;
    expect(list.map((pr) => pr.html_url)).toEqual(['https://github.com/acme/api-v2/pull/1']);

    const graphql = await fetch(sim.graphqlUrl, { method: 'POST', body: JSON.stringify({ query: 'query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { nameWithOwner } }', variables: { owner: 'acme', name: 'api' } }) });
    expect(await graphql.json()).toEqual({ data: { repository: { nameWithOwner: RENAMED } } });
    // The new name answers directly; an unknown name is still a 404.
    expect((await fetch(`${sim.url}/repos/acme/api-v2/pulls`, { redirect: 'manual' })).status).toBe(200);
    expect((await fetch(`${sim.url}/repos/acme/nothing/pulls`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('flowlight follows a renamed repository', () => {
  let team: GitHubTeam | null = null;
  afterEach(async () => {
    await team?.close();
    team = null;
  });

  it('moves the watch, cursor, PRs and claims to the new name, announces it once, and never goes grey', async () => {
    team = await startGitHubTeam();
    const t = team;
    expect((await t.tick()).light.light).toBe('yellow');
    await claimPullRequest(t.db, TEAM, { repo: API, number: 2, login: 'alice', slackUserId: 'U0ALICE' }, t.now());

    t.sim.update((s) => renameRepository(s, API, RENAMED));
    const renamed = await t.tick();
    expect(renamed.report.renamed).toEqual([{ from: API, to: RENAMED }]);
    expect(renamed.report.failed).toEqual([]);
    expect(renamed.light.light).toBe('yellow');

    expect(await listWatchedRepos(t.db, TEAM)).toEqual([RENAMED, WEB]);
    expect(await t.rows(API)).toEqual([]);
    const rows = await t.rows(RENAMED);
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => JSON.parse(r.facts) as { repo: string; url: string }).map(({ repo, url }) => [repo, url])).toEqual(
      [1, 2, 3, 4].map((n) => [RENAMED, `https://github.com/acme/api-v2/pull/${n}`]),
    );
    expect(await t.cursor(RENAMED)).toMatchObject({ lastSuccessAt: t.now(), lastError: null, seeded: true });
    expect((await t.db.selectFrom('repo_cursors').select('repo').execute()).map((r) => r.repo).sort()).toEqual([RENAMED, WEB]);
    expect((await listClaims(t.db, TEAM)).map((c) => [c.repo, c.number])).toEqual([[RENAMED, 2]]);

    const transcript = t.channel().map((m) => shownText(m));
    expect(transcript).toHaveLength(2);
    expect(transcript[1]).toContain('`acme/api` was renamed to `acme/api-v2` on GitHub; now watching `acme/api-v2`.');

    // From now on it is read by its new name: no request to the old one, no grey, no second announcement.
    const callsBefore = t.callsFor(API).length;
    for (let i = 0; i < 4; i += 1) {
      const { report, light } = await t.tick();
      expect(report.renamed).toEqual([]);
      expect(report.failed).toEqual([]);
      expect(light.light).toBe('yellow');
    }
    expect(t.callsFor(API)).toHaveLength(callsBefore);
    expect(t.callsFor(RENAMED).length).toBeGreaterThan(0);
    expect(t.channel()).toHaveLength(2);
  });

  it('a repository moved to an owner outside GITHUB_OWNERS is not followed: its PRs stay out, and it fails saying why', async () => {
    team = await startGitHubTeam({ access: { githubOwners: ['acme'], githubAuthKind: 'token' } });
    const t = team;
    await t.tick();
    t.sim.update((s) => renameRepository(s, API, 'elsewhere/api'));
    const moved = await t.tick();
    expect(moved.report.renamed).toEqual([]);
    expect(moved.report.failed).toEqual([{ repo: API, error: expect.stringContaining('moved to elsewhere/api, whose owner this flowlight may not watch: add it to GITHUB_OWNERS') }]);
    expect(await listWatchedRepos(t.db, TEAM)).toEqual([API, WEB]);
    expect(await t.rows('elsewhere/api')).toEqual([]);
    expect(t.channel().map((m) => shownText(m)).join('\n')).not.toContain('elsewhere');
  });

  it('a channel that already watched the new name too keeps one entry and one set of PRs', async () => {
    team = await startGitHubTeam();
    const t = team;
    await t.tick();
    t.sim.update((s) => renameRepository(s, WEB, 'acme/web-next'));
    // Someone already added the new name by hand before the poll noticed.
    await t.db.insertInto('watched_repos').values({ team_id: TEAM, repo: 'acme/web-next', added_by: null, added_at: t.now().toISOString() }).execute();
    const { report, light } = await t.tick();
    expect(report.failed).toEqual([]);
    expect(report.renamed).toEqual([{ from: WEB, to: 'acme/web-next' }]);
    expect(await listWatchedRepos(t.db, TEAM)).toEqual([API, 'acme/web-next']);
    expect((await t.rows('acme/web-next')).map((r) => r.number)).toEqual([1]);
    expect(await t.rows(WEB)).toEqual([]);
    expect(light.reasons.every((r) => r.light !== 'grey')).toBe(true);
  });
});

describe('watching a repository by its old name, and flowlight status', () => {
  let h: Harness | null = null;
  let sim: Simulator | null = null;
  afterEach(async () => {
    await h?.close();
    await sim?.close();
    h = null;
    sim = null;
  });

  it('/flow watch acme/api after the rename watches acme/api-v2 and says why', async () => {
    sim = await startSimulator(makeScenario({ [API]: [makePullRequest({ number: 1 })] }), { token: GITHUB_TOKEN });
    sim.update((s) => renameRepository(s, API, RENAMED));
    const github = createGitHub({ auth: { kind: 'token', token: GITHUB_TOKEN }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retries: 0 });
    h = await startHarness({ slack: PRIVATE_TEAM_CHANNEL, deps: { github: { checkRepositoryAccess: (repo) => checkRepositoryAccess(github, repo, h!.clock.now()) } } });
    const reply = replyText(await flow(h, 'watch acme/api'));
    expect(reply).toContain('`acme/api` was renamed to `acme/api-v2` on GitHub. Watching `acme/api-v2`.');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual([RENAMED]);
    expect(replyText(await flow(h, 'watch acme/api'))).toContain('`acme/api` was renamed to `acme/api-v2` on GitHub. `acme/api-v2` is already watched here.');
  });

  it('flowlight status acme/api says it was renamed and shows the PRs under the new name (text and --json)', async () => {
    sim = await startSimulator(makeScenario({ [API]: [makePullRequest({ number: 1, title: 'Moved along' })] }), { now: () => new Date('2026-11-25T10:00:00Z') });
    sim.update((s) => renameRepository(s, API, RENAMED));
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runStatus(args, { env: { GITHUB_API_URL: sim!.url, GITHUB_TOKEN }, stdout: { write: (text: string) => (out += text) }, stderr: { write: (text: string) => (err += text) }, clock: () => new Date('2026-11-25T10:00:00Z') });
      return { code, out, err };
    };
    const text = await run(['acme/api']);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out.split('\n')[0]).toBe('acme/api was renamed to acme/api-v2 on GitHub; reading acme/api-v2.');
    expect(text.out).toContain('acme/api-v2#1');
    const json = await run(['acme/api', '--json']);
    const parsed = JSON.parse(json.out) as { renamed: unknown; pullRequests: Array<{ repo: string }> };
    expect(parsed.renamed).toEqual([{ from: API, to: RENAMED }]);
    expect(parsed.pullRequests.map((pr) => pr.repo)).toEqual([RENAMED]);
  });
});
