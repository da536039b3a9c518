import cron from 'node-cron';
import { z } from 'zod';
import { FlowlightError } from './errors.js';
import { withSecretsFromFiles } from './secretFiles.js';
import { isPostgresUrl, postgresUrlProblem } from './store/databaseUrl.js';

// Parsed once from an injectable env, frozen. Every failure names the variable and how to fix it.

/** long enough for another writer's transaction to finish, short enough to say "locked" while someone waits */
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** replicas: a leader that stops renewing is replaced after this; with the renewal, a dead leader's role is taken within 25 s */
export const DEFAULT_LEADER_LEASE_MS = 20_000;
export const DEFAULT_LEADER_RENEW_MS = 5_000;
/** how long flowlight waits for one Slack Web API call when it delivers */
export const DEFAULT_SLACK_TIMEOUT_MS = 30_000;
/** replicas: longer than the Slack timeout, so a successor never posts again what its predecessor may still be sending */
export const DEFAULT_REPLICA_ATTEMPT_LEASE_MS = 40_000;
// A stop waits this long for a running poll or Slack call, and no longer: with the lease release after it,
// the process is gone before the SIGKILL docker stop, Kubernetes and systemd send 10 s after SIGTERM.
export const DEFAULT_STOP_GRACE_MS = 6_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** POLL_CRON's default when GITHUB_WEBHOOK_SECRET is set: a reconciliation every 15 minutes */
export const POLL_CRON_WITH_WEBHOOKS = '*/15 * * * *';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const milliseconds = (name: string, min: number, max: number, why = '') => {
  const message = `${name} must be a whole number of milliseconds from ${min} to ${max}${why}`;
  return optionalText.pipe(z.coerce.number<string | undefined>({ error: message }).int(message).min(min, message).max(max, message).optional());
};

