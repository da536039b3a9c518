import pino, { type Logger } from 'pino';

export type { Logger };

// Secrets never reach the logs: tokens, the signing secret and the App private key are redacted
// wherever they appear in a logged object, and token-shaped strings are masked in messages.
const REDACT_PATHS = [
  'token', '*.token', 'authorization', '*.authorization', '*.headers.authorization', '*.*.headers.authorization',
  'request.headers.authorization', 'err.request.headers.authorization', 'error.request.headers.authorization',
  'privateKey', '*.privateKey', 'signingSecret', '*.signingSecret', 'botToken', '*.botToken', 'appToken', '*.appToken',
  'GITHUB_TOKEN', 'GITHUB_APP_PRIVATE_KEY', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET',
];

const SECRET_PATTERNS: RegExp[] = [
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{8,}\b/g,
  /\bxapp-[A-Za-z0-9-]{8,}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b(token|bearer)\s+[A-Za-z0-9_.-]{12,}/gi,
];

/** Masks token-shaped substrings; used on every log message and error text we emit. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, pattern) => out.replace(pattern, '[redacted]'), text);
}

/** Keys whose values are secrets wherever they sit in a logged object (the paths above reach two levels only). */
const SECRET_KEY = /^(token|authorization|privateKey|signingSecret|botToken|appToken|GITHUB_TOKEN|GITHUB_APP_PRIVATE_KEY|SLACK_BOT_TOKEN|SLACK_APP_TOKEN|SLACK_SIGNING_SECRET)$/i;
const MAX_DEPTH = 10;

/** A copy of a logged object with secret keys censored and token-shaped strings masked, at any depth. */
function censorDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return value;
  const proto = Object.getPrototypeOf(value);
  const plain = Array.isArray(value) || proto === Object.prototype || proto === null;
  if (!plain) return value; // errors and class instances go through their serializers
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => censorDeep(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined ? '[redacted]' : censorDeep(inner, depth + 1, seen);
  }
  return copy;
}

export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: {
        log: (object) => censorDeep(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const serialized = pino.stdSerializers.err(err as Error);
          return { ...serialized, message: redactSecrets(serialized.message ?? ''), stack: redactSecrets(serialized.stack ?? '') };
        },
      },
    },
    destination,
  );
}

/** A logger that drops everything: for tests and for the CLI's quiet paths. */
export const silentLogger: Logger = pino({ level: 'silent' });
