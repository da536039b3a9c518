import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowlightError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { listPeople } from '../../src/store/people.js';
import { savePullRequests } from '../../src/store/pullRequests.js';
import { getSettingsOverrides } from '../../src/store/teams.js';
import { listWatchedRepos } from '../../src/store/watchedRepos.js';
import { buttonsOf, CHANNEL, flow, shownText, startHarness, type Harness } from './harness.js';
import { seedTeam, waitingPr } from './seed.js';

// Every /flow subcommand over signed HTTP, answered ephemerally through the response URL, from the
// store alone. The fake Slack rejects any reply over Block Kit's limits, so each test also checks that.

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.slack.rejections).toEqual([]);
  await h.close();
});

describe('/flow status', () => {
  it('tells a channel without repositories how to start', async () => {
    const reply = await flow(h, '');
    expect(reply.response_type).toBe('ephemeral');
    expect(shownText(reply)).toContain('/flow watch OWNER/REPO');
  });

  it('shows the light, why, the numbers, the top of the queue and the asker\'s next review, without calling GitHub or posting', async () => {
    await seedTeam(h, [
      waitingPr(1, { createdAt: new Date('2026-11-20T09:00:00Z') }),
      waitingPr(2, { createdAt: new Date('2026-11-24T09:00:00Z') }),
      waitingPr(3, { author: 'alice' }),
    ]);
    const reply = await flow(h, 'status');
    const shown = shownText(reply);
    expect(reply.response_type).toBe('ephemeral');
    expect(shown).toMatch(/RED|YELLOW/);
    expect(shown).toContain('oldest PR has waited');
    expect(shown).toContain('awaiting review');
    expect(shown).toContain('expected wait');
    expect(shown).toContain('Top of the queue');
    expect(shown).toContain('Your next review');
    expect(shown).toContain('acme/api#1');
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('says what the light asks right now, from the queue: one waiting past the break-off limit asks someone to break off for it', async () => {
    // Wednesday 10:00 UTC: #1 was opened at 09:50 (10 minutes), #2 at 09:00 the same morning (1 business hour).
    await seedTeam(h, [waitingPr(1, { createdAt: new Date('2026-11-25T09:50:00Z'), lastCommitAt: new Date('2026-11-25T09:50:00Z') })]);
    expect(shownText(await flow(h, 'status'))).toContain('*What the light asks:* 1 review waits that nobody has picked up. Whoever opens a PR or finishes a review takes one before starting something new (`/flow next`); break off from your own work only for one that has waited 1 hour (none has).');
    await savePullRequests(h.db, [waitingPr(2, { createdAt: new Date('2026-11-25T09:00:00Z'), lastCommitAt: new Date('2026-11-25T09:00:00Z') })], h.clock.now());
    expect(shownText(await flow(h, 'status'))).toContain('*What the light asks:* 2 reviews wait that nobody has picked up, 1 of them for 1 hour or more: one of you, break off what you are building and take it now (`/flow next`)');
  });

  it('sees a change in the store at once, even at the same instant (views are shared only while nothing changed)', async () => {
    await seedTeam(h, [waitingPr(1)]);
    expect(shownText(await flow(h, 'status'))).not.toContain('acme/api#7');
    await savePullRequests(h.db, [waitingPr(7, { createdAt: new Date('2026-11-18T09:00:00Z') })], h.clock.now());
    expect(shownText(await flow(h, 'status'))).toContain('acme/api#7');
  });

  it('answers 50 commands sent at once, every one of them', async () => {
    await seedTeam(h, Array.from({ length: 300 }, (_, i) => waitingPr(i + 1)));
    const users = ['U0ALICE', 'U0BOB', 'U0CAROL'];
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => flow(h, ['status', 'next', 'queue'][i % 3]!, { user: users[i % 3] })));
    expect(replies).toHaveLength(50);
    for (const reply of replies) expect(reply.response_type).toBe('ephemeral');
  });

  it('asks an unlinked person to link their GitHub login', async () => {
    await seedTeam(h, [waitingPr(1)], { people: {} });
    expect(shownText(await flow(h, 'status'))).toContain('/flow link GITHUB-LOGIN');
  });

  it('shows hostile PR titles and logins as text that pings no one', async () => {
    await seedTeam(h, [waitingPr(1, { title: `<!channel> fix <https://evil.example|click> & <@U123> ${'x'.repeat(10_000)}`, author: '<!here>' })]);
    const shown = shownText(await flow(h, 'status'));
    expect(shown).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(shown).toContain('&lt;!channel&gt; fix');
  });

  it('says so when a channel message could not be delivered, and what to do', async () => {
    await seedTeam(h, [waitingPr(1)]);
    await h.db.insertInto('outbox').values({
      team_id: CHANNEL, dedupe_key: 'alert:x', kind: 'alert', payload: JSON.stringify({ action: 'post', channel: CHANNEL, text: 'x', blocks: [] }),
      status: 'parked', park_cause: 'channel_access', resume_as: 'pending', attempts: 1, next_attempt_at: h.clock.now().toISOString(), last_error: 'not_in_channel',
      message_channel: null, message_ts: null, created_at: h.clock.now().toISOString(), updated_at: h.clock.now().toISOString(),
    }).execute();
    const shown = shownText(await flow(h, 'status'));
    expect(shown).toContain('not_in_channel');
    expect(shown).toContain('/invite @flowlight');
  });
});

