import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStatusArgs, runStatus } from '../../src/cli/status.js';
import { SAMPLE_REPOSITORIES, sampleScenario, startSimulator, type Simulator } from '../../src/sim/index.js';

// A Wednesday afternoon: every sample PR has waited inside business hours.
const now = new Date('2026-11-18T15:00:00Z');

function capture() {
  let out = '';
  let err = '';
  return {
    io: (env: NodeJS.ProcessEnv) => ({
      env,
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
      clock: () => now,
      githubTuning: { retryBaseMs: 1 },
    }),
    out: () => out,
    err: () => err,
  };
}

describe('flowlight status against the GitHub simulator', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator(sampleScenario(now), { now: () => now });
  });
  afterEach(async () => sim.close());

  it('prints exactly one JSON object with the queue as the domain rules classify it', async () => {
    const c = capture();
    const code = await runStatus([...SAMPLE_REPOSITORIES, '--json', '--reviewers', '4'], c.io({ GITHUB_API_URL: sim.url, GITHUB_TOKEN: 'ghp_test' }));
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    const lines = c.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    const status = JSON.parse(lines[0]!);
    expect(['green', 'yellow', 'red']).toContain(status.light);
    const queueOf = Object.fromEntries(status.pullRequests.map((pr: any) => [`${pr.repo}#${pr.number}`, pr.queue]));
    expect(queueOf).toEqual({
      'flowlight-demo/api#101': 'awaiting_review',
      'flowlight-demo/api#102': 'awaiting_author',
      'flowlight-demo/api#103': 'approved',
      'flowlight-demo/api#104': 'draft',
      'flowlight-demo/api#105': 'skipped',
      'flowlight-demo/api#106': 'awaiting_review',
      'flowlight-demo/web#41': 'awaiting_review',
      'flowlight-demo/web#42': 'awaiting_review',
      'flowlight-demo/web#43': 'awaiting_review',
    });
    expect(status.metrics).toMatchObject({ awaitingReview: 5, awaitingAuthor: 1, approved: 1, reviewers: 4, linesAwaitingReview: 200 + 480 + 160 + 1440 + 29 });
    // #106 re-entered the queue when its author pushed 6 hours ago, after changes were requested.
    const pr106 = status.pullRequests.find((pr: any) => pr.number === 106);
    expect(pr106.waitBusinessHours).toBe(6);
    for (const reason of status.reasons) {
      expect(reason).toEqual(expect.objectContaining({ rule: expect.any(String), value: expect.any(Number), threshold: expect.any(Number), light: expect.any(String) }));
    }
  });

  it('prints a readable table by default', async () => {
    const c = capture();
    const code = await runStatus([SAMPLE_REPOSITORIES[0]], c.io({ GITHUB_API_URL: sim.url, GITHUB_TOKEN: 'ghp_test' }));
    expect(code).toBe(0);
    expect(c.out()).toMatch(/PULL REQUEST\s+QUEUE\s+WAIT \(h\)\s+LINES\s+TITLE/);
    expect(c.out()).toContain('flowlight-demo/api#106  awaiting_review');
  });

  it('evaluates as of --at and in the --tz time zone', async () => {
    const c = capture();
    // Saturday: no business hours pass over the weekend, so waits are the same as Friday evening's.
    await runStatus([SAMPLE_REPOSITORIES[0], '--json', '--at', '2026-11-21T12:00:00Z', '--tz', 'Asia/Tokyo'], c.io({ GITHUB_API_URL: sim.url, GITHUB_TOKEN: 'ghp_test' }));
    const status = JSON.parse(c.out());
    expect(status.pullRequests.length).toBeGreaterThan(0);
  });

  it('says grey, names the repository and exits 1 when a repository does not exist', async () => {
    const c = capture();
    const code = await runStatus([SAMPLE_REPOSITORIES[0], 'flowlight-demo/nope', '--json'], c.io({ GITHUB_API_URL: sim.url, GITHUB_TOKEN: 'ghp_test' }));
    expect(code).toBe(1);
    const status = JSON.parse(c.out());
    expect(status.light).toBe('grey');
    expect(JSON.stringify(status.reasons)).toMatch(/flowlight-demo\/nope.*(does not exist|cannot see)/);
  });

  it('says grey with what to do when the token is rejected (401)', async () => {
    await sim.close();
    sim = await startSimulator(sampleScenario(now), { now: () => now, token: 'right-token' });
    const c = capture();
    const code = await runStatus([SAMPLE_REPOSITORIES[0]], c.io({ GITHUB_API_URL: sim.url, GITHUB_TOKEN: 'wrong-token' }));
    expect(code).toBe(1);
    expect(c.out()).toContain('GREY');
    expect(c.out()).toMatch(/invalid or expired/);
    expect(c.out()).not.toContain('wrong-token');
  });
});

