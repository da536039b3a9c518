import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runStatus } from '../../src/cli/status.js';
import { loadConfig } from '../../src/config.js';
import { describeError } from '../../src/errors.js';
import { createGitHub, type GitHubOptions } from '../../src/github/index.js';
import { evaluateAllTeams } from '../../src/jobs/evaluate.js';
import { createDeliveryClient, deliverDue } from '../../src/jobs/outbox.js';
import { pollOnce } from '../../src/jobs/poll.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { makePullRequest, makeScenario, startSimulator, type Simulator } from '../../src/sim/index.js';
import { createSlackApp } from '../../src/slack/app.js';
import { enqueueMessage } from '../../src/store/outbox.js';
import { ensureTeam } from '../../src/store/teams.js';
import { watchRepo } from '../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../helpers/tempStore.js';
import { postSigned, slashCommandBody, startHarness } from '../slack/harness.js';

// Tokens, the signing secret and the App private key never appear in logs or error messages.
// Each case makes a real request fail with a real secret set, with the real pino logger at trace level
// writing to a buffer, and also catches anything printed to the console or stdout/stderr. Then it
// searches everything written, stored and shown (cursor errors, the grey reason, Slack messages, the
// CLI output) for the secret.

const NOW = new Date('2026-11-23T10:00:00Z');
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const { publicKey: otherPublicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** A line from the middle of the key: any leak of the key shows it. */
const PRIVATE_KEY_LINE = PRIVATE_KEY_PEM.split('\n')[5]!;

interface Capture {
  logger: Logger;
  /** everything logged, printed to the console, or written to stdout/stderr so far */
  text(): string;
}

function capture(): Capture {
  const written: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => void written.push(line) });
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' ')));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  return { logger, text: () => written.join('\n') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a failing GitHub request with a secret set', () => {
  let sim: Simulator;
  let store: Awaited<ReturnType<typeof tempStore>>;
  let slack: FakeSlack;

  beforeEach(async () => {
    sim = await startSimulator(makeScenario({ 'acme/api': [makePullRequest({ number: 1 })] }), {
      token: 'ghp_theOneGitHubAccepts00000000000000000000',
      app: { appId: '1234', installationId: '99', publicKey: otherPublicKey.export({ type: 'spki', format: 'pem' }).toString() },
      now: () => NOW,
    });
    store = await tempStore();
    slack = await startFakeSlack({ clock: () => NOW.getTime() });
    await ensureTeam(store.db, 'C0TEAM', NOW);
    await watchRepo(store.db, 'C0TEAM', 'acme/api', null, NOW);
  });
  afterEach(async () => {
    await sim.close();
    await slack.close();
    await store.cleanup();
  });

  /** poll (fails) → evaluate (grey, naming the error) → deliver the grey alert; then everything that was said. */
  async function failAndTell(auth: GitHubOptions['auth'], c: Capture): Promise<string> {
    const github = createGitHub({ auth, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: c.logger, retryBaseMs: 1 });
    const report = await pollOnce({ db: store.db, github, logger: c.logger, concurrency: 1 }, NOW);
    expect(report.failed).toHaveLength(1);
    const [evaluation] = await evaluateAllTeams(store.db, NOW, { pollIntervalMs: 60_000, logger: c.logger });
    expect(evaluation?.light).toBe('grey');
    await deliverDue(store.db, createDeliveryClient({ botToken: 'xoxb-reliability-bot-token-000000', slackApiUrl: slack.url }), NOW, { logger: c.logger });
    const said = [
      c.text(),
      JSON.stringify(report),
      JSON.stringify(await store.db.selectFrom('repo_cursors').selectAll().execute()),
      JSON.stringify(await store.db.selectFrom('team_lights').selectAll().execute()),
      JSON.stringify(slack.messages),
    ].join('\n');
    expect(said).toContain('acme/api'); // it did say what failed
    return said;
  }

  it.each([
    ['a classic token', 'ghp_revokedRevokedRevoked000000000000000000'],
    ['a fine-grained token', 'github_pat_11AAAAAAA0revokedFineGrained_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO'],
  ])('401 for %s: the token is in no log line, stored error, light reason or message', async (_kind, token) => {
    const c = capture();
    const said = await failAndTell({ kind: 'token', token }, c);
    expect(said).toContain('the token is invalid or expired');
    expect(said).not.toContain(token);
    expect(said).not.toContain(token.slice(8, 30));
  });

  it('401 through `flowlight status`: the output says what to do, not the token', async () => {
    const token = 'ghp_revokedRevokedRevoked000000000000000000';
    const c = capture();
    let out = '';
    let err = '';
    const code = await runStatus(['acme/api', '--json'], {
      env: { GITHUB_TOKEN: token, GITHUB_API_URL: sim.url }, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, clock: () => NOW,
      githubTuning: { retryBaseMs: 1 },
    });
    expect(code).toBe(1);
    expect(out).toContain('the token is invalid or expired');
    expect(out + err + c.text()).not.toContain(token);
  });

  it('a GitHub App whose key GitHub rejects: no line of the private key anywhere', async () => {
    const c = capture();
    const said = await failAndTell({ kind: 'app', appId: '1234', installationId: '99', privateKey: PRIVATE_KEY_PEM }, c);
    expect(said).toContain('GitHub App credentials were rejected');
    expect(said).not.toContain(PRIVATE_KEY_LINE);
    expect(said).not.toContain('PRIVATE KEY-----');
  });
});

