import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/cli/status.js';
import { loadConfig } from '../../src/config.js';
import { FlowlightError } from '../../src/errors.js';
import { createGitHub } from '../../src/github/index.js';
import { postDigest } from '../../src/jobs/digest.js';
import { evaluateAllTeams } from '../../src/jobs/evaluate.js';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { silentLogger } from '../../src/logger.js';
import { makePullRequest, makeScenario, startSimulator, type SimPullRequest, type Simulator } from '../../src/sim/index.js';
import { listPeople, linkPerson } from '../../src/store/people.js';
import { getSettingsOverrides, ensureTeam } from '../../src/store/teams.js';
import { listWatchedRepos, watchRepo } from '../../src/store/watchedRepos.js';
import { CHANNEL, flow, shownText, startHarness, type Harness } from '../slack/harness.js';
import { seedTeam, waitingPr } from '../slack/seed.js';

// Hostile and bad input: a table of what people type (/flow over signed HTTP to the real app),
// what operators set (environment, the CLI) and what GitHub serves (through the simulator, the poller,
// the store, to Slack and the terminal), each with what the user sees. Everywhere: no ping, no Slack
// link smuggled in, within Block Kit's limits (the fake Slack rejects anything over), no stack trace.

const PINGS = /<!channel>|<!here>|<!everyone>|<@U123|<https:\/\/evil/;
const STACK = /^\s+at |\.ts:\d+:\d+/m;

// ---------------------------------------------------------------------------------------------
// /flow arguments → the ephemeral reply; the store unchanged unless the row says it saves.

interface FlowRow {
  input: string;
  shows: string | RegExp;
  /** a value that is valid, however odd: saved, and shown escaped */
  saves?: boolean;
}

const FLOW_ROWS: FlowRow[] = [
  { input: '', shows: 'awaiting review' },
  { input: '  \t  ', shows: 'awaiting review' },
  { input: 'flow', shows: "I don't know `flow`" },
  { input: 'x'.repeat(5000), shows: 'That was 5000 characters; /flow commands are short (at most 1000)' },
  { input: `status ${'<!channel> '.repeat(600)}`, shows: /That was \d{4} characters/ },
  { input: '🚦', shows: "I don't know `🚦`" },
  { input: 'ＳＴＡＴＵＳ', shows: "I don't know `ＳＴＡＴＵＳ`" },
  { input: 'status\u202Egnp.exe', shows: "I don't know `status?gnp.exe`" }, // a bidi override is not echoed
  { input: 'st\u0000atus', shows: "I don't know `st?atus`" }, // nor a NUL
  { input: 'status\n<!channel>', shows: 'awaiting review' },
  { input: 'watch acme//api', shows: '`acme//api` is not a repository: write OWNER/REPO' },
  { input: 'watch /api', shows: 'is not a GitHub owner' },
  { input: 'watch acme/api/', shows: '`acme/api/` is not a repository' },
  { input: 'watch ../../etc/passwd', shows: '`../../etc/passwd` is not a repository' },
  { input: 'watch ../../../', shows: 'is not a repository' },
  { input: 'watch acme/..%2F..', shows: '`..%2F..` is not a repository name' },
  { input: "watch acme/api'; DROP TABLE watched_repos; --", shows: "`api';` is not a repository name" },
  { input: `watch ${'a'.repeat(40)}/api`, shows: 'is not a GitHub owner' },
  { input: 'unwatch ../../x', shows: '`../../x` is not a repository' },
  { input: "link '; DROP TABLE people; --", shows: 'Usage: `/flow link GITHUB-LOGIN`' },
  { input: 'link <!channel>', shows: '`&lt;!channel&gt;` is not a GitHub login' },
  { input: 'link <@U123|mallory> <!here>', shows: '`&lt;!here&gt;` is not a GitHub login' },
  { input: 'set red.queue_per_reviewer -1', shows: 'red.queue_per_reviewer must be a number above 0 and at most 100 PRs per reviewer' },
  { input: 'set yellow.queue_per_reviewer 0', shows: 'yellow.queue_per_reviewer must be a number above 0' },
  { input: 'set yellow.queue_per_reviewer 1e-9', shows: 'yellow.queue_per_reviewer must be a number above 0' },
  { input: 'set red.oldest_wait 99999999999999999999', shows: 'red.oldest_wait must be a number above 0 and at most 2,000 business hours' },
  { input: 'set red.oldest_wait NaN', shows: 'red.oldest_wait must be a number' },
  { input: 'set red.oldest_wait Infinity', shows: 'red.oldest_wait must be a number' },
  { input: 'set red.oldest_wait 0x10', shows: 'red.oldest_wait must be a number' },
  { input: 'set red.nonsense -1', shows: 'in red.nonsense. Rules: queue_per_reviewer, oldest_wait, expected_wait, lines_per_reviewer' },
  { input: 'set timezone Europe/Atlantis', shows: 'timezone must be an IANA time zone such as Europe/Berlin' },
  { input: 'set timezone ../../etc/localtime', shows: 'timezone must be an IANA time zone' },
  { input: "set timezone '; DROP TABLE teams; --", shows: 'timezone must be an IANA time zone' },
  { input: 'set hours 25:00-26:00', shows: 'hours must be HH:MM-HH:MM' },
  { input: 'set digest 9am', shows: 'digest must be a local time HH:MM' },
  { input: 'set days Funday', shows: 'days must be days like mon-fri' },
  { input: `set urgent_labels ${'x'.repeat(900)}`, shows: 'at most 100 characters' },
  { input: 'set skip_labels <!channel>, <@U123>', shows: 'Saved: skip labels: wip, do not review, on hold → &lt;!channel&gt;, &lt;@U123&gt;', saves: true },
  { input: 'queue -1', shows: 'Usage: `/flow queue`, or `/flow queue 2`' },
  { input: 'queue 1e9', shows: 'Usage: `/flow queue`' },
  { input: 'next <!channel>', shows: 'Your next review' },
  { input: 'config <!everyone>', shows: 'Settings of this channel' },
  { input: 'repos; DROP TABLE teams', shows: "I don't know `repos;`" },
  { input: 'help me <!here>', shows: 'flowlight: keep the review queue flowing' },
];