describe('flowlight status when GitHub cannot be reached', () => {
  it('says grey and exits 1, never green', async () => {
    // A port that was free a moment ago: connection refused on loopback.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const c = capture();
    const code = await runStatus(['acme/api', '--json'], c.io({ GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_TOKEN: 'ghp_test' }));
    expect(code).toBe(1);
    const status = JSON.parse(c.out());
    expect(status.light).toBe('grey');
    expect(status.reasons[0].text).toContain('acme/api');
  });
});

describe('flowlight status arguments', () => {
  it.each([
    [[], 'Name at least one repository'],
    [['acme'], '"acme" is not a repository name'],
    [['../etc/passwd'], 'is not a repository name'],
    [['acme/api', '--at', 'yesterday'], '--at "yesterday" is not an ISO time'],
    [['acme/api', '--reviewers', '0'], '--reviewers "0" must be a whole number from 1 to 1000'],
    [['acme/api', '--reviewers', 'many'], 'must be a whole number'],
    [['acme/api', '--tz', 'Mars/Olympus'], '--tz "Mars/Olympus" is not a time zone'],
    [['acme/api', '--colour'], "Unknown option '--colour'"],
  ])('%j → %s', (args, message) => {
    expect(() => parseStatusArgs(args, now)).toThrow(message);
  });

  it('exits 2 with the message, not a stack trace, on bad arguments and bad environment', async () => {
    const c = capture();
    expect(await runStatus(['acme'], c.io({}))).toBe(2);
    expect(await runStatus(['acme/api'], c.io({ GITHUB_API_URL: 'nope' }))).toBe(2);
    expect(c.err()).toContain('GITHUB_API_URL must be an http(s) URL');
    expect(c.err()).not.toMatch(/\n\s+at /);
    expect(c.out()).toBe('');
  });
});

describe('flowlight status without credentials, and its help', () => {
  it('stops at once without a token, saying what to set, and never asks GitHub', async () => {
    const sim = await startSimulator(sampleScenario(now), { now: () => now });
    try {
      const c = capture();
      expect(await runStatus([SAMPLE_REPOSITORIES[0]], c.io({ GITHUB_API_URL: sim.url }))).toBe(2);
      expect(c.out()).toBe('');
      expect(c.err()).toMatch(/^flowlight status: GitHub credentials are missing\. Set GITHUB_TOKEN to a fine-grained token/);
      expect(c.err()).toContain('GITHUB_TOKEN_FILE');
      expect(c.err()).toContain('.env');
      expect(c.err()).not.toMatch(/\n\s+at /);
      expect(sim.stats().requests).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it.each([['--help'], ['-h'], ['acme/api', '--help']])('%s prints the usage on stdout and exits 0, needing no token', async (...args) => {
    const c = capture();
    expect(await runStatus(args, c.io({}))).toBe(0);
    expect(c.err()).toBe('');
    expect(c.out()).toMatch(/^Usage: flowlight status OWNER\/REPO \[OWNER\/REPO \.\.\.\] \[--json\]/);
    for (const option of ['--json', '--at ISO-TIME', '--reviewers N', '--tz ZONE', 'GITHUB_TOKEN', 'Exit code']) expect(c.out()).toContain(option);
  });
});