const url = (name: string, example: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        const parsed = new URL(v);
        return parsed.protocol === 'http:' || parsed.protocol === 'https:';
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL, for example ${example}`)
    .transform((v) => v.replace(/\/+$/, ''));

const envSchema = z.object({
  GITHUB_TOKEN: optionalText,
  GITHUB_APP_ID: optionalText.pipe(
    z.string().regex(/^\d+$/, 'GITHUB_APP_ID must be the numeric App ID from the app settings page').optional(),
  ),
  GITHUB_APP_PRIVATE_KEY: optionalText,
  GITHUB_APP_INSTALLATION_ID: optionalText.pipe(
    z.string().regex(/^\d+$/, 'GITHUB_APP_INSTALLATION_ID must be the numeric installation id (in the installation URL)').optional(),
  ),
  GITHUB_API_URL: optionalText.pipe(url('GITHUB_API_URL', 'https://github.example.com/api/v3').optional()),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .superRefine((v, ctx) => {
        const problem = isPostgresUrl(v) ? postgresUrlProblem(v) : null;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .refine((v) => isPostgresUrl(v) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v), 'DATABASE_URL must be a file path or file:PATH for SQLite, such as ./data/flowlight.db, or postgres://USER:PASSWORD@HOST:5432/DATABASE for PostgreSQL')
      .optional(),
  ),
  LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).optional()),
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page)').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'SLACK_APP_TOKEN must be an app-level token starting with xapp- with the connections:write scope (Basic Information page)').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalText.pipe(url('SLACK_API_URL', 'https://slack.com/api/').optional()),
  PORT: optionalText.pipe(
    z.coerce.number<string | undefined>({ error: 'PORT must be a whole number from 1 to 65535' }).int('PORT must be a whole number from 1 to 65535').min(1, 'PORT must be a whole number from 1 to 65535').max(65535, 'PORT must be a whole number from 1 to 65535').optional(),
  ),
  HEALTH_PORT: optionalText.pipe(
    z.coerce.number<string | undefined>({ error: 'HEALTH_PORT must be a whole number from 1 to 65535' }).int('HEALTH_PORT must be a whole number from 1 to 65535').min(1, 'HEALTH_PORT must be a whole number from 1 to 65535').max(65535, 'HEALTH_PORT must be a whole number from 1 to 65535').optional(),
  ),
  POLL_CRON: optionalText.pipe(
    z.string().refine((v) => [5, 6].includes(v.split(/\s+/).length) && cron.validate(v), 'POLL_CRON must be a 5- or 6-field cron expression, for example "* * * * *" (every minute)').optional(),
  ),
  // A poll as soon as the bot starts (or a replica takes the lead) rather than at POLL_CRON's next tick.
  POLL_AT_START: optionalText.pipe(z.enum(['true', 'false'], { error: 'POLL_AT_START must be true (poll GitHub once as soon as flowlight starts) or false (wait for POLL_CRON\'s first tick)' }).optional()),
  FLOWLIGHT_ADMINS: optionalText.pipe(
    z.string().transform(commaList).pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'FLOWLIGHT_ADMINS must be Slack user IDs separated by commas, for example U012ABCDEF,W034GHIJKL (in Slack: a person\'s profile → ⋮ → Copy member ID)'))).optional(),
  ),
  GITHUB_OWNERS: optionalText.pipe(
    z.string().transform(commaList).pipe(z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, 'GITHUB_OWNERS must be GitHub organisation or user names separated by commas, for example acme,acme-labs'))).optional(),
  ),
  POLL_CONCURRENCY: optionalText.pipe(
    z.coerce.number<string | undefined>({ error: 'POLL_CONCURRENCY must be a whole number from 1 to 32' }).int().min(1, 'POLL_CONCURRENCY must be a whole number from 1 to 32').max(32, 'POLL_CONCURRENCY must be a whole number from 1 to 32').optional(),
  ),
  SQLITE_BUSY_TIMEOUT_MS: milliseconds('SQLITE_BUSY_TIMEOUT_MS', 0, 600_000),
  LEADER_LEASE_MS: milliseconds('LEADER_LEASE_MS', 1_000, 600_000),
  LEADER_RENEW_MS: milliseconds('LEADER_RENEW_MS', 100, 300_000),
  SLACK_TIMEOUT_MS: milliseconds('SLACK_TIMEOUT_MS', 1_000, 300_000),
  REPLICA_ATTEMPT_LEASE_MS: milliseconds('REPLICA_ATTEMPT_LEASE_MS', 1_000, 600_000),
  STOP_GRACE_MS: milliseconds('STOP_GRACE_MS', 0, DEFAULT_STOP_GRACE_MS, ' (docker stop, Kubernetes and systemd kill the process 10 s after SIGTERM)'),
  // Turns GitHub webhooks on: the secret set on the webhook (GitHub App settings, or the repository's/organisation's webhook).
  GITHUB_WEBHOOK_SECRET: optionalText.pipe(
    z.string().min(16, 'GITHUB_WEBHOOK_SECRET must be at least 16 characters (a guessable secret lets anyone send deliveries): generate one with `openssl rand -hex 32` and set the same value on the GitHub webhook').optional(),
  ),
});

export type GitHubAuth =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; privateKey: string; installationId: string }
  | { kind: 'none' };

export interface Config {
  github: { auth: GitHubAuth; apiUrl: string; graphqlUrl: string; /** set: POST /github/webhooks takes deliveries signed with it, and the poll becomes a reconciliation */ webhookSecret?: string };
  databaseUrl: string;
  /** how long opening or writing the SQLite file waits for another process's lock before failing */
  sqliteBusyTimeoutMs: number;
  /** how long a stop waits for a running poll or Slack call before leaving it for the next start */
  stopGraceMs: number;
  logLevel: (typeof LOG_LEVELS)[number];
  slack: {
    botToken?: string;
    appToken?: string;
    signingSecret?: string;
    apiUrl: string;
    mode: 'socket' | 'http' | 'none';
    port: number;
  };
  pollCron: string;
  /** poll once at start (POLL_AT_START), before POLL_CRON's first tick */
  pollAtStart: boolean;
  pollConcurrency: number;
  /** Socket Mode's port for /healthz, /readyz and /metrics (HTTP mode serves them on PORT) */
  healthPort: number;
  /** who may change a channel's rules, repositories and other people's links, and what may be watched */
  access: AccessConfig;
  /** how long one Slack Web API call may take when delivering before it counts as interrupted */
  slackTimeoutMs: number;
  /** several replicas on PostgreSQL: the leader's lease and how often it is renewed (or asked for) */
  leader: { leaseMs: number; renewEveryMs: number };
  /** several replicas: how long a delivery attempt may be in flight before a new leader looks for it in the channel */
  replicaAttemptLeaseMs: number;
}

export interface AccessConfig {
  /** Slack user IDs of flowlight admins (Slack's workspace admins and owners are admins too) */
  admins: readonly string[];
  /** GitHub owners whose repositories may be watched, lower case; empty with a token: none */
  githubOwners: readonly string[];
}

/** "a, b,,c" → ["a", "b", "c"] */
function commaList(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/** GraphQL lives at /graphql on github.com, and at /api/graphql on GitHub Enterprise Server (/api/v3 for REST). */
export function graphqlUrlFor(apiUrl: string): string {
  return apiUrl.endsWith('/api/v3') ? `${apiUrl.slice(0, -'/v3'.length)}/graphql` : `${apiUrl}/graphql`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(withSecretsFromFiles(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new FlowlightError('config_invalid', `Invalid configuration:\n  ${lines.join('\n  ')}\nFix the variable in your environment or .env file (see .env.example).`);
  }
  const e = parsed.data;
  const apiUrl = e.GITHUB_API_URL ?? 'https://api.github.com';
  const config: Config = {
    github: { auth: githubAuth(e), apiUrl, graphqlUrl: graphqlUrlFor(apiUrl), ...(e.GITHUB_WEBHOOK_SECRET ? { webhookSecret: e.GITHUB_WEBHOOK_SECRET } : {}) },
    databaseUrl: e.DATABASE_URL ?? './data/flowlight.db',
    sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
    stopGraceMs: e.STOP_GRACE_MS ?? DEFAULT_STOP_GRACE_MS,
    logLevel: e.LOG_LEVEL ?? 'info',
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: `${e.SLACK_API_URL ?? 'https://slack.com/api'}/`,
      mode: e.SLACK_APP_TOKEN ? 'socket' : e.SLACK_SIGNING_SECRET ? 'http' : 'none',
      port: e.PORT ?? 3000,
    },
    // With webhooks a change arrives by itself: the poll only reconciles what a delivery can miss.
    pollCron: e.POLL_CRON ?? (e.GITHUB_WEBHOOK_SECRET ? POLL_CRON_WITH_WEBHOOKS : '* * * * *'),
    pollAtStart: e.POLL_AT_START === 'true',
    pollConcurrency: e.POLL_CONCURRENCY ?? 8,
    healthPort: e.HEALTH_PORT ?? 3000,
    access: {
      admins: e.FLOWLIGHT_ADMINS ?? [],
      githubOwners: [...new Set((e.GITHUB_OWNERS ?? []).map((owner) => owner.toLowerCase()))],
    },
    slackTimeoutMs: e.SLACK_TIMEOUT_MS ?? DEFAULT_SLACK_TIMEOUT_MS,
    leader: { leaseMs: e.LEADER_LEASE_MS ?? DEFAULT_LEADER_LEASE_MS, renewEveryMs: e.LEADER_RENEW_MS ?? DEFAULT_LEADER_RENEW_MS },
    replicaAttemptLeaseMs: e.REPLICA_ATTEMPT_LEASE_MS ?? DEFAULT_REPLICA_ATTEMPT_LEASE_MS,
  };
  const problems = timingProblems(config);
  if (problems.length > 0) {
    throw new FlowlightError('config_invalid', `Invalid configuration:\n  ${problems.join('\n  ')}\nFix the variable in your environment or .env file (see .env.example).`);
  }
  return deepFreeze(config);
}

/** The leases only make sense in this order; anything else is refused with why. */
function timingProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.leader.renewEveryMs * 2 > config.leader.leaseMs) {
    problems.push(`LEADER_RENEW_MS (${config.leader.renewEveryMs}) must be at most half of LEADER_LEASE_MS (${config.leader.leaseMs}): the leader renews its lease every LEADER_RENEW_MS, and one late renewal must not cost it the role. Lower LEADER_RENEW_MS or raise LEADER_LEASE_MS.`);
  }
  if (config.replicaAttemptLeaseMs <= config.slackTimeoutMs) {
    problems.push(`REPLICA_ATTEMPT_LEASE_MS (${config.replicaAttemptLeaseMs}) must be longer than SLACK_TIMEOUT_MS (${config.slackTimeoutMs}): a new leader looks for a message in the channel once its predecessor's attempt lease is over, and a post that is still on its way could be posted twice. Raise REPLICA_ATTEMPT_LEASE_MS or lower SLACK_TIMEOUT_MS.`);
  }
  return problems;
}

