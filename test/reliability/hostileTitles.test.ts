import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHub } from '../../src/github/index.js';
import { postDigest } from '../../src/jobs/digest.js';
import { evaluateAllTeams } from '../../src/jobs/evaluate.js';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { findPullRequest, makePullRequest, makeScenario, openPullRequest, startSimulator, submitReview, type Simulator } from '../../src/sim/index.js';
import { linkPerson } from '../../src/store/people.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { CHANNEL, flow, press, startHarness, type Harness } from '../slack/harness.js';

// PR titles, logins, labels and branch names from GitHub carrying bidi controls (U+202E turns the
// rest of a line around), control characters and Slack formatting, through every Slack surface
// flowlight has: the red alert with its swarm plan, the plan's in-place edit, the gate DM, the digest,
// /flow status, /flow queue, /flow next and the Pick up reply. (flowlight publishes no App Home.)
// The bot's own path: simulator → poll → store → evaluate → outbox → fake Slack, and signed /flow requests.

const NOW = new Date('2026-11-25T10:00:00Z');
const OPENED = new Date('2026-11-24T09:00:00Z');
const LATER = new Date(NOW.getTime() + 60_000);

const hostileTitle = (n: number) =>
  `Fix ${n} \u202Etxt.exe\u202C <!channel> <https://evil.example|click here> & \u2066isolated\u2069 \u200Fmarked\u200E \u061Carabic\u0007bell\u001b[31m`;
/** How each title must reach Slack: controls as "?", mrkdwn control characters escaped, the link label's `|` harmless. */
const shownTitle = (n: number) => `Fix ${n} ?txt.exe? &lt;!channel&gt; &lt;https://evil.example¦click here&gt; &amp; ?isolated? ?marked? ?arabic?bell?[31m`;
const HOSTILE_LOGIN = 'mal\u202Elory';

const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const PINGS = /<!(channel|here|everyone)>|<@U0EVIL|<https:\/\/evil/;

/** Every string inside a Slack payload (text, blocks, buttons), in one list. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('hostile titles and logins reach every Slack surface stripped and escaped', () => {
  let h: Harness;
  let sim: Simulator;
  const surfaces = new Map<string, unknown>();

  beforeAll(async () => {
    h = await startHarness({ now: NOW.toISOString() });
    const pr = (number: number, author: string) =>
      makePullRequest({ number, author, title: hostileTitle(number), labels: ['\u202Ehotfix', '<!here>'], headRef: '\u202Ebranch<!everyone>', createdAt: OPENED, commits: [{ at: OPENED }] });
    sim = await startSimulator(makeScenario({ 'acme/api': [pr(1, HOSTILE_LOGIN), pr(2, 'mallory'), pr(3, 'mallory'), pr(4, 'mallory'), pr(5, 'mallory'), pr(6, 'mallory'), pr(7, 'mallory')] }), { now: () => h.clock.now() });
    await ensureTeam(h.db, CHANNEL, NOW);
    await watchRepo(h.db, CHANNEL, 'acme/api', null, NOW);
    for (const [slackId, login] of [['U0ALICE', 'alice'], ['U0BOB', 'bob'], ['U0CAROL', 'carol']] as const) await linkPerson(h.db, CHANNEL, slackId, login, NOW);
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
    const client = createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url });
    const cycle = async () => {
      const report = await pollOnce({ db: h.db, github, logger: silentLogger, concurrency: 2 }, h.clock.now());
      expect(report.failed).toEqual([]);
      await evaluateAllTeams(h.db, h.clock.now(), { pollIntervalMs: 60_000, logger: silentLogger });
      await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    };

    // Red, with a swarm plan.
    await cycle();
    const [redAlert] = h.slack.transcript(CHANNEL);
    surfaces.set('red alert with the swarm plan', redAlert);

    // Alice opens a PR while the team swarms (the gate DM), and Bob's review lands (the plan is edited in place).
    h.clock.set(LATER.toISOString());
    sim.update((s) => {
      openPullRequest(s, 'acme/api', { author: 'alice', title: hostileTitle(8), createdAt: LATER, commits: [{ at: LATER }] });
      submitReview(findPullRequest(s, 'acme/api', 2), { author: 'bob', state: 'COMMENTED', at: LATER });
    });
    await cycle();
    surfaces.set('gate DM', h.slack.callsTo('chat.postMessage').find((c) => String(c.body.text).includes('swarming'))?.body);
    surfaces.set('swarm plan edited in place', h.slack.callsTo('chat.update').at(-1)?.body);

    await postDigest(h.db, CHANNEL, h.clock.now(), { requested: true, pollIntervalMs: 60_000 });
    await deliverDue(h.db, client, h.clock.now(), { logger: silentLogger });
    surfaces.set('digest', h.slack.transcript(CHANNEL).find((m) => String(m.text).includes('digest')));

    surfaces.set('/flow status', await flow(h, 'status'));
    surfaces.set('/flow queue', await flow(h, 'queue'));
    surfaces.set('/flow next', await flow(h, 'next', { user: 'U0CAROL' }));
    surfaces.set('Pick up reply', await press(h, 'flow_pick_up', 'acme/api#3', { user: 'U0CAROL' }));
  });
  afterAll(async () => {
    await sim?.close();
    await h?.close();
  });

  it('builds every surface, within Block Kit limits', () => {
    expect([...surfaces].filter(([, payload]) => payload === undefined).map(([name]) => name)).toEqual([]);
    expect(surfaces.size).toBe(8);
    expect(h.slack.rejections).toEqual([]);
  });

  it.each(['red alert with the swarm plan', 'swarm plan edited in place', 'gate DM', 'digest', '/flow status', '/flow queue', '/flow next', 'Pick up reply'])('%s', (name) => {
    const strings = stringsOf(surfaces.get(name));
    const all = strings.join('\n');
    // It shows the hostile PRs (so the checks below are about them) ...
    expect(all).toMatch(/Fix \d \?txt\.exe\?/);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) if (all.includes(`Fix ${n} `)) expect(all).toContain(shownTitle(n));
    // ... with no control or bidi character left, no ping and no link of theirs.
    for (const text of strings) expect(text, `in ${name}`).not.toMatch(CONTROL_OR_BIDI);
    expect(all).not.toMatch(PINGS);
    expect(all).not.toContain('<https://evil');
  });

  it('the login carrying a bidi override is shown with "?" where /flow queue names its author', () => {
    expect(stringsOf(surfaces.get('/flow queue')).join('\n')).toContain('by mal?lory');
  });
});
