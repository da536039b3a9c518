// The team's business-hours clock: waits count only working hours on working days in the team's
// time zone, so a PR opened Friday evening is not two days old on Monday morning.
// Intervals are computed per local day and cached, so a call walks days, never hours.

import { FlowlightError } from './errors.js';
import { parseClock } from './clock.js';
import {
  DAY_MS,
  canonicalTimeZone,
  instantFromWallClock,
  isoWeekdayOfDayNumber,
  localDayNumber,
} from './timeZone.js';
import type { WorkingHours } from './types.js';

export { isValidTimeZone, canonicalTimeZone, localDate, localTimeParts, type LocalTimeParts } from './timeZone.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const MAX_CACHED_DAYS = 50_000;
/** addBusinessHours gives up past this many calendar days: the settings cannot be meant. */
const MAX_WALK_DAYS = 366 * 50;

interface CompiledHours {
  timeZone: string;
  workingWeekdays: boolean[]; // index = ISO weekday
  startMinute: number;
  endMinute: number;
  /** local day number → [start, end) instants of that day's working hours, or null when not working */
  days: Map<number, readonly [number, number] | null>;
}

const compiled = new Map<string, CompiledHours>();
// Settings objects are reused across thousands of calls: look them up by identity first, and
// check their fields (cheap comparisons, no string building) in case one was changed in place.
const compiledByObject = new WeakMap<WorkingHours, { seen: WorkingHours; compiled: CompiledHours }>();

const sameHours = (a: WorkingHours, b: WorkingHours) =>
  a.timeZone === b.timeZone && a.start === b.start && a.end === b.end
  && a.days.length === b.days.length && a.days.every((day, i) => day === b.days[i]);

function compile(hours: WorkingHours): CompiledHours {
  const known = compiledByObject.get(hours);
  if (known && sameHours(known.seen, hours)) return known.compiled;
  const key = `${hours.timeZone}|${hours.days.join(',')}|${hours.start}|${hours.end}`;
  const result = compiled.get(key) ?? compileNew(hours, key);
  compiledByObject.set(hours, { seen: { ...hours, days: [...hours.days] }, compiled: result });
  return result;
}

function compileNew(hours: WorkingHours, key: string): CompiledHours {
  const timeZone = canonicalTimeZone(hours.timeZone);
  if (!timeZone) {
    throw new FlowlightError('settings_invalid', `Unknown time zone "${hours.timeZone}": use an IANA name such as Europe/Berlin or America/New_York.`);
  }
  const startMinute = parseClock(hours.start);
  const endMinute = parseClock(hours.end);
  if (startMinute === null || endMinute === null || startMinute >= endMinute) {
    throw new FlowlightError('settings_invalid', `Working hours "${hours.start}-${hours.end}" are not valid: use HH:MM-HH:MM with the start before the end, e.g. 09:00-17:00.`);
  }
  const workingWeekdays = Array.from({ length: 8 }, (_, weekday) => hours.days.includes(weekday));
  const result: CompiledHours = { timeZone, workingWeekdays, startMinute, endMinute, days: new Map() };
  compiled.set(key, result);
  return result;
}

function workingInterval(hours: CompiledHours, dayNumber: number): readonly [number, number] | null {
  const cached = hours.days.get(dayNumber);
  if (cached !== undefined) return cached;
  let interval: readonly [number, number] | null = null;
  if (hours.workingWeekdays[isoWeekdayOfDayNumber(dayNumber)]) {
    const midnight = dayNumber * DAY_MS;
    interval = [
      instantFromWallClock(midnight + hours.startMinute * MINUTE_MS, hours.timeZone),
      instantFromWallClock(midnight + hours.endMinute * MINUTE_MS, hours.timeZone),
    ];
  }
  if (hours.days.size >= MAX_CACHED_DAYS) hours.days.clear();
  hours.days.set(dayNumber, interval);
  return interval;
}

/** Length of a regular working day in hours (09:00-17:00 → 8). */
export function businessDayHours(hours: WorkingHours): number {
  const compiledHours = compile(hours);
  return (compiledHours.endMinute - compiledHours.startMinute) / 60;
}

