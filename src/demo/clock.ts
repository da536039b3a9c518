import { addBusinessHours, isWithinWorkingHours } from '../domain/businessHours.js';
import type { WorkingHours } from '../domain/types.js';

// The demo's accelerated clock. Simulated time only moves when the run loop says so; every part
// of the bot (poller, evaluation, outbox, Bolt listeners, the GitHub simulator) reads it, so two
// working weeks pass in about a minute and the transcript shows the times the team would see.

export interface SimulatedClock {
  now(): Date;
  set(at: Date): void;
}

export function simulatedClock(start: Date): SimulatedClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set(at) {
      // Time never runs backwards: the store and the outbox order things by it.
      current = Math.max(current, at.getTime());
    },
  };
}

/**
 * The next moment the loop runs: `tickMinutes` later while the team works; after the end of the
 * working day (which itself gets a tick), the start of the next working day. Nights and weekends
 * pass in one step: nobody opens or reviews PRs then, and the bot's answer would not change.
 */
export function nextTick(now: Date, tickMinutes: number, hours: WorkingHours): Date {
  const candidate = new Date(now.getTime() + tickMinutes * 60_000);
  if (isWithinWorkingHours(candidate, hours)) return candidate;
  const nextStart = nextWorkingStart(candidate, hours);
  // The end of the working day: a millisecond of business time back from the next start, plus it.
  const endOfDay = new Date(addBusinessHours(nextStart, -1 / 3_600_000, hours).getTime() + 1);
  return endOfDay.getTime() > now.getTime() ? endOfDay : nextStart;
}

/** The first instant at or after `at` inside working hours. */
export function nextWorkingStart(at: Date, hours: WorkingHours): Date {
  if (isWithinWorkingHours(at, hours)) return at;
  // Walking one millisecond of business time from outside working hours lands just past the next start.
  return new Date(addBusinessHours(at, 1 / 3_600_000, hours).getTime() - 1);
}

/**
 * Keeps the simulation at a pace people can read: each tick is given its share of real time, and
 * a slow tick is not made up for by rushing the next ones (the pace is a target, never a race).
 */
export interface Pacer {
  /** waits until `realMs` of real time have passed since the previous wait returned */
  wait(realMs: number): Promise<void>;
}

export function realTimePacer(sleep: (ms: number) => Promise<void>, wallClockMs: () => number = Date.now): Pacer {
  let last = wallClockMs();
  return {
    async wait(realMs) {
      const remaining = last + realMs - wallClockMs();
      if (remaining > 0) await sleep(remaining);
      last = wallClockMs();
    },
  };
}