describe('/flow next', () => {
  it('suggests a review the asker did not write, with Pick up and Skip', async () => {
    await seedTeam(h, [waitingPr(1, { author: 'alice', createdAt: new Date('2026-11-19T09:00:00Z') }), waitingPr(2)]);
    const reply = await flow(h, 'next');
    expect(shownText(reply)).toContain('acme/api#2');
    expect(shownText(reply)).not.toContain('acme/api#1');
    expect([...buttonsOf(reply).keys()]).toEqual(['flow_pick_up', 'flow_skip']);
    expect(buttonsOf(reply).get('flow_pick_up')).toBe('acme/api#2');
  });

  it('while red, offers the asker their line of the swarm plan first, even a large PR that would rank last', async () => {
    await seedTeam(h, [
      waitingPr(1, { additions: 3000, createdAt: new Date('2026-11-20T09:00:00Z'), pendingReviewers: [{ kind: 'user', login: 'alice' }] }),
      waitingPr(2, { additions: 20, deletions: 0, pendingReviewers: [{ kind: 'user', login: 'carol' }] }),
    ]);
    expect(shownText(await flow(h, 'status'))).toContain('RED');
    const reply = await flow(h, 'next');
    expect(buttonsOf(reply).get('flow_pick_up')).toBe('acme/api#1');
    expect(shownText(reply)).toContain('your line of the swarm plan');
    // Carol's line is the small one, which also ranks first for her: nothing to move.
    expect(buttonsOf(await flow(h, 'next', { user: 'U0CAROL' })).get('flow_pick_up')).toBe('acme/api#2');
  });

  it('says the queue is clear when nothing waits', async () => {
    await seedTeam(h, []);
    expect(shownText(await flow(h, 'next'))).toContain('Nothing is waiting for review');
  });

  it('asks an unlinked person to link first', async () => {
    await seedTeam(h, [waitingPr(1)], { people: {} });
    expect(shownText(await flow(h, 'next'))).toContain('/flow link GITHUB-LOGIN');
  });
});

