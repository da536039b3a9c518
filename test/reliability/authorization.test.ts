import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRepositoryAccess } from '../../src/github/index.js';
import { ACTION_IDS } from '../../src/slack/blocks/actionIds.js';
import { USER_POST_LIMIT } from '../../src/domain/postLimit.js';
import { makePullRequest, makeScenario, type Scenario } from '../../src/sim/index.js';
import { listClaims } from '../../src/store/claims.js';
import { listPeople, linkPerson } from '../../src/store/people.js';
import { privateReposPolicyOf } from '../../src/store/privateRepos.js';
import { recordedWorkspaceOf } from '../../src/store/teamWorkspace.js';
import { ensureTeam, getSettingsOverrides } from '../../src/store/teams.js';
import { listWatchedRepos } from '../../src/store/watchedRepos.js';
import type { FakeSlackOptions } from '../../src/sim/slack/fakeSlack.js';
import { startWorld, TOKEN } from '../github/world.js';
import { CHANNEL, flow, HARNESS_ACCESS, postSigned, shownText, startHarness, USER, type Harness } from '../slack/harness.js';
import { seedTeam, waitingPr } from '../slack/seed.js';
import type { SlackAppDeps } from '../../src/slack/app.js';

// Who may do what: signed HTTP requests to the real Bolt app; its Web API client talks to the
// fake Slack API (auth.test at start, users.info for Slack admins, conversations.info for private
// channels); `/flow watch` asks the GitHub simulator, whose repositories are public or private and
// whose GitHub App installation sees only the repositories it was granted.

const NOW = new Date('2026-11-25T10:00:00Z');
const NOBODY = 'U0MALLORY'; // a member of the channel, not an admin
const PRIVATE_CHANNEL = 'G0PRIVATE';
const DM = 'D0ALICE';
const FORM = 'application/x-www-form-urlencoded';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function worldScenario(): Scenario {
  const scenario = makeScenario({
    'acme/api': [makePullRequest({ number: 1 })],
    'acme/secret': [makePullRequest({ number: 2, title: 'Acquire globex (confidential)' })],
    'acme-labs/tool': [],
    'globex/payroll': [makePullRequest({ number: 3, title: 'Salaries 2027' })],
  });
  for (const repo of scenario.repositories) repo.visibility = repo.name === 'secret' || repo.owner === 'globex' ? 'private' : 'public';
  return scenario;
}

/** The real app, `/flow watch` answered by the GitHub simulator. */
async function startApp(options: { access?: Partial<NonNullable<SlackAppDeps['access']>>; slack?: FakeSlackOptions; github?: 'token' | 'app-selected' } = {}) {
  const appKeys = options.github === 'app-selected' ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }) : null;
  const { gh, sim } = await startWorld(worldScenario(), appKeys
    ? {
      sim: { token: undefined, app: { appId: '77', installationId: '5', publicKey: appKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), repositories: ['acme/api', 'acme/secret'] } },
      auth: { kind: 'app', appId: '77', installationId: '5', privateKey: appKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    }
    : { sim: { token: TOKEN } });
  h = await startHarness({
    now: NOW.toISOString(),
    slack: { channels: { [PRIVATE_CHANNEL]: { kind: 'private', botIsMember: true } }, ...options.slack },
    deps: {
      access: { ...HARNESS_ACCESS, ...(appKeys ? { githubAuthKind: 'app' as const } : {}), ...options.access },
      github: { checkRepositoryAccess: (repo) => checkRepositoryAccess(gh, repo, NOW) },
    },
  });
  return { h, sim };
}

function notices(harness: Harness) {
  return harness.db.selectFrom('outbox').select(['payload', 'kind']).where('kind', '=', 'notice').orderBy('id').execute()
    .then((rows) => rows.map((row) => (JSON.parse(row.payload) as { text: string; channel: string })));
}