describe('/flow with bad arguments: a reply that says what is wrong, nothing saved', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await seedTeam(h, [waitingPr(1)]);
  });
  afterAll(async () => {
    expect(h.slack.rejections).toEqual([]);
    await h.close();
  });

  const storeState = async () => JSON.stringify([
    await getSettingsOverrides(h.db, CHANNEL), await listWatchedRepos(h.db, CHANNEL), await listPeople(h.db, CHANNEL),
    await h.db.selectFrom('claims').selectAll().execute(),
  ]);

  it.each(FLOW_ROWS.map((row) => [JSON.stringify(row.input).slice(0, 60), row] as const))('/flow %s', async (_label, row) => {
    const before = await storeState();
    const outboxBefore = (await h.db.selectFrom('outbox').select('payload').execute()).length;
    const reply = await flow(h, row.input);
    const shown = shownText(reply);
    expect(reply.response_type).toBe('ephemeral');
    if (typeof row.shows === 'string') expect(shown).toContain(row.shows);
    else expect(shown).toMatch(row.shows);
    expect(shown).not.toMatch(PINGS);
    expect(shown).not.toMatch(STACK);
    if (row.saves) {
      // Saved, and announced in the channel through the outbox: escaped there too.
      const payloads = (await h.db.selectFrom('outbox').select('payload').execute()).slice(outboxBefore).map((p) => p.payload);
      expect(payloads).toHaveLength(1);
      expect(payloads[0]).not.toMatch(PINGS);
    } else {
      expect(await storeState()).toBe(before);
      expect((await h.db.selectFrom('outbox').select('payload').execute()).length).toBe(outboxBefore);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Environment values → the start-up message (loadConfig, which `npm start` and the CLI print).

interface EnvRow {
  env: Record<string, string>;
  shows: string;
  /** a secret value that must not be repeated back */
  secret?: string;
}

const ENV_ROWS: EnvRow[] = [
  { env: { GITHUB_API_URL: 'not a url' }, shows: 'GITHUB_API_URL: GITHUB_API_URL must be an http(s) URL, for example https://github.example.com/api/v3' },
  { env: { GITHUB_API_URL: 'ftp://github.example.com' }, shows: 'GITHUB_API_URL must be an http(s) URL' },
  { env: { SLACK_API_URL: 'javascript:alert(1)' }, shows: 'SLACK_API_URL must be an http(s) URL' },
  { env: { PORT: '99999' }, shows: 'PORT: PORT must be a whole number from 1 to 65535' },
  { env: { PORT: '-1' }, shows: 'PORT must be a whole number from 1 to 65535' },
  { env: { PORT: '3000abc' }, shows: 'PORT must be a whole number from 1 to 65535' },
  { env: { POLL_CRON: 'every minute' }, shows: 'POLL_CRON: POLL_CRON must be a 5- or 6-field cron expression' },
  { env: { POLL_CRON: '* * * *' }, shows: 'POLL_CRON must be a 5- or 6-field cron expression' },
  { env: { POLL_CRON: '61 * * * *' }, shows: 'POLL_CRON must be a 5- or 6-field cron expression' },
  { env: { POLL_CONCURRENCY: '0' }, shows: 'POLL_CONCURRENCY must be a whole number from 1 to 32' },
  { env: { LOG_LEVEL: 'verbose' }, shows: 'LOG_LEVEL: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' },
  { env: { DATABASE_URL: 'postgres://flowlight:hunter2@db:port/flowlight' }, shows: 'DATABASE_URL is not a valid PostgreSQL URL (postgres://flowlight:***@db:port/flowlight): write it as postgres://USER:PASSWORD@HOST:5432/DATABASE', secret: 'hunter2' },
  { env: { DATABASE_URL: 'mysql://db/flowlight' }, shows: 'DATABASE_URL must be a file path or file:PATH' },
  { env: { SLACK_BOT_TOKEN: 'xoxp-1234-user-token-secret' }, shows: 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-', secret: 'xoxp-1234-user-token-secret' },
  { env: { SLACK_APP_TOKEN: 'xoxb-1234-bot-token-secret' }, shows: 'SLACK_APP_TOKEN must be an app-level token starting with xapp-', secret: 'xoxb-1234-bot-token-secret' },
  { env: { GITHUB_TOKEN: 'ghp_abc123 ghp_def456secret' }, shows: 'GITHUB_TOKEN: contains white space', secret: 'ghp_abc123' },
  { env: { GITHUB_APP_ID: 'my-app' }, shows: 'GITHUB_APP_ID must be the numeric App ID' },
  { env: { GITHUB_APP_ID: '1234' }, shows: 'GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID: missing' },
  { env: { GITHUB_APP_ID: '1234', GITHUB_APP_INSTALLATION_ID: '99', GITHUB_APP_PRIVATE_KEY: 'secret-key-material-not-pem' }, shows: 'GITHUB_APP_PRIVATE_KEY: not a PEM private key', secret: 'secret-key-material-not-pem' },
];

describe('bad environment values: refused at start naming the variable and the fix', () => {
  it.each(ENV_ROWS.map((row) => [Object.keys(row.env).join('+'), row] as const))('%s', (_label, row) => {
    let error: unknown;
    try {
      loadConfig(row.env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlowlightError);
    const { code, message } = error as FlowlightError;
    expect(code).toBe('config_invalid');
    expect(message).toContain(row.shows);
    expect(message).not.toMatch(STACK);
    if (row.secret) expect(message).not.toContain(row.secret);
  });
});

// ---------------------------------------------------------------------------------------------
// `flowlight status` arguments → exit 2 and one line on stderr.

const CLI_ROWS: Array<{ args: string[]; env?: Record<string, string>; shows: string }> = [
  { args: [], shows: 'Name at least one repository: flowlight status OWNER/REPO' },
  { args: ['../etc/passwd'], shows: '"../etc/passwd" is not a repository name. Write it as OWNER/REPO' },
  { args: ['acme/api; rm -rf /'], shows: 'is not a repository name' },
  { args: ['acme/api', '--at', 'yesterday'], shows: '--at "yesterday" is not an ISO time' },
  { args: ['acme/api', '--reviewers=-3'], shows: '--reviewers "-3" must be a whole number from 1 to 1000' },
  { args: ['acme/api', '--reviewers', '-3'], shows: "To specify an option argument starting with a dash use '--reviewers=-XYZ'" },
  { args: ['acme/api', '--reviewers', '1e9'], shows: 'must be a whole number from 1 to 1000' },
  { args: ['acme/api', '--tz', 'Mars/Olympus_Mons'], shows: '--tz "Mars/Olympus_Mons" is not a time zone' },
  { args: ['acme/api', '--bogus'], shows: 'Options: --json, --at ISO-TIME, --reviewers N, --tz ZONE' },
  { args: ['acme/api'], env: { GITHUB_API_URL: 'nope' }, shows: 'GITHUB_API_URL must be an http(s) URL' },
];

describe('flowlight status with bad arguments: exit 2 and what to type instead', () => {
  it.each(CLI_ROWS.map((row) => [row.args.join(' ') || '(nothing)', row] as const))('flowlight status %s', async (_label, row) => {
    let out = '';
    let err = '';
    const code = await runStatus(row.args, {
      env: row.env ?? { GITHUB_API_URL: 'http://127.0.0.1:9' }, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) },
      clock: () => new Date('2026-11-25T10:00:00Z'),
    });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.startsWith('flowlight status: ')).toBe(true);
    expect(err).toContain(row.shows);
    expect(err).not.toMatch(STACK);
  });
});

// ---------------------------------------------------------------------------------------------
// What GitHub serves → what Slack (status, queue, next, the red alert with its swarm plan, the
// digest) and the terminal (flowlight status) show.

const NOW = new Date('2026-11-25T10:00:00Z');
const OPENED = new Date('2026-11-25T09:00:00Z');

interface GitHubRow {
  name: string;
  pr: Partial<SimPullRequest>;
  slack: (shown: string) => void;
  terminal?: (table: string) => void;
}

const GITHUB_ROWS: GitHubRow[] = [
  {
    name: 'title with <!channel>', pr: { title: '<!channel> deploy now' },
    slack: (s) => expect(s).toContain('acme/api#1 &lt;!channel&gt; deploy now'),
    terminal: (t) => expect(t).toContain('acme/api#1    awaiting_review  1         12      <!channel> deploy now'),
  },
  { name: 'title with <@U123>', pr: { title: '<@U123> please look' }, slack: (s) => expect(s).toContain('acme/api#2 &lt;@U123&gt; please look') },
  {
    name: 'title with a Slack link <https://x|y>', pr: { title: '<https://evil.example|Click here for a free review>' },
    slack: (s) => expect(s).toContain('acme/api#3 &lt;https://evil.example¦Click here for a free review&gt;>'),
  },
  {
    name: 'title with markdown', pr: { title: '*bold* _italic_ ~strike~ `code` > quote' },
    slack: (s) => expect(s).toContain('acme/api#4 *bold* _italic_ ~strike~ `code` &gt; quote>'),
    terminal: (t) => expect(t).toContain('*bold* _italic_ ~strike~ `code` > quote'),
  },
  {
    name: '10,000-character title', pr: { title: 'T'.repeat(10_000) },
    slack: (s) => {
      expect(s).toMatch(/acme\/api#5 T{119}…>/);
      expect(s).not.toContain('T'.repeat(120));
    },
    terminal: (t) => expect(t).toMatch(/ T{59}…\n/),
  },
  {
    name: 'author a deleted account (null)', pr: { title: 'Orphaned', author: null },
    slack: (s) => expect(s).toContain('acme/api#6 Orphaned> by a deleted account'),
    terminal: (t) => expect(t).toContain('acme/api#6    awaiting_review'),
  },
  {
    name: '100,000 changed lines', pr: { title: 'Vendored everything', additions: 100_000, deletions: 0 },
    slack: (s) => {
      expect(s).toContain('acme/api#7 Vendored everything> by mallory\\nwaiting 1 hour · 100,000 lines, about 250 hours');
      expect(s).toMatch(/100,1\d\d changed lines awaiting review for 3 reviewers \(33,3\d\d per reviewer\); red at 1,000/);
      expect(s).toContain('*Oversized PRs* (review is where big batches stall: split them if you can)');
      expect(s).toContain('• <https://github.com/acme/api/pull/7|acme/api#7 Vendored everything>: 100,000 lines');
    },
    terminal: (t) => expect(t).toContain('acme/api#7    awaiting_review  1         100000  Vendored everything'),
  },
  { name: 'login <!here>', pr: { title: 'From a strange login', author: '<!here>' }, slack: (s) => expect(s).toContain('acme/api#8 From a strange login> by &lt;!here&gt;') },
  {
    name: 'title with newlines and terminal escape codes', pr: { title: 'Line one\n\n*Fake header*\r\nline two\u001b[2J\u001b[31m' },
    slack: (s) => expect(s).toContain('acme/api#9 Line one *Fake header* line two'),
    terminal: (t) => {
      expect(t).toContain('Line one??*Fake header*??line two?[2J?[31m');
      expect(t).not.toContain('\u001b');
    },
  },
  { name: 'labels with <!channel> beside hotfix', pr: { title: 'Labelled', labels: ['<!channel>', 'hotfix'] }, slack: (s) => expect(s).toContain('acme/api#10 Labelled> by mallory\\nwaiting 1 hour · 12 lines, about 15 min · urgent') },
  { name: 'branch names with <!everyone>', pr: { title: 'Odd branches', headRef: '<!everyone>', baseRef: '<!everyone>-base' }, slack: (s) => expect(s).toContain('acme/api#11 Odd branches>') },
];

describe('hostile GitHub data: shown as text, within limits, pinging no one', () => {
  let h: Harness;
  let sim: Simulator;
  let slackShows = '';
  let terminal = '';

  beforeAll(async () => {
    h = await startHarness({ now: NOW.toISOString() });
    sim = await startSimulator(
      makeScenario({ 'acme/api': GITHUB_ROWS.map((row, i) => makePullRequest({ number: i + 1, author: 'mallory', createdAt: OPENED, commits: [{ at: OPENED }], ...row.pr })) }),
      { now: () => NOW },
    );
    await ensureTeam(h.db, CHANNEL, NOW);
    await watchRepo(h.db, CHANNEL, 'acme/api', null, NOW);
    for (const [slackId, login] of [['U0ALICE', 'alice'], ['U0BOB', 'bob'], ['U0CAROL', 'carol']] as const) await linkPerson(h.db, CHANNEL, slackId, login, NOW);

    // The bot's path: poll → store → evaluate (red, with a swarm plan) → digest → outbox → Slack.
    const github = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retryBaseMs: 1 });
    const poll = await pollOnce({ db: h.db, github, logger: silentLogger, concurrency: 2 }, NOW);
    expect(poll.failed).toEqual([]);
    await evaluateAllTeams(h.db, NOW, { pollIntervalMs: 60_000, logger: silentLogger });
    await postDigest(h.db, CHANNEL, NOW, { requested: true, pollIntervalMs: 60_000 });
    await deliverDue(h.db, createDeliveryClient({ botToken: 'xoxb-test-token', slackApiUrl: h.slack.url }), NOW, { logger: silentLogger });
    const replies = [];
    for (const text of ['status', 'queue', 'queue 2']) replies.push(await flow(h, text));
    for (const user of ['U0ALICE', 'U0BOB', 'U0CAROL']) replies.push(await flow(h, 'next', { user }));
    const channel = h.slack.transcript(CHANNEL);
    expect(channel.map((m) => m.text)).toEqual([expect.stringContaining('over the limit'), expect.stringContaining('digest')]);
    slackShows = replies.map((r) => shownText(r)).concat(channel.map((m) => shownText(m))).join('\n');

    let err = '';
    await runStatus(['acme/api'], { env: { GITHUB_API_URL: sim.url, GITHUB_TOKEN: 'ghp_test' }, stdout: { write: (t: string) => (terminal += t) }, stderr: { write: (t: string) => (err += t) }, clock: () => NOW });
    expect(err).toBe('');
  });
  afterAll(async () => {
    await sim.close();
    await h.close();
  });

  it('keeps every message and reply within Block Kit limits and pings no one', () => {
    expect(h.slack.rejections).toEqual([]);
    expect(slackShows).not.toMatch(PINGS);
    expect(slackShows).toContain('10 PRs awaiting review for 3 reviewers'.replace('10', String(GITHUB_ROWS.length)));
  });

  it.each(GITHUB_ROWS.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    row.slack(slackShows);
    row.terminal?.(terminal);
  });
});

/** Bad inputs this file tries, for the README table. */
export const BAD_INPUTS = FLOW_ROWS.length + ENV_ROWS.length + CLI_ROWS.length + GITHUB_ROWS.length;