function githubAuth(e: z.infer<typeof envSchema>): GitHubAuth {
  const appParts = [e.GITHUB_APP_ID, e.GITHUB_APP_PRIVATE_KEY, e.GITHUB_APP_INSTALLATION_ID];
  const appPartsSet = appParts.filter(Boolean).length;
  if (appPartsSet > 0 && appPartsSet < 3) {
    const missing = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_INSTALLATION_ID'].filter((_, i) => !appParts[i]);
    throw new FlowlightError('config_invalid', `Invalid configuration:\n  ${missing.join(', ')}: missing. A GitHub App needs all three of GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID; or unset them and use GITHUB_TOKEN.`);
  }
  if (appPartsSet === 3) {
    const privateKey = e.GITHUB_APP_PRIVATE_KEY!.replace(/\\n/g, '\n');
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
      throw new FlowlightError('config_invalid', 'Invalid configuration:\n  GITHUB_APP_PRIVATE_KEY: not a PEM private key. Paste the whole .pem file downloaded from the app settings, including the BEGIN/END lines (newlines may be written as \\n).');
    }
    return { kind: 'app', appId: e.GITHUB_APP_ID!, privateKey, installationId: e.GITHUB_APP_INSTALLATION_ID! };
  }
  if (e.GITHUB_TOKEN) {
    if (/\s/.test(e.GITHUB_TOKEN)) {
      throw new FlowlightError('config_invalid', 'Invalid configuration:\n  GITHUB_TOKEN: contains white space. Paste the token alone (a fine-grained token with Pull requests: read and Metadata: read).');
    }
    return { kind: 'token', token: e.GITHUB_TOKEN };
  }
  return { kind: 'none' };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * What `npm start` still needs before it can run the bot, as one message naming the variables;
 * null when the configuration is complete. (The offline demo needs none of them.)
 */
export function missingCredentials(config: Readonly<Config>): string | null {
  const missing: string[] = [];
  if (!config.slack.botToken) missing.push('SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-..., from the app\'s OAuth & Permissions page)');
  if (!config.slack.appToken && !config.slack.signingSecret) {
    missing.push('SLACK_APP_TOKEN (Socket Mode, xapp-..., no public URL needed) or SLACK_SIGNING_SECRET (HTTP mode)');
  }
  if (config.github.auth.kind === 'none') {
    missing.push('GITHUB_TOKEN (a fine-grained read-only token: Pull requests read, Metadata read) or the GitHub App trio GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID');
  }
  if (missing.length === 0) return null;
  return [
    'flowlight cannot start the bot: credentials are missing.',
    ...missing.map((m) => `  - ${m}`),
    'Set them in the environment or in a .env file in this folder (.env.example lists every variable; a secret can also come from a file, named by the variable with _FILE),',
    'or try flowlight without any of them: npm run demo',
  ].join('\n');
}
