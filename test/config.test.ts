import { describe, expect, it } from 'vitest';
import { graphqlUrlFor, loadConfig } from '../src/config.js';
import { redactedUrl, storeLocationOf } from '../src/store/databaseUrl.js';

describe('config', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('./data/flowlight.db');
    expect(config.github.apiUrl).toBe('https://api.github.com');
    expect(config.github.graphqlUrl).toBe('https://api.github.com/graphql');
    expect(config.github.auth).toEqual({ kind: 'none' });
    expect(config.slack.mode).toBe('none');
    expect(config.pollCron).toBe('* * * * *');
    expect(Object.isFrozen(config.github)).toBe(true);
  });

  it.each(['postgres://flowlight:p%40ss@db.internal:5432/flowlight', 'postgresql://flowlight@10.0.0.5/flowlight?sslmode=require'])('accepts a PostgreSQL DATABASE_URL: %s', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('puts GraphQL at /api/graphql on GitHub Enterprise Server', () => {
    expect(graphqlUrlFor('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com/api/graphql');
    expect(loadConfig({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).github.graphqlUrl).toBe('https://ghe.example.com/api/graphql');
  });

  it('serves health and metrics on HEALTH_PORT in Socket Mode, 3000 unless set', () => {
    expect(loadConfig({}).healthPort).toBe(3000);
    expect(loadConfig({ HEALTH_PORT: '9464' }).healthPort).toBe(9464);
  });

  it('turns GitHub webhooks on with GITHUB_WEBHOOK_SECRET, and the poll then defaults to a reconciliation every 15 minutes', () => {
    expect(loadConfig({}).github.webhookSecret).toBeUndefined();
    expect(loadConfig({}).pollCron).toBe('* * * * *');
    const withWebhooks = loadConfig({ GITHUB_WEBHOOK_SECRET: ' 0123456789abcdef0123456789abcdef ' });
    expect(withWebhooks.github.webhookSecret).toBe('0123456789abcdef0123456789abcdef');
    expect(withWebhooks.pollCron).toBe('*/15 * * * *');
    expect(loadConfig({ GITHUB_WEBHOOK_SECRET: '0123456789abcdef', POLL_CRON: '*/5 * * * *' }).pollCron).toBe('*/5 * * * *');
    expect(loadConfig({ GITHUB_WEBHOOK_SECRET: '' }).github.webhookSecret).toBeUndefined();
  });

  it('polls at start only with POLL_AT_START=true', () => {
    expect(loadConfig({}).pollAtStart).toBe(false);
    expect(loadConfig({ POLL_AT_START: 'true' }).pollAtStart).toBe(true);
    expect(loadConfig({ POLL_AT_START: ' false ' }).pollAtStart).toBe(false);
    expect(loadConfig({ POLL_AT_START: '' }).pollAtStart).toBe(false);
  });

  it('chooses Socket Mode with an app token and HTTP mode with only a signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toBe('http');
  });

  it.each([
    [{ GITHUB_API_URL: 'not a url' }, 'GITHUB_API_URL must be an http(s) URL'],
    [{ GITHUB_API_URL: 'ftp://x' }, 'GITHUB_API_URL must be an http(s) URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ HEALTH_PORT: 'health' }, 'HEALTH_PORT must be a whole number from 1 to 65535'],
    [{ HEALTH_PORT: '0' }, 'HEALTH_PORT must be a whole number from 1 to 65535'],
    [{ HEALTH_PORT: '3000.5' }, 'HEALTH_PORT must be a whole number from 1 to 65535'],
    [{ POLL_CRON: 'every minute' }, 'POLL_CRON must be a 5- or 6-field cron expression'],
    [{ POLL_CRON: '61 * * * *' }, 'POLL_CRON must be a 5- or 6-field cron expression'],
    [{ POLL_AT_START: 'yes' }, "POLL_AT_START must be true (poll GitHub once as soon as flowlight starts) or false (wait for POLL_CRON's first tick)"],
    [{ POLL_AT_START: 'TRUE' }, 'POLL_AT_START must be true'],
    [{ POLL_CONCURRENCY: '0' }, 'POLL_CONCURRENCY must be a whole number from 1 to 32'],
    [{ SQLITE_BUSY_TIMEOUT_MS: 'soon' }, 'SQLITE_BUSY_TIMEOUT_MS must be a whole number of milliseconds from 0 to 600000'],
    [{ SQLITE_BUSY_TIMEOUT_MS: '-1' }, 'SQLITE_BUSY_TIMEOUT_MS must be a whole number of milliseconds from 0 to 600000'],
    [{ SQLITE_BUSY_TIMEOUT_MS: '2.5' }, 'SQLITE_BUSY_TIMEOUT_MS must be a whole number of milliseconds from 0 to 600000'],
    [{ SQLITE_BUSY_TIMEOUT_MS: '600001' }, 'SQLITE_BUSY_TIMEOUT_MS must be a whole number of milliseconds from 0 to 600000'],
    [{ LEADER_LEASE_MS: '20s' }, 'LEADER_LEASE_MS must be a whole number of milliseconds from 1000 to 600000'],
    [{ LEADER_LEASE_MS: '999' }, 'LEADER_LEASE_MS must be a whole number of milliseconds from 1000 to 600000'],
    [{ LEADER_RENEW_MS: '-5' }, 'LEADER_RENEW_MS must be a whole number of milliseconds from 100 to 300000'],
    [{ SLACK_TIMEOUT_MS: '1.5' }, 'SLACK_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 300000'],
    [{ REPLICA_ATTEMPT_LEASE_MS: 'forever' }, 'REPLICA_ATTEMPT_LEASE_MS must be a whole number of milliseconds from 1000 to 600000'],
    [{ LEADER_LEASE_MS: '8000' }, 'LEADER_RENEW_MS (5000) must be at most half of LEADER_LEASE_MS (8000): the leader renews its lease every LEADER_RENEW_MS, and one late renewal must not cost it the role. Lower LEADER_RENEW_MS or raise LEADER_LEASE_MS.'],
    [{ REPLICA_ATTEMPT_LEASE_MS: '30000' }, 'REPLICA_ATTEMPT_LEASE_MS (30000) must be longer than SLACK_TIMEOUT_MS (30000): a new leader looks for a message in the channel once its predecessor\'s attempt lease is over, and a post that is still on its way could be posted twice. Raise REPLICA_ATTEMPT_LEASE_MS or lower SLACK_TIMEOUT_MS.'],
    [{ SLACK_TIMEOUT_MS: '45000' }, 'REPLICA_ATTEMPT_LEASE_MS (40000) must be longer than SLACK_TIMEOUT_MS (45000)'],
    [{ STOP_GRACE_MS: 'soon' }, 'STOP_GRACE_MS must be a whole number of milliseconds from 0 to 6000 (docker stop, Kubernetes and systemd kill the process 10 s after SIGTERM)'],
    [{ STOP_GRACE_MS: '-1' }, 'STOP_GRACE_MS must be a whole number of milliseconds from 0 to 6000 (docker stop, Kubernetes and systemd kill the process 10 s after SIGTERM)'],
    [{ STOP_GRACE_MS: '6001' }, 'STOP_GRACE_MS must be a whole number of milliseconds from 0 to 6000 (docker stop, Kubernetes and systemd kill the process 10 s after SIGTERM)'],
    [{ GITHUB_WEBHOOK_SECRET: 'hunter2' }, 'GITHUB_WEBHOOK_SECRET must be at least 16 characters (a guessable secret lets anyone send deliveries): generate one with `openssl rand -hex 32`'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'],
    [{ SLACK_APP_TOKEN: 'xoxb-1' }, 'SLACK_APP_TOKEN must be an app-level token starting with xapp-'],
    [{ DATABASE_URL: 'postgres://u@h' }, 'DATABASE_URL names no database'],
    [{ DATABASE_URL: 'postgresql://u:secret@h:notaport/db' }, 'DATABASE_URL is not a valid PostgreSQL URL (postgresql://u:***@h:notaport/db)'],
    [{ DATABASE_URL: 'postgres:///db' }, 'DATABASE_URL names no PostgreSQL server'],
    [{ DATABASE_URL: 'mysql://u@h/db' }, 'DATABASE_URL must be a file path'],
    [{ GITHUB_APP_ID: 'abc' }, 'GITHUB_APP_ID must be the numeric App ID'],
    [{ GITHUB_APP_ID: '12' }, 'GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID: missing'],
    [{ GITHUB_APP_ID: '12', GITHUB_APP_INSTALLATION_ID: '3', GITHUB_APP_PRIVATE_KEY: 'hunter2' }, 'GITHUB_APP_PRIVATE_KEY: not a PEM private key'],
    [{ GITHUB_TOKEN: 'ghp_abc def' }, 'GITHUB_TOKEN: contains white space'],
    [{ FLOWLIGHT_ADMINS: 'alice' }, 'FLOWLIGHT_ADMINS must be Slack user IDs separated by commas, for example U012ABCDEF'],
    [{ FLOWLIGHT_ADMINS: 'U012ABC,<@U034DEF>' }, 'FLOWLIGHT_ADMINS must be Slack user IDs'],
    [{ FLOWLIGHT_ADMINS: 'C012ABCDEF' }, 'FLOWLIGHT_ADMINS must be Slack user IDs'],
    [{ GITHUB_OWNERS: 'acme/api' }, 'GITHUB_OWNERS must be GitHub organisation or user names separated by commas, for example acme,acme-labs'],
    [{ GITHUB_OWNERS: 'acme labs' }, 'GITHUB_OWNERS must be GitHub organisation or user names'],
    [{ GITHUB_OWNERS: `${'a'.repeat(40)}` }, 'GITHUB_OWNERS must be GitHub organisation or user names'],
  ])('rejects %j naming the variable and the fix', (env, expected) => {
    expect(() => loadConfig(env)).toThrowError(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining(expected) }));
  });

  it('reads FLOWLIGHT_ADMINS and GITHUB_OWNERS as comma-separated lists (owners in lower case, once each)', () => {
    const config = loadConfig({ FLOWLIGHT_ADMINS: ' U012ABCDEF, W034GHIJKL ,', GITHUB_OWNERS: 'Acme,acme-labs, ACME' });
    expect(config.access).toEqual({ admins: ['U012ABCDEF', 'W034GHIJKL'], githubOwners: ['acme', 'acme-labs'] });
    expect(Object.isFrozen(config.access.admins)).toBe(true);
    expect(loadConfig({}).access).toEqual({ admins: [], githubOwners: [] });
  });

  it('reads STOP_GRACE_MS, 6 seconds when unset', () => {
    expect(loadConfig({}).stopGraceMs).toBe(6_000);
    expect(loadConfig({ STOP_GRACE_MS: '1500' }).stopGraceMs).toBe(1_500);
  });

  it('reads SQLITE_BUSY_TIMEOUT_MS, 5 seconds when unset', () => {
    expect(loadConfig({}).sqliteBusyTimeoutMs).toBe(5_000);
    expect(loadConfig({ SQLITE_BUSY_TIMEOUT_MS: ' 250 ' }).sqliteBusyTimeoutMs).toBe(250);
  });

  it('reads the replicas\' timings: a 20 s leader lease renewed every 5 s, a 30 s Slack timeout, a 40 s attempt lease when unset', () => {
    const defaults = loadConfig({});
    expect([defaults.leader, defaults.slackTimeoutMs, defaults.replicaAttemptLeaseMs]).toEqual([{ leaseMs: 20_000, renewEveryMs: 5_000 }, 30_000, 40_000]);
    const short = loadConfig({ LEADER_LEASE_MS: '4000', LEADER_RENEW_MS: ' 1000 ', SLACK_TIMEOUT_MS: '3000', REPLICA_ATTEMPT_LEASE_MS: '5000' });
    expect([short.leader, short.slackTimeoutMs, short.replicaAttemptLeaseMs]).toEqual([{ leaseMs: 4_000, renewEveryMs: 1_000 }, 3_000, 5_000]);
  });

  it('never echoes a secret value in its error', () => {
    let thrown: unknown;
    try {
      loadConfig({ GITHUB_APP_ID: '12', GITHUB_APP_INSTALLATION_ID: '3', GITHUB_APP_PRIVATE_KEY: 'supersecretvalue' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(String((thrown as Error).message)).not.toContain('supersecretvalue');
  });
});

describe('DATABASE_URL', () => {
  it('names a SQLite file or a PostgreSQL database', () => {
    expect(storeLocationOf('./data/flowlight.db')).toEqual({ kind: 'sqlite', file: './data/flowlight.db' });
    expect(storeLocationOf('file:/var/lib/flowlight/flowlight.db')).toEqual({ kind: 'sqlite', file: '/var/lib/flowlight/flowlight.db' });
    expect(storeLocationOf('postgresql://flow%40light:p%3Ass@db.internal/flow_light?sslmode=require')).toMatchObject({
      kind: 'postgres', database: 'flow_light', host: 'db.internal', port: 5432, user: 'flow@light',
    });
  });

  it('is shown without its password', () => {
    expect(redactedUrl('postgres://flowlight:s3cr%40t@db:5432/flowlight')).toBe('postgres://flowlight:***@db:5432/flowlight');
    expect(redactedUrl('postgres://flowlight:p@ss@db/flowlight')).toBe('postgres://flowlight:***@db/flowlight');
    expect(redactedUrl('postgres://flowlight@db/flowlight')).toBe('postgres://flowlight@db/flowlight');
    expect(redactedUrl('./data/flowlight.db')).toBe('./data/flowlight.db');
  });
});