describe('GitHub owners the operator allows (GITHUB_OWNERS)', () => {
  it('refuses another organisation\'s repository before asking GitHub, naming GITHUB_OWNERS', async () => {
    const { h, sim } = await startApp();
    const shown = shownText(await flow(h, 'watch globex/payroll'));
    expect(shown).toContain('`globex` is not one of the GitHub owners this flowlight may watch (`acme`)');
    expect(shown).toContain('GITHUB_OWNERS');
    expect(sim.stats().requests).toBe(0);
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual([]);
  });

  it('with a token and no GITHUB_OWNERS, refuses every repository and says which variable to set', async () => {
    const { h, sim } = await startApp({ access: { githubOwners: [] } });
    const shown = shownText(await flow(h, 'watch acme/api'));
    expect(shown).toContain('this flowlight watches no GitHub owner yet');
    expect(shown).toContain('GITHUB_OWNERS=acme');
    expect(sim.stats().requests).toBe(0);
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual([]);
  });

  it('allows every listed owner, whatever the case typed', async () => {
    const { h } = await startApp({ access: { githubOwners: ['acme', 'acme-labs'] } });
    const shown = shownText(await flow(h, 'watch ACME/api Acme-Labs/tool'));
    expect(shown).toContain('Watching `acme/api`');
    expect(shown).toContain('Watching `acme-labs/tool`');
  });

  it('refuses a repository GitHub names under an owner outside the list (moved), or by a name that is not a repository', async () => {
    const answers: Record<string, string> = { 'acme/moved': 'Globex/moved', 'acme/odd': 'acme/<!channel>' };
    h = await startHarness({ now: NOW.toISOString(), deps: { github: { checkRepositoryAccess: async (repo) => ({ ok: true, fullName: answers[repo] ?? repo, isPrivate: false }) } } });
    const shown = shownText(await flow(h, 'watch acme/moved acme/odd'));
    expect(shown).toContain('GitHub knows it as globex/moved now');
    expect(shown).toContain('not one of the GitHub owners');
    expect(shown).toContain('GitHub answered with a name that is not OWNER/REPO');
    expect(shown).not.toContain('<!channel>');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual([]);
    expect(await notices(h)).toEqual([]);
  });

  it('with a GitHub App and no GITHUB_OWNERS, the installation\'s repositories are the list', async () => {
    const { h, sim } = await startApp({ github: 'app-selected', access: { githubOwners: [] }, slack: { channels: { [CHANNEL]: { kind: 'private', botIsMember: true } } } });
    const shown = shownText(await flow(h, 'watch acme/api acme-labs/tool globex/payroll'));
    expect(shown).toContain('Watching `acme/api`');
    expect(shown).toMatch(/`acme-labs\/tool`: [^"]*(not found|cannot see|does not exist)/i);
    expect(shown).toMatch(/`globex\/payroll`: [^"]*(not found|cannot see|does not exist)/i);
    expect(shown).not.toContain('Salaries');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/api']);
    expect(sim.stats().byRoute['POST /app/installations/{id}/access_tokens']).toBe(1);
  });
});

describe('private repositories only where everyone reading was invited', () => {
  it('refuses a private repository in a public channel, saying why and what to do', async () => {
    const { h } = await startApp();
    const shown = shownText(await flow(h, 'watch acme/secret acme/api'));
    expect(shown).toContain('`acme/secret` is private on GitHub');
    expect(shown).toContain('Watch it from a private channel or a DM');
    expect(shown).toContain('/flow set private_repos allow');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/api']);
    expect(h.slack.callsTo('conversations.info')).toHaveLength(1);
  });

  it('watches it from a private channel and from a DM', async () => {
    const { h } = await startApp();
    expect(shownText(await flow(h, 'watch acme/secret', { channel: PRIVATE_CHANNEL }))).toContain('Watching `acme/secret`');
    expect(shownText(await flow(h, 'watch acme/secret', { channel: DM }))).toContain('Watching `acme/secret`');
    expect(await listWatchedRepos(h.db, PRIVATE_CHANNEL)).toEqual(['acme/secret']);
    expect(await listWatchedRepos(h.db, DM)).toEqual(['acme/secret']);
  });

  it('watches it in a public channel once an admin allowed it there (announced), and only there', async () => {
    const { h } = await startApp();
    expect(shownText(await flow(h, 'set private_repos allow'))).toContain('Saved: private_repos = allow');
    expect(await privateReposPolicyOf(h.db, CHANNEL)).toBe('allow');
    expect(shownText(await flow(h, 'config', { user: NOBODY }))).toContain('*private_repos* · allow');
    expect(shownText(await flow(h, 'watch acme/secret'))).toContain('Watching `acme/secret`');
    expect((await notices(h)).map((n) => n.text).join('\n')).toContain('changed a setting: private_repos = allow');
    expect(shownText(await flow(h, 'watch acme/secret', { channel: 'C0OTHER' }))).toContain('is private on GitHub');
  });

  it('lets no one but an admin allow private repositories, and rejects a value it does not know', async () => {
    const { h } = await startApp();
    expect(shownText(await flow(h, 'set private_repos allow', { user: NOBODY }))).toContain('Only a flowlight admin can');
    expect(await privateReposPolicyOf(h.db, CHANNEL)).toBe('refuse');
    expect(shownText(await flow(h, 'set private_repos sometimes'))).toContain('write `/flow set private_repos allow`');
  });

  it('asks to be invited when Slack will not describe the private channel', async () => {
    const { h } = await startApp({ slack: { channels: { G0HIDDEN: { kind: 'private', botIsMember: false } } } });
    const shown = shownText(await flow(h, 'watch acme/secret', { channel: 'G0HIDDEN' }));
    expect(shown).toContain('invite me first (`/invite @flowlight`)');
    expect(await listWatchedRepos(h.db, 'G0HIDDEN')).toEqual([]);
  });

  it('refuses, and says to retry, when conversations.info fails; a public repository is still watched', async () => {
    const { h } = await startApp();
    h.slack.fail('conversations.info', { status: 429, retryAfter: 30 });
    const shown = shownText(await flow(h, 'watch acme/secret acme/api'));
    expect(shown).toContain('I could not ask Slack whether this channel is private');
    expect(shown).toContain('Try again in a minute');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/api']);
  });
});

describe('changing a channel takes a flowlight admin; every change is announced', () => {
  it('refuses /flow set, watch and unwatch from someone who is not an admin, changing nothing', async () => {
    const { h, sim } = await startApp();
    await seedTeam(h, [waitingPr(1)]);
    for (const text of ['set red.queue_per_reviewer 99', 'set rules off', 'watch acme/api', 'unwatch acme/api', 'unwatch acme/web']) {
      const shown = shownText(await flow(h, text, { user: NOBODY }));
      expect(shown).toContain('Only a flowlight admin can');
      expect(shown).toContain('<@U0ALICE>'); // who to ask
      expect(shown).toContain('FLOWLIGHT_ADMINS');
    }
    expect(await getSettingsOverrides(h.db, CHANNEL)).toBe('{}');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/api', 'acme/web']);
    expect(await notices(h)).toEqual([]);
    expect(sim.stats().requests).toBe(0);
  });

  it('lets Slack workspace admins and owners change things, asking users.info once per TTL', async () => {
    const { h } = await startApp({ access: { admins: [] }, slack: { users: { U0ADMIN: { isAdmin: true }, U0OWNER: { isOwner: true }, U0GONE: { isAdmin: true, deleted: true } } } });
    await seedTeam(h, [waitingPr(1)]);
    expect(shownText(await flow(h, 'set red.queue_per_reviewer 4', { user: 'U0ADMIN' }))).toContain('Saved');
    expect(shownText(await flow(h, 'set yellow.queue_per_reviewer 2', { user: 'U0ADMIN' }))).toContain('Saved');
    expect(shownText(await flow(h, 'unwatch acme/web', { user: 'U0OWNER' }))).toContain('Stopped watching `acme/web`');
    expect(shownText(await flow(h, 'set red.queue_per_reviewer 9', { user: 'U0GONE' }))).toContain('Only a flowlight admin can');
    expect(h.slack.callsTo('users.info').filter((c) => c.body.user === 'U0ADMIN')).toHaveLength(1);
    h.clock.advance(11 * 60_000); // past the 10-minute TTL: asked again (a demoted admin loses the right)
    await flow(h, 'set red.queue_per_reviewer 5', { user: 'U0ADMIN' });
    expect(h.slack.callsTo('users.info').filter((c) => c.body.user === 'U0ADMIN')).toHaveLength(2);
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toEqual({ rules: { queue_per_reviewer: { red: 5, yellow: 2 } } });
  });

  it('never grants when users.info fails: says to retry, changes nothing', async () => {
    const { h } = await startApp({ access: { admins: [] }, slack: { users: { U0ADMIN: { isAdmin: true } } } });
    await seedTeam(h, [waitingPr(1)]);
    h.slack.fail('users.info', { status: 503 });
    const shown = shownText(await flow(h, 'set red.queue_per_reviewer 99', { user: 'U0ADMIN' }));
    expect(shown).toContain('I could not ask Slack whether you are an admin');
    expect(shown).toContain('Try again in a minute');
    expect(await getSettingsOverrides(h.db, CHANNEL)).toBe('{}');
    // the failure was not kept: the next try asks again and succeeds
    expect(shownText(await flow(h, 'set red.queue_per_reviewer 99', { user: 'U0ADMIN' }))).toContain('Saved');
  });

  it('announces every change an admin makes in the channel', async () => {
    const { h } = await startApp();
    await flow(h, 'watch acme/api');
    await flow(h, 'set red.oldest_wait 12');
    await flow(h, 'link <@U0BOB> bob');
    await flow(h, 'unlink <@U0BOB>');
    await flow(h, 'unwatch acme/api');
    const texts = (await notices(h)).map((n) => n.text);
    expect(texts).toEqual([
      expect.stringContaining('<@U0ALICE> started watching `acme/api`'),
      expect.stringContaining('<@U0ALICE> changed a setting'),
      expect.stringContaining('<@U0ALICE> linked <@U0BOB> to GitHub `bob`'),
      expect.stringContaining('<@U0ALICE> unlinked <@U0BOB>'),
      expect.stringContaining('<@U0ALICE> stopped watching `acme/api`'),
    ]);
    expect((await notices(h)).every((n) => n.channel === CHANNEL)).toBe(true);
  });
});

describe('links: everyone for themselves, an admin for others', () => {
  it('lets anyone link and unlink themselves, unannounced', async () => {
    const { h } = await startApp();
    expect(shownText(await flow(h, 'link mallory-gh', { user: NOBODY }))).toContain('You are linked to GitHub `mallory-gh`');
    expect(shownText(await flow(h, 'unlink', { user: NOBODY }))).toContain('You are no longer linked');
    expect(await notices(h)).toEqual([]);
  });

  it('refuses linking or unlinking someone else, or taking their login, from someone who is not an admin', async () => {
    const { h } = await startApp();
    await ensureTeam(h.db, CHANNEL, NOW);
    await linkPerson(h.db, CHANNEL, 'U0BOB', 'bob', NOW);
    expect(shownText(await flow(h, 'link <@U0BOB> mallory-gh', { user: NOBODY }))).toContain('Only a flowlight admin can link other people');
    expect(shownText(await flow(h, 'unlink <@U0BOB>', { user: NOBODY }))).toContain('Only a flowlight admin can unlink other people');
    const taking = shownText(await flow(h, 'link bob', { user: NOBODY }));
    expect(taking).toContain('already linked to <@U0BOB>');
    expect(taking).toContain('a flowlight admin can link it to you');
    expect(await listPeople(h.db, CHANNEL)).toEqual([{ slackUserId: 'U0BOB', githubLogin: 'bob' }]);
  });

  it('lets an admin give a login to someone else, taking it from its holder, announced', async () => {
    const { h } = await startApp();
    await ensureTeam(h.db, CHANNEL, NOW);
    await linkPerson(h.db, CHANNEL, 'U0BOB', 'bob', NOW);
    expect(shownText(await flow(h, 'link <@U0ROBERT> bob'))).toContain('<@U0ROBERT> is linked to GitHub `bob`');
    expect(await listPeople(h.db, CHANNEL)).toEqual([{ slackUserId: 'U0ROBERT', githubLogin: 'bob' }]);
    expect((await notices(h)).map((n) => n.text)).toEqual([expect.stringContaining('linked <@U0ROBERT> to GitHub `bob` (it was linked to <@U0BOB>)')]);
  });
});

describe('one installed workspace: requests from any other are refused', () => {
  function commandFrom(harness: Harness, text: string, from: { team?: string; enterprise?: string; channel?: string; user?: string }) {
    const responseUrl = harness.slack.responseUrl(`cmd-other-${text}`);
    return new URLSearchParams({
      token: 'x', team_id: from.team ?? 'T0001', ...(from.enterprise ? { enterprise_id: from.enterprise } : {}), team_domain: 'evil', channel_id: from.channel ?? CHANNEL, channel_name: 'team',
      user_id: from.user ?? USER, user_name: 'eve', command: '/flow', text, api_app_id: 'A0001', response_url: responseUrl, trigger_id: 't',
    }).toString();
  }

  it('answers a slash command from another workspace with why, and reads or changes nothing', async () => {
    const { h } = await startApp();
    await seedTeam(h, [waitingPr(1, { title: 'Secret roadmap' })]);
    h.slack.reset();
    for (const text of ['status', 'queue', 'set red.queue_per_reviewer 99', 'unwatch acme/api', 'link <@U0BOB> eve', 'digest']) {
      const res = await postSigned(h, commandFrom(h, text, { team: 'T0OTHER', user: 'U0EVE' }), FORM);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { response_type: string; text: string };
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toContain('installed in another Slack workspace');
      expect(body.text).not.toContain('Secret roadmap');
    }
    expect(h.slack.responses).toEqual([]);
    expect(h.slack.calls).toEqual([]);
    expect(await getSettingsOverrides(h.db, CHANNEL)).toBe('{}');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/api', 'acme/web']);
    expect(await notices(h)).toEqual([]);
  });

  it('refuses a request naming another enterprise, and one from Enterprise Grid when the install is not', async () => {
    const { h } = await startApp({ slack: { enterpriseId: 'E0ACME' } });
    await ensureTeam(h.db, CHANNEL, NOW);
    const other = await postSigned(h, commandFrom(h, 'set red.queue_per_reviewer 99', { enterprise: 'E0EVIL' }), FORM);
    expect(((await other.json()) as { text: string }).text).toContain('installed in another Slack workspace');
    const none = await postSigned(h, commandFrom(h, 'set red.queue_per_reviewer 99', {}), FORM);
    expect(((await none.json()) as { text: string }).text).toContain('installed in another Slack workspace');
    expect(await getSettingsOverrides(h.db, CHANNEL)).toBe('{}');
    // the same enterprise and workspace is served
    expect((await postSigned(h, commandFrom(h, 'set red.queue_per_reviewer 7', { enterprise: 'E0ACME' }), FORM)).status).toBe(200);
    await h.slack.waitForResponse((r) => r.id === 'cmd-other-set red.queue_per_reviewer 7');
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toEqual({ rules: { queue_per_reviewer: { red: 7 } } });
  });

  it('refuses a button press from another workspace: no claim, a reply saying why', async () => {
    const { h } = await startApp();
    await seedTeam(h, [waitingPr(1)]);
    const payload = {
      type: 'block_actions', team: { id: 'T0OTHER', domain: 'evil' }, user: { id: 'U0BOB', username: 'bob', team_id: 'T0OTHER' }, api_app_id: 'A0001', token: 'x',
      container: { type: 'message', message_ts: '1.1', channel_id: CHANNEL, is_ephemeral: true }, trigger_id: 't', channel: { id: CHANNEL, name: 'team' },
      response_url: h.slack.responseUrl('press-other'),
      actions: [{ type: 'button', action_id: ACTION_IDS.pickUp, block_id: 'b', value: 'acme/api#1', text: { type: 'plain_text', text: 'Pick up' }, action_ts: '1.2' }],
    };
    expect((await postSigned(h, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM)).status).toBe(200);
    const reply = await h.slack.waitForResponse((r) => r.id === 'press-other');
    expect(String(reply.body.text)).toContain('installed in another Slack workspace');
    expect(await listClaims(h.db, CHANNEL)).toEqual([]);
  });

  it('records the workspace on the team, and refuses a channel recorded for another workspace', async () => {
    const { h } = await startApp();
    await seedTeam(h, [waitingPr(1)]);
    await flow(h, 'status');
    expect(await recordedWorkspaceOf(h.db, CHANNEL)).toEqual({ teamId: 'T0001', enterpriseId: null });
    await ensureTeam(h.db, 'C0MOVED', NOW);
    await h.db.updateTable('teams').set({ slack_team_id: 'T0OLD' }).where('id', '=', 'C0MOVED').execute();
    const res = await postSigned(h, commandFrom(h, 'set red.queue_per_reviewer 99', { channel: 'C0MOVED' }), FORM);
    expect(((await res.json()) as { text: string }).text).toContain('belongs to another Slack workspace');
    expect(await getSettingsOverrides(h.db, 'C0MOVED')).toBe('{}');
    // a team created by a request gets the workspace too
    await flow(h, 'watch acme/api', { channel: 'C0NEW' });
    await expect.poll(() => recordedWorkspaceOf(h!.db, 'C0NEW')).toEqual({ teamId: 'T0001', enterpriseId: null });
  });
});

describe('a per-channel limit on posts people trigger', () => {
  it('lets 100 /flow digest post 5 digests, answers the rest with when to retry, and opens again after the window', async () => {
    const requested: string[] = [];
    h = await startHarness({ now: NOW.toISOString(), deps: { onDigestRequested: async (teamId) => void requested.push(teamId) } });
    await seedTeam(h, [waitingPr(1)]);
    const replies: string[] = [];
    for (let i = 0; i < 100; i += 1) replies.push(shownText(await flow(h, 'digest', { user: i % 2 ? NOBODY : USER })));
    expect(requested).toHaveLength(USER_POST_LIMIT.posts);
    expect(replies.filter((r) => r.includes('on its way'))).toHaveLength(USER_POST_LIMIT.posts);
    const refused = replies.filter((r) => r.includes('No digest was posted'));
    expect(refused).toHaveLength(100 - USER_POST_LIMIT.posts);
    expect(refused[0]).toContain('try again in 10 minutes');
    expect(refused[0]).toContain('<!date^');
    h.clock.advance(USER_POST_LIMIT.windowMs);
    expect(shownText(await flow(h, 'digest'))).toContain('on its way');
    // another channel has its own limit
    await seedTeamIn(h, 'C0OTHER');
    expect(shownText(await flow(h, 'digest', { channel: 'C0OTHER' }))).toContain('on its way');
  });

  it('counts announced changes too: past the limit a change is refused, not made unannounced', async () => {
    h = await startHarness({ now: NOW.toISOString() });
    await seedTeam(h, [waitingPr(1)]);
    for (let i = 1; i <= USER_POST_LIMIT.posts; i += 1) {
      expect(shownText(await flow(h, `set red.oldest_wait ${10 + i}`))).toContain('Saved');
      h.clock.advance(1000);
    }
    h.clock.advance(60_000);
    const refused = shownText(await flow(h, 'set red.oldest_wait 40'));
    expect(refused).toContain('Nothing was changed; try again in 9 minutes');
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toEqual({ rules: { oldest_wait: { red: 10 + USER_POST_LIMIT.posts } } });
    expect(await notices(h)).toHaveLength(USER_POST_LIMIT.posts);
  });
});

async function seedTeamIn(harness: Harness, channel: string): Promise<void> {
  await ensureTeam(harness.db, channel, harness.clock.now());
  await harness.db.insertInto('watched_repos').values({ team_id: channel, repo: 'acme/api', added_by: null, added_at: harness.clock.now().toISOString() }).execute();
}

/** Cases this file sends, for the README table. */
export const AUTHORIZATION_CASES = 24;
