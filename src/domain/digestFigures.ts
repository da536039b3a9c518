import { businessHoursBetween, isWorkingDayNumber } from './businessHours.js';
import { parseClock } from './clock.js';
import type { Transition } from './light.js';
import { countingReviews } from './reviews.js';
import { pullRequestKey } from './suggest.js';
import { DAY_MS, instantFromWallClock, isoWeekdayOfDayNumber, localDayNumber } from './timeZone.js';
import type { Light, PullRequestFacts, QueueTransition, WorkingHours } from './types.js';

// The digest's figures, computed from stored facts and light changes. Pure: `now` is an argument.

const LIGHTS: readonly Light[] = ['green', 'yellow', 'red', 'grey'];
const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const SPARKS = '▁▂▃▄▅▆▇█';

export interface LocalDay {
  date: string; // YYYY-MM-DD
  weekday: string; // "Friday"
  start: Date;
  end: Date;
}

function localDay(dayNumber: number, timeZone: string): LocalDay {
  return {
    date: new Date(dayNumber * DAY_MS).toISOString().slice(0, 10),
    weekday: WEEKDAYS[isoWeekdayOfDayNumber(dayNumber)] ?? '',
    start: new Date(instantFromWallClock(dayNumber * DAY_MS, timeZone)),
    end: new Date(instantFromWallClock((dayNumber + 1) * DAY_MS, timeZone)),
  };
}

/** The last working day before today (Friday, on a Monday): what "yesterday" means in a standup. */
export function previousWorkingDay(now: Date, hours: WorkingHours): LocalDay {
  const today = localDayNumber(now.getTime(), hours.timeZone);
  for (let day = today - 1; day >= today - 14; day -= 1) {
    if (isWorkingDayNumber(day, hours)) return localDay(day, hours.timeZone);
  }
  return localDay(today - 1, hours.timeZone);
}

/** Working hours spent in each light between `from` and `now`, in the order green, yellow, red, grey; zeros left out. */
export function timeInLights(changes: ReadonlyArray<Pick<Transition, 'from' | 'to' | 'at'>>, current: Light, from: Date, now: Date, hours: WorkingHours): Array<{ light: Light; businessHours: number }> {
  const before = changes.filter((c) => c.at <= from);
  const during = changes.filter((c) => c.at > from && c.at <= now);
  let light: Light = before.at(-1)?.to ?? during[0]?.from ?? current;
  let since = from;
  const totals = new Map<Light, number>();
  for (const change of during) {
    totals.set(light, (totals.get(light) ?? 0) + businessHoursBetween(since, change.at, hours));
    light = change.to;
    since = change.at;
  }
  totals.set(light, (totals.get(light) ?? 0) + businessHoursBetween(since, now, hours));
  return LIGHTS.filter((l) => (totals.get(l) ?? 0) > 0).map((l) => ({ light: l, businessHours: totals.get(l) ?? 0 }));
}

/** Queue size (PRs awaiting review) at the end of each of the last `points - 1` working days, then now. */
export function queueTrend(transitions: readonly QueueTransition[], now: Date, hours: WorkingHours, points = 10): Array<{ date: string; queue: number }> {
  const endMinutes = parseClock(hours.end) ?? 17 * 60;
  const samples: Array<{ date: string; at: number }> = [];
  const today = localDayNumber(now.getTime(), hours.timeZone);
  for (let day = today - 1; samples.length < points - 1 && day >= today - 60; day -= 1) {
    if (!isWorkingDayNumber(day, hours)) continue;
    samples.unshift({ date: new Date(day * DAY_MS).toISOString().slice(0, 10), at: instantFromWallClock(day * DAY_MS + endMinutes * 60_000, hours.timeZone) });
  }
  samples.push({ date: new Date(today * DAY_MS).toISOString().slice(0, 10), at: now.getTime() });

  const sorted = [...transitions].sort((a, b) => a.at.getTime() - b.at.getTime());
  const inQueue = new Set<string>();
  const trend: Array<{ date: string; queue: number }> = [];
  let next = 0;
  for (const sample of samples) {
    while (next < sorted.length && sorted[next]!.at.getTime() <= sample.at) {
      const t = sorted[next]!;
      if (t.kind === 'entered') inQueue.add(pullRequestKey(t.repo, t.number));
      else inQueue.delete(pullRequestKey(t.repo, t.number));
      next += 1;
    }
    trend.push({ date: sample.date, queue: inQueue.size });
  }
  return trend;
}

/** "▁▃▅█": each value scaled to the largest (all equal → the lowest bar, zeros included). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? SPARKS[0] : SPARKS[Math.round((Math.max(0, v) / max) * (SPARKS.length - 1))])).join('');
}

export function arrivalsBetween(transitions: readonly QueueTransition[], from: Date, to: Date): number {
  return transitions.filter((t) => t.kind === 'entered' && t.at >= from && t.at < to).length;
}

/** Counting reviews (not by the author, not pending or dismissed) submitted in [from, to), by reviewer, most first. */
export function reviewsBetween(pullRequests: readonly PullRequestFacts[], from: Date, to: Date): Array<{ login: string; reviews: number }> {
  const counts = new Map<string, number>();
  for (const pr of pullRequests) {
    for (const review of countingReviews(pr)) {
      if (!review.author || review.submittedAt < from || review.submittedAt >= to) continue;
      const login = review.author.toLowerCase();
      counts.set(login, (counts.get(login) ?? 0) + 1);
    }
  }
  return [...counts].map(([login, reviews]) => ({ login, reviews })).sort((a, b) => b.reviews - a.reviews || a.login.localeCompare(b.login));
}
