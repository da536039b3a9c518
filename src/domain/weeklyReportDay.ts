import { localTimeParts } from './timeZone.js';
import type { WorkingHours } from './types.js';

// The digest carries the before/after line once a week: on the team's first working day of the week
// (Monday for Mon–Fri teams), in the team's time zone.

export function isWeeklyReportDay(now: Date, hours: WorkingHours): boolean {
  if (hours.days.length === 0) return false;
  return localTimeParts(now, hours.timeZone).weekday === Math.min(...hours.days);
}