describe('/flow queue', () => {
  it('pages a long queue within Block Kit limits, in priority order', async () => {
    await seedTeam(h, Array.from({ length: 25 }, (_, i) => waitingPr(i + 1, { title: `PR ${i + 1} ${'y'.repeat(5000)}` })));
    const first = await flow(h, 'queue');
    expect(shownText(first)).toContain('Page 1 of 3');
    expect([...buttonsOf(first).keys()]).toEqual(['flow_queue_next']);
    const last = await flow(h, 'queue 3');
    expect(shownText(last)).toContain('Page 3 of 3');
    expect([...buttonsOf(last).keys()]).toEqual(['flow_queue_previous']);
    expect(shownText(await flow(h, 'queue 99'))).toContain('Page 3 of 3');
  });

  it('explains its usage for a bad page', async () => {
    await seedTeam(h, [waitingPr(1)]);
    expect(shownText(await flow(h, 'queue two'))).toContain('/flow queue 2');
  });
});

describe('/flow link and unlink', () => {
  it('links the asker, then someone else by mention, and unlinks', async () => {
    expect(shownText(await flow(h, 'link Octocat'))).toContain('You are linked to GitHub `octocat`');
    expect(shownText(await flow(h, 'link <@U0BOB|bob> bob-the-builder'))).toContain('<@U0BOB> is linked');
    expect(await listPeople(h.db, CHANNEL)).toEqual([
      { slackUserId: 'U0BOB', githubLogin: 'bob-the-builder' },
      { slackUserId: 'U0ALICE', githubLogin: 'octocat' },
    ]);
    expect(shownText(await flow(h, 'unlink'))).toContain('no longer linked');
    expect(shownText(await flow(h, 'unlink <@U0BOB>'))).toContain('<@U0BOB> is no longer linked');
    expect(shownText(await flow(h, 'unlink'))).toContain('not linked');
    expect(await listPeople(h.db, CHANNEL)).toEqual([]);
  });

  it.each([
    ['link', 'Usage'],
    ['link -bad-', 'not a GitHub login'],
    ['link a_b', 'not a GitHub login'],
    [`link ${'a'.repeat(40)}`, 'not a GitHub login'],
    ['link @octocat', 'without @'],
    ['link @bob octocat', 'could not tell who'],
    ['link <@U0BOB>', 'Which GitHub login'],
    ['link 🙂', 'not a GitHub login'],
    ["link x'; DROP TABLE people; --", 'Usage'],
    ['link a b c', 'Usage'],
    ['unlink bob', 'could not tell who'],
  ])('refuses `/flow %s` saying what is wrong', async (text, expected) => {
    const reply = await flow(h, text);
    expect(shownText(reply)).toContain(expected);
    expect(await listPeople(h.db, CHANNEL)).toEqual([]);
  });

  it('refuses a login already linked to someone else in the channel', async () => {
    await flow(h, 'link octocat', { user: 'U0BOB' });
    expect(shownText(await flow(h, 'link octocat', { user: 'U0CAROL' }))).toContain('already linked to <@U0BOB>');
  });
});

describe('/flow watch, unwatch, repos', () => {
  it('without GitHub connected, accepts well-formed repositories and says when they are checked', async () => {
    const reply = await flow(h, 'watch acme/api <https://github.com/Acme/Web|github.com/Acme/Web> acme/api');
    expect(shownText(reply)).toContain('Watching `acme/api`');
    expect(shownText(reply)).toContain('checked at the next poll');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/api', 'acme/web']);
    expect(shownText(await flow(h, 'watch acme/api'))).toContain('already watched');
    expect(shownText(await flow(h, 'repos'))).toContain('not read yet');
    expect(shownText(await flow(h, 'unwatch acme/api'))).toContain('Stopped watching `acme/api`');
    expect(shownText(await flow(h, 'unwatch acme/api'))).toContain('was not watched');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/web']);
  });

  it.each([
    ['watch', 'Usage'],
    ['watch ../etc', 'not a GitHub owner'],
    ['watch acme/..', 'not a repository name'],
    ['watch acme/../../etc/passwd', 'not a repository'],
    ['watch acme', 'not a repository'],
    ['watch ácme/api', 'not a GitHub owner'],
    ['watch acme/ap%69', 'not a repository name'],
    ["watch acme/api';DROP", 'not a repository name'],
    [`watch ${Array.from({ length: 21 }, (_, i) => `acme/r${i}`).join(' ')}`, 'at most 20'],
    ['unwatch', 'Usage'],
    ['unwatch ../x', 'not a GitHub owner'],
  ])('refuses `/flow %s` saying what is wrong', async (text, expected) => {
    expect(shownText(await flow(h, text))).toContain(expected);
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual([]);
  });

  it('lists the watched repositories with when each was read', async () => {
    await seedTeam(h, []);
    expect(shownText(await flow(h, 'repos'))).toContain('read just now');
  });
});