describe('a failing Slack call with a secret set', () => {
  const BOT_TOKEN = 'xoxb-1111111111-2222222222-revokedSecretValue';
  const SIGNING_SECRET = 'a-signing-secret-nobody-should-see-0123';

  it('invalid_auth in the outbox: parked with a reason naming SLACK_BOT_TOKEN, never the token', async () => {
    const c = capture();
    const store = await tempStore();
    const slack = await startFakeSlack({ tokens: ['xoxb-the-current-token'] });
    try {
      await enqueueMessage(store.db, { teamId: 'C0TEAM', dedupeKey: 'alert:1', kind: 'alert', payload: { action: 'post', channel: 'C0TEAM', text: 'red', blocks: [] } }, NOW);
      const report = await deliverDue(store.db, createDeliveryClient({ botToken: BOT_TOKEN, slackApiUrl: slack.url }), NOW, { logger: c.logger });
      expect(report.parked).toBe(1);
      const stored = JSON.stringify(await store.db.selectFrom('outbox').selectAll().execute());
      expect(stored).toContain('SLACK_BOT_TOKEN');
      expect(c.text() + stored).not.toContain(BOT_TOKEN);
      expect(c.text() + stored).not.toContain('revokedSecretValue');
    } finally {
      await slack.close();
      await store.cleanup();
    }
  });

  it('a bot token Slack refuses at start-up: the error says what to do, and no secret is logged', async () => {
    const c = capture();
    const store = await tempStore();
    const slack = await startFakeSlack({ tokens: ['xoxb-the-current-token'] });
    try {
      const app = createSlackApp({
        config: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.url, mode: 'http', port: 0 },
        db: store.db, logger: c.logger, clock: () => NOW, pollIntervalMs: 60_000,
      });
      const error = await app.start().then(() => null, (e: unknown) => e);
      expect(describeError(error)).toMatch(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\): copy the Bot User OAuth Token/);
      const everything = `${describeError(error)}\n${(error as Error).stack}\n${c.text()}`;
      expect(everything).not.toContain(BOT_TOKEN);
      expect(everything).not.toContain(SIGNING_SECRET);
    } finally {
      await slack.close();
      await store.cleanup();
    }
  });

  it('a Socket Mode app token Slack refuses: no token in the error or the logs', async () => {
    const APP_TOKEN = 'xapp-1-A0001-3333333333-revokedAppTokenSecret';
    const c = capture();
    const store = await tempStore();
    const slack = await startFakeSlack({ tokens: ['xoxb-the-current-token'] });
    try {
      const app = createSlackApp({
        config: { botToken: 'xoxb-the-current-token', appToken: APP_TOKEN, apiUrl: slack.url, mode: 'socket', port: 0 },
        db: store.db, logger: c.logger, clock: () => NOW, pollIntervalMs: 60_000,
      });
      const error = await app.start().then(() => null, (e: unknown) => e);
      await app.stop().catch(() => {});
      expect(error).not.toBeNull();
      expect(`${describeError(error)}\n${c.text()}`).not.toContain(APP_TOKEN);
      expect(`${describeError(error)}\n${c.text()}`).not.toContain('revokedAppTokenSecret');
    } finally {
      await slack.close();
      await store.cleanup();
    }
  });

  it('forged requests are logged as refused, without the signing secret or the expected signature', async () => {
    const c = capture();
    const h = await startHarness({ deps: { logger: c.logger } });
    try {
      const { body } = slashCommandBody(h, 'set red.queue_per_reviewer 50');
      expect((await postSigned(h, body, 'application/x-www-form-urlencoded', { secret: 'guessed' })).status).toBe(401);
      const text = c.text();
      expect(text).toContain('Refused a request to /slack/events: bad_signature');
      expect(text).not.toContain('test-signing-secret-0123456789');
      expect(text).not.toContain('xoxb-test-token');
    } finally {
      await h.close();
    }
  });
});

describe('configuration errors and the configuration itself', () => {
  const SECRETS = {
    GITHUB_TOKEN: 'ghp_configSecret000000000000000000000000000',
    SLACK_BOT_TOKEN: 'xoxb-5555555555-6666666666-configBotSecret',
    SLACK_APP_TOKEN: 'xapp-1-A0001-7777777777-configAppSecret',
    SLACK_SIGNING_SECRET: 'config-signing-secret-value-0123456789',
  };

  it.each([
    ['a token with white space', { GITHUB_TOKEN: `${SECRETS.GITHUB_TOKEN} extra` }, SECRETS.GITHUB_TOKEN],
    ['a user token where the bot token goes', { SLACK_BOT_TOKEN: 'xoxp-5555555555-configUserSecret' }, 'configUserSecret'],
    ['a bot token where the app token goes', { SLACK_APP_TOKEN: SECRETS.SLACK_BOT_TOKEN }, 'configBotSecret'],
    ['a private key that is not PEM', { GITHUB_APP_ID: '1', GITHUB_APP_INSTALLATION_ID: '2', GITHUB_APP_PRIVATE_KEY: PRIVATE_KEY_LINE }, PRIVATE_KEY_LINE],
    ['a bad value beside good secrets', { ...SECRETS, PORT: 'http' }, SECRETS.SLACK_SIGNING_SECRET],
  ])('%s: the message, and the logged error, leave the secret out', (_name, env, secret) => {
    const c = capture();
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    c.logger.error({ err: error }, 'start-up failed');
    expect(describeError(error)).not.toContain(secret);
    expect(c.text()).not.toContain(secret);
  });

  it('the parsed configuration, logged as an object at any depth, shows no secret', () => {
    const c = capture();
    const config = loadConfig(SECRETS);
    c.logger.info({ config }, 'configuration');
    c.logger.debug({ github: config.github, slack: config.slack }, 'parts');
    c.logger.trace({ nested: { deeper: { config } } }, 'deep');
    c.logger.warn(config.slack, 'slack part');
    const text = c.text();
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('https://api.github.com'); // what is not secret is still there
  });
});