/**
 * Business hours between two instants, fractional; 0 when `to` is not after `from`.
 * Real elapsed time inside working intervals, so a DST jump inside working hours counts truly.
 */
export function businessHoursBetween(from: Date, to: Date, hours: WorkingHours): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return 0;
  const compiledHours = compile(hours);
  const lastDay = localDayNumber(toMs, compiledHours.timeZone);
  let totalMs = 0;
  for (let day = localDayNumber(fromMs, compiledHours.timeZone); day <= lastDay; day++) {
    const interval = workingInterval(compiledHours, day);
    if (!interval) continue;
    const overlap = Math.min(toMs, interval[1]) - Math.max(fromMs, interval[0]);
    if (overlap > 0) totalMs += overlap;
  }
  return totalMs / HOUR_MS;
}

/**
 * The instant `businessHours` working hours after `from` (before it, when negative). Landing
 * exactly on the end of a working day gives that end (forward) or its start (backward).
 */
export function addBusinessHours(from: Date, businessHours: number, hours: WorkingHours): Date {
  if (!Number.isFinite(businessHours)) {
    throw new FlowlightError('settings_invalid', `Cannot add ${businessHours} business hours: give a finite number.`);
  }
  if (!Number.isFinite(from.getTime())) {
    throw new FlowlightError('input_invalid', 'Cannot add business hours to an invalid date: give an ISO time such as 2026-11-23T09:00:00Z.');
  }
  if (businessHours === 0) return new Date(from.getTime());
  const compiledHours = compile(hours);
  if (!compiledHours.workingWeekdays.some(Boolean)) {
    throw new FlowlightError('settings_invalid', 'No working days are set, so business time never passes: set days, e.g. mon-fri.');
  }
  const fromMs = from.getTime();
  let remainingMs = Math.abs(businessHours) * HOUR_MS;
  const step = businessHours > 0 ? 1 : -1;
  let day = localDayNumber(fromMs, compiledHours.timeZone);
  for (let walked = 0; walked < MAX_WALK_DAYS; walked++, day += step) {
    const interval = workingInterval(compiledHours, day);
    if (!interval) continue;
    const [start, end] = interval;
    if (step > 0) {
      const begin = Math.max(fromMs, start);
      if (begin >= end) continue;
      if (remainingMs <= end - begin) return new Date(begin + remainingMs);
      remainingMs -= end - begin;
    } else {
      const finish = Math.min(fromMs, end);
      if (finish <= start) continue;
      if (remainingMs <= finish - start) return new Date(finish - remainingMs);
      remainingMs -= finish - start;
    }
  }
  throw new FlowlightError('settings_invalid', `${businessHours} business hours reach further than ${MAX_WALK_DAYS} days: use a smaller number.`);
}

/** True when the local date at `at` is one of the team's working days. */
export function isWorkingDay(at: Date, hours: WorkingHours): boolean {
  return isWorkingDayNumber(localDayNumber(at.getTime(), compile(hours).timeZone), hours);
}

/** The same for a local day given as its number (days since 1970-01-01 in the team's zone), for loops over days. */
export function isWorkingDayNumber(dayNumber: number, hours: WorkingHours): boolean {
  return compile(hours).workingWeekdays[isoWeekdayOfDayNumber(dayNumber)] === true;
}

/** True when `at` falls inside working hours on a working day. */
export function isWithinWorkingHours(at: Date, hours: WorkingHours): boolean {
  const compiledHours = compile(hours);
  const interval = workingInterval(compiledHours, localDayNumber(at.getTime(), compiledHours.timeZone));
  return interval !== null && at.getTime() >= interval[0] && at.getTime() < interval[1];
}

/**
 * Start of the window holding the trailing `days` business days before `now`: as many working
 * hours back as `days` full working days. A rolling window, so rates do not jump at midnight,
 * and a weekend inside it adds no length.
 */
export function startOfTrailingBusinessDays(now: Date, days: number, hours: WorkingHours): Date {
  if (days <= 0) return new Date(now.getTime());
  return addBusinessHours(now, -days * businessDayHours(hours), hours);
}
