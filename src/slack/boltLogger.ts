import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

// Bolt and the Socket Mode client log through this adapter, so their lines go through pino's
// redaction like everything else and obey LOG_LEVEL.

export function boltLogger(logger: Logger, name = 'bolt'): BoltLogger {
  let child = logger.child({ component: name });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const error = parts.find((p): p is Error => p instanceof Error);
    const text = parts.filter((p) => p !== error).map((p) => (typeof p === 'string' ? p : safeJson(p))).join(' ');
    if (error) child[level]({ err: error }, text || error.message);
    else child[level](text);
  };
  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    // The level is LOG_LEVEL's business; Bolt asking for another one is ignored on purpose.
    setLevel: () => {},
    getLevel: () => {
      const level = child.level;
      if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
      if (level === 'info') return LogLevel.INFO;
      if (level === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (next: string) => {
      child = logger.child({ component: next });
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