describe('/flow watch with GitHub connected', () => {
  it('checks each repository at once and refuses one the token cannot see, with the reason', async () => {
    await h.close();
    const checkRepositoryAccess = vi.fn(async (repo: string) =>
      repo === 'acme/secret'
        ? { ok: false as const, error: new FlowlightError('github_not_found', 'acme/secret does not exist or the token cannot see it: grant the token access (Pull requests: read, Metadata: read).') }
        : { ok: true as const, fullName: repo === 'acme/api' ? 'Acme/API' : repo, isPrivate: false });
    h = await startHarness({ deps: { github: { checkRepositoryAccess } } });
    const shown = shownText(await flow(h, 'watch acme/api acme/secret'));
    expect(shown).toContain('Watching `acme/api`');
    expect(shown).toContain('acme/secret does not exist or the token cannot see it');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual(['acme/api']);
    expect(checkRepositoryAccess).toHaveBeenCalledTimes(2);
  });

  it('refuses, and says to try again, when GitHub cannot be asked', async () => {
    await h.close();
    h = await startHarness({ deps: { github: { checkRepositoryAccess: async () => { throw new Error('ECONNRESET'); } } } });
    expect(shownText(await flow(h, 'watch acme/api'))).toContain('try again in a minute');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual([]);
  });
});

describe('/flow config and set', () => {
  it('shows every setting with how to change it', async () => {
    const shown = shownText(await flow(h, 'config'));
    for (const key of ['queue_per_reviewer', 'oldest_wait', 'expected_wait', 'lines_per_reviewer', 'timezone', 'digest']) expect(shown).toContain(key);
  });

  it('saves a valid change and announces who changed what in the channel, through the outbox', async () => {
    const reply = await flow(h, 'set red.oldest_wait 12');
    expect(shownText(reply)).toContain('Saved');
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toEqual({ rules: { oldest_wait: { red: 12 } } });
    await deliverDue(h.db, createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url }), h.clock.now(), { logger: silentLogger });
    const [announcement] = h.slack.transcript(CHANNEL);
    expect(announcement?.text).toContain('<@U0ALICE> changed a setting');
    expect(announcement?.text).toContain('16 → 12');
  });

  it('reports stored settings that are not JSON instead of showing the defaults, and /flow set starts again from the defaults saying so', async () => {
    await seedTeam(h, [waitingPr(1)]);
    await h.db.updateTable('teams').set({ settings: '{"rules": {oops' }).where('id', '=', CHANNEL).execute();
    for (const command of ['config', 'status']) {
      const shown = shownText(await flow(h, command));
      expect(shown, command).toContain('not valid JSON');
      expect(shown, command).toContain('/flow set');
    }
    const reply = shownText(await flow(h, 'set red.oldest_wait 12'));
    expect(reply).toContain('went back to their defaults');
    expect(reply).toContain('Saved');
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toEqual({ rules: { oldest_wait: { red: 12 } } });
  });

  it('keeps values with spaces (labels)', async () => {
    await flow(h, 'set skip_labels wip, do not review, <!channel>');
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toMatchObject({ skipLabels: ['wip', 'do not review', '<!channel>'] });
    const row = await h.db.selectFrom('outbox').select('payload').executeTakeFirstOrThrow();
    expect(row.payload).not.toContain('<!channel>');
  });

  it.each([
    ['set', 'Usage'],
    ['set red.oldest_wait', 'Give a value'],
    ['set yellow.oldest_wait 99', 'oldest_wait'],
    ['set red.oldest_wait -5', 'red.oldest_wait'],
    ['set red.oldest_wait 1e309', 'red.oldest_wait'],
    ['set red.oldest_wait abc', 'red.oldest_wait'],
    ['set red.nonsense 3', 'Unknown rule'],
    ['set colour blue', 'Unknown setting'],
    ['set timezone Mars/Olympus_Mons', 'timezone'],
    ['set hours 17:00-09:00', 'hours'],
    ['set days someday', 'days'],
    ['set digest 25:99', 'digest'],
    ['set oldest_wait maybe', 'oldest_wait'],
  ])('refuses `/flow %s` naming the setting', async (text, expected) => {
    const shown = shownText(await flow(h, text));
    expect(shown).toContain(expected);
    expect(JSON.parse(await getSettingsOverrides(h.db, CHANNEL))).toEqual({});
    expect(await h.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });
});

