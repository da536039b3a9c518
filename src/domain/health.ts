import { formatElapsed } from './format.js';

// Whether flowlight is healthy and whether it is ready, as a function of what the shell observed and `now`.
// Health (/healthz): it answers (the event loop runs), the store takes writes on the file it opened, and
// it still does its job: a poll read GitHub and the outbox delivered within the last few poll intervals.
// A bot that cannot read GitHub or reach Slack for that long shows a light nobody can trust, so it is
// reported unhealthy even though a restart would not bring GitHub back: the operator has to look.
// Readiness (/readyz): healthy, and also connected to Slack right now.
// "Too old" is STALE_AFTER_INTERVALS poll intervals; before the first poll, the start counts as the last one.

export const STALE_AFTER_INTERVALS = 5;

export type HealthCheckName = 'store' | 'slack' | 'poll' | 'delivery' | 'leader';

export interface HealthCheck {
  name: HealthCheckName;
  ok: boolean;
  /** what was seen, and what to do when it is not ok */
  detail: string;
}

export interface HealthVerdict {
  ok: boolean;
  checks: HealthCheck[];
}

export type StoreState = { ok: true } | { ok: false; error: string };

export interface HealthFacts {
  startedAt: Date;
  store: StoreState;
  slackConnected: boolean;
  /** when the last poll that read GitHub successfully started; null before the first */
  lastSuccessfulPollAt: Date | null;
  /** why the last poll did not succeed, when it did not */
  lastPollProblem: string | null;
  /** the oldest message still waiting for delivery; null when the outbox is empty */
  oldestUndeliveredAt: Date | null;
  /** replicas on Postgres: this one's role; absent for the single process on SQLite */
  leadership?: LeadershipFacts;
}

/**
 * A follower neither polls nor delivers (the leader does), so those checks are the leader's alone: a
 * stuck leader is reported (and restarted) by its own probes, and another replica takes over.
 */
export interface LeadershipFacts {
  role: 'leader' | 'follower';
  /** when this replica took its current role: a new leader's poll is judged from then */
  since: Date;
  /** the leader as the database names it, and its term; null before anyone led */
  leader: { holder: string; term: number } | null;
}

/** A poll succeeded when it read at least one repository, or there was nothing to read. */
export function pollSucceeded(report: { repos: number; changed: readonly string[]; unchanged: number }): boolean {
  return report.repos === 0 || report.changed.length + report.unchanged > 0;
}

export function liveness(facts: HealthFacts, now: Date, pollIntervalMs: number): HealthVerdict {
  const tooOldMs = STALE_AFTER_INTERVALS * Math.max(1, pollIntervalMs);
  return verdict([storeCheck(facts.store), ...leaderChecks(facts, now, tooOldMs)]);
}

export function readiness(facts: HealthFacts, now: Date, pollIntervalMs: number): HealthVerdict {
  const tooOldMs = STALE_AFTER_INTERVALS * Math.max(1, pollIntervalMs);
  return verdict([storeCheck(facts.store), slackCheck(facts.slackConnected), ...leaderChecks(facts, now, tooOldMs)]);
}

/** The checks of the jobs only the leader runs, and for a replica which one leads. */
function leaderChecks(facts: HealthFacts, now: Date, tooOldMs: number): HealthCheck[] {
  const { leadership } = facts;
  if (!leadership) return [pollCheck(facts, now, tooOldMs), deliveryCheck(facts, now, tooOldMs)];
  const term = leadership.leader ? ` (term ${leadership.leader.term})` : '';
  switch (leadership.role) {
    case 'leader':
      return [{ name: 'leader', ok: true, detail: `this replica leads${term}: it polls and delivers` }, pollCheck(facts, now, tooOldMs), deliveryCheck(facts, now, tooOldMs)];
    case 'follower':
      return [{ name: 'leader', ok: true, detail: leadership.leader ? `this replica follows ${leadership.leader.holder}${term}, which polls and delivers` : 'this replica follows; no replica has led yet' }];
    default: {
      const _exhaustive: never = leadership.role;
      return _exhaustive;
    }
  }
}

function verdict(checks: HealthCheck[]): HealthVerdict {
  return { ok: checks.every((c) => c.ok), checks };
}

function storeCheck(store: StoreState): HealthCheck {
  return store.ok
    ? { name: 'store', ok: true, detail: 'the database takes writes' }
    : { name: 'store', ok: false, detail: `the database cannot be written: ${store.error}` };
}

function slackCheck(connected: boolean): HealthCheck {
  return connected
    ? { name: 'slack', ok: true, detail: 'connected to Slack' }
    : { name: 'slack', ok: false, detail: 'not connected to Slack (Socket Mode is reconnecting, or the app has not started): check the network and SLACK_APP_TOKEN' };
}

function pollCheck(facts: HealthFacts, now: Date, tooOldMs: number): HealthCheck {
  const polled = facts.lastSuccessfulPollAt && facts.lastSuccessfulPollAt >= (facts.leadership?.since ?? facts.startedAt) ? facts.lastSuccessfulPollAt : null;
  const since = polled ?? facts.leadership?.since ?? facts.startedAt;
  const age = now.getTime() - since.getTime();
  const what = polled ? `last successful poll ${formatElapsed(Math.max(0, age))} ago` : `no successful poll since ${facts.leadership ? 'this replica took the lead' : 'the start'} ${formatElapsed(Math.max(0, age))} ago`;
  if (age <= tooOldMs) return { name: 'poll', ok: true, detail: what };
  const problem = facts.lastPollProblem ? `: ${facts.lastPollProblem}` : '';
  return { name: 'poll', ok: false, detail: `${what}, more than ${STALE_AFTER_INTERVALS} poll intervals${problem}. Check GitHub's status and the token (flowlight status shows each repository's error)` };
}

function deliveryCheck(facts: HealthFacts, now: Date, tooOldMs: number): HealthCheck {
  if (!facts.oldestUndeliveredAt) return { name: 'delivery', ok: true, detail: 'nothing waits for delivery' };
  const age = Math.max(0, now.getTime() - facts.oldestUndeliveredAt.getTime());
  if (age <= tooOldMs) return { name: 'delivery', ok: true, detail: `the oldest undelivered message waits ${formatElapsed(age)}` };
  return { name: 'delivery', ok: false, detail: `a message has waited ${formatElapsed(age)} for delivery to Slack, more than ${STALE_AFTER_INTERVALS} poll intervals: check Slack's status and SLACK_BOT_TOKEN (the log says why each attempt failed)` };
}
