import type { OutboxKind } from '../store/outbox.js';

// How long a message may wait for Slack before it is dropped (with a log line saying what it was).
// A message says something about the moment it was written; past its lifetime it would mislead more
// than it informs, and /flow status always shows the current light anyway.

const HOUR_MS = 3_600_000;

export function lifetimeMs(kind: OutboxKind): number {
  switch (kind) {
    case 'gate_dm':
      return 4 * HOUR_MS; // "your team is swarming": about right now, pointless after the red period
    case 'alert':
    case 'swarm_update':
      return 24 * HOUR_MS; // a light change (and its plan) from yesterday is history, not news
    case 'digest':
    case 'notice':
      return 7 * 24 * HOUR_MS; // dated summaries and settings changes: the channel's record, late beats never
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

export function hasExpired(kind: OutboxKind, createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() >= lifetimeMs(kind);
}