describe('/flow digest', () => {
  it('needs repositories first', async () => {
    const onDigestRequested = vi.fn(async () => {});
    await h.close();
    h = await startHarness({ deps: { onDigestRequested } });
    expect(shownText(await flow(h, 'digest'))).toContain('watches no repositories');
    expect(onDigestRequested).not.toHaveBeenCalled();
  });

  it('asks the digest job to post now', async () => {
    const onDigestRequested = vi.fn(async () => {});
    await h.close();
    h = await startHarness({ deps: { onDigestRequested } });
    await seedTeam(h, []);
    expect(shownText(await flow(h, 'digest'))).toContain('on its way');
    expect(onDigestRequested).toHaveBeenCalledWith(CHANNEL);
  });

  it('says when the digest is not available', async () => {
    await seedTeam(h, []);
    expect(shownText(await flow(h, 'digest'))).toContain('not switched on');
  });

  it('turns an unexpected failure into a sentence and a log line, never a stack trace', async () => {
    await h.close();
    h = await startHarness({ deps: { onDigestRequested: async () => { throw new Error('disk on fire at /secret/path'); } } });
    await seedTeam(h, []);
    const shown = shownText(await flow(h, 'digest'));
    expect(shown).toContain("Something went wrong on flowlight's side");
    expect(shown).not.toContain('disk on fire');
    expect(shown).not.toMatch(/at .*\.ts:\d+/);
    expect(h.logLines.some((l) => l.msg === '/flow failed')).toBe(true);
  });
});

describe('/flow help and input it does not understand', () => {
  it.each([
    ['help', 'flowlight: keep the review queue flowing'],
    ['HELP', 'flowlight: keep the review queue flowing'],
    ['dance', "I don't know `dance`"],
    ['状态', "I don't know `状态`"],
    ["'; DROP TABLE people; --", "I don't know `';`"],
    ['<!channel>', "I don't know `&lt;!channel&gt;`"],
    ['`rm -rf`', "I don't know `'rm`"],
  ])('answers `/flow %s` with the help', async (text, expected) => {
    const reply = await flow(h, text);
    const shown = shownText(reply);
    expect(shown).toContain(expected);
    expect(shown).toContain('/flow next');
    expect(shown).not.toContain('<!channel>');
  });

  it('answers 5,000 characters with the help and how long commands may be', async () => {
    const shown = shownText(await flow(h, `watch ${'x'.repeat(5000)}`));
    expect(shown).toContain('That was 5006 characters');
    expect(shown).toContain('/flow next');
    expect(await listWatchedRepos(h.db, CHANNEL)).toEqual([]);
  });

  it('leaves the store intact after SQL-ish input', async () => {
    await flow(h, "link x'); DROP TABLE people; --");
    await flow(h, 'link octocat');
    expect(await listPeople(h.db, CHANNEL)).toHaveLength(1);
  });
});
