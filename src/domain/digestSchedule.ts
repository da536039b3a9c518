import { FlowlightError } from './errors.js';
import { isWorkingDayNumber } from './businessHours.js';
import { parseClock } from './clock.js';
import { parseDigestTime } from './settingValues.js';
import { DAY_MS, instantFromWallClock, localDayNumber } from './timeZone.js';
import type { WorkingHours } from './types.js';

// When a team's daily digest is due: at its digest time, on its working days, in its time zone.
// Pure (no clock, no cron), so daylight-saving changes are tested with fixed instants; the node-cron
// expression below fires at the same instants (node-cron is given the same zone).

export interface DigestTiming {
  digestTime: string; // "HH:MM" local
  workingHours: WorkingHours;
}

/** Looking further ahead than this finds nothing: no working days at all. */
const MAX_DAYS_AHEAD = 14;

/** Minutes after local midnight; the settings validated the time, so a bad one here is a stored value gone wrong. */
function digestMinutes(timing: DigestTiming): number {
  const parsed = parseDigestTime(timing.digestTime);
  if (!parsed.ok) throw new FlowlightError('settings_invalid', `The digest time ${parsed.error}. Fix it with /flow set digest 09:30.`);
  return parseClock(parsed.value)!;
}

/** The digest instant of a local day, or null when that day is not a working day. */
function digestInstantOn(dayNumber: number, timing: DigestTiming): Date | null {
  if (!isWorkingDayNumber(dayNumber, timing.workingHours)) return null;
  return new Date(instantFromWallClock(dayNumber * DAY_MS + digestMinutes(timing) * 60_000, timing.workingHours.timeZone));
}

/** The first digest instant strictly after `after`; null when the team has no working days. */
export function nextDigestAt(after: Date, timing: DigestTiming): Date | null {
  const today = localDayNumber(after.getTime(), timing.workingHours.timeZone);
  for (let day = today; day <= today + MAX_DAYS_AHEAD; day += 1) {
    const at = digestInstantOn(day, timing);
    if (at && at.getTime() > after.getTime()) return at;
  }
  return null;
}

/**
 * The digest owed at `now`: today's, when today is a working day and its digest time has passed
 * (a start-up after the digest time still posts it, once, thanks to the per-day dedupe).
 */
export function digestDueAt(now: Date, timing: DigestTiming): Date | null {
  const at = digestInstantOn(localDayNumber(now.getTime(), timing.workingHours.timeZone), timing);
  return at && at.getTime() <= now.getTime() ? at : null;
}

/** A 5-field cron expression for node-cron, run with `timezone: workingHours.timeZone`; null without working days. */
export function digestCronExpression(timing: DigestTiming): string | null {
  const minutes = digestMinutes(timing);
  const days = [...new Set(timing.workingHours.days.map((d) => d % 7))].sort((a, b) => a - b); // cron: 0 = Sunday
  if (days.length === 0) return null;
  return `${minutes % 60} ${Math.floor(minutes / 60)} * * ${days.join(',')}`;
}

/**
 * Today's digest is owed (to be posted late, after a restart or a settings change) from its time
 * until the end of the working day, or for an hour when it is set after working hours.
 */
export function isDigestOwed(now: Date, timing: DigestTiming): boolean {
  const dueAt = digestDueAt(now, timing);
  if (!dueAt) return false;
  const day = localDayNumber(now.getTime(), timing.workingHours.timeZone);
  const endMinutes = parseClock(timing.workingHours.end) ?? 24 * 60;
  const workdayEnd = instantFromWallClock(day * DAY_MS + endMinutes * 60_000, timing.workingHours.timeZone);
  return now.getTime() < Math.max(workdayEnd, dueAt.getTime() + 3_600_000);
}
