import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  businessHoursBetween,
  isValidTimeZone,
  isWithinWorkingHours,
  isWorkingDay,
  localDate,
  localTimeParts,
  startOfTrailingBusinessDays,
} from '../../src/domain/businessHours.js';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../src/domain/types.js';
import { FlowlightError } from '../../src/errors.js';

const utc = DEFAULT_WORKING_HOURS;
const berlin: WorkingHours = { ...utc, timeZone: 'Europe/Berlin' };
const newYork: WorkingHours = { ...utc, timeZone: 'America/New_York' };
const at = (iso: string) => new Date(iso);

describe('business hours between two instants', () => {
  it.each([
    ['Friday 16:00 to Monday 10:00 counts two hours, not the weekend', '2026-11-20T16:00:00Z', '2026-11-23T10:00:00Z', 2],
    ['a partial day inside working hours counts its real length', '2026-11-23T10:15:00Z', '2026-11-23T12:45:00Z', 2.5],
    ['time before the day starts and after it ends does not count', '2026-11-23T06:00:00Z', '2026-11-23T20:00:00Z', 8],
    ['an evening to the next morning is nothing', '2026-11-23T18:00:00Z', '2026-11-24T08:59:00Z', 0],
    ['a whole weekend is nothing', '2026-11-21T00:00:00Z', '2026-11-23T09:00:00Z', 0],
    ['two full working weeks are eighty hours', '2026-11-16T09:00:00Z', '2026-11-30T09:00:00Z', 80],
    ['to before from is zero', '2026-11-24T12:00:00Z', '2026-11-23T12:00:00Z', 0],
    ['from equal to to is zero', '2026-11-24T12:00:00Z', '2026-11-24T12:00:00Z', 0],
  ])('%s', (_name, from, to, expected) => {
    expect(businessHoursBetween(at(from), at(to), utc)).toBeCloseTo(expected, 9);
  });

  it('counts in the team time zone: 09:00 Berlin is 08:00 UTC in winter', () => {
    // Monday 2026-11-23 08:00Z-16:00Z is 09:00-17:00 in Berlin (UTC+1).
    expect(businessHoursBetween(at('2026-11-23T08:00:00Z'), at('2026-11-23T16:00:00Z'), berlin)).toBeCloseTo(8, 9);
    expect(businessHoursBetween(at('2026-11-23T08:00:00Z'), at('2026-11-23T16:00:00Z'), utc)).toBeCloseTo(7, 9);
  });

  it('uses the local weekday: Monday 02:00 in Tokyo is Sunday 17:00 UTC', () => {
    const tokyo: WorkingHours = { ...utc, timeZone: 'Asia/Tokyo', start: '00:00', end: '24:00' };
    // Sunday 2026-11-22 14:00Z..16:00Z is Sunday 23:00 to Monday 01:00 in Tokyo: one working hour.
    expect(businessHoursBetween(at('2026-11-22T14:00:00Z'), at('2026-11-22T16:00:00Z'), tokyo)).toBeCloseTo(1, 9);
  });

  it('the same instants are a different number of hours in New York and Berlin', () => {
    const from = at('2026-11-23T12:00:00Z'); // 13:00 Berlin, 07:00 New York
    const to = at('2026-11-23T20:00:00Z'); // 21:00 Berlin, 15:00 New York
    expect(businessHoursBetween(from, to, berlin)).toBeCloseTo(4, 9);
    expect(businessHoursBetween(from, to, newYork)).toBeCloseTo(6, 9);
  });

  it('keeps working hours at 09:00-17:00 local across the spring DST change', () => {
    // Europe switched to summer time on Sunday 2026-03-29: Friday 09:00 is 08:00Z, Monday 09:00 is 07:00Z.
    expect(businessHoursBetween(at('2026-03-27T08:00:00Z'), at('2026-03-30T15:00:00Z'), berlin)).toBeCloseTo(16, 9);
    expect(businessHoursBetween(at('2026-03-30T06:00:00Z'), at('2026-03-30T07:00:00Z'), berlin)).toBe(0);
  });

  it('keeps working hours at 09:00-17:00 local across the autumn DST change in New York', () => {
    // US clocks fell back on Sunday 2026-11-01: Friday 09:00 EDT = 13:00Z, Monday 09:00 EST = 14:00Z.
    expect(businessHoursBetween(at('2026-10-30T13:00:00Z'), at('2026-11-02T22:00:00Z'), newYork)).toBeCloseTo(16, 9);
  });

  it('counts real elapsed time when the clocks jump inside working hours', () => {
    const allDay: WorkingHours = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
    // Sunday 2026-03-29 has only 23 hours in Berlin.
    expect(businessHoursBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), allDay)).toBeCloseTo(23, 9);
    // Sunday 2026-10-25 has 25.
    expect(businessHoursBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), allDay)).toBeCloseTo(25, 9);
  });

  it('honours custom days and hours', () => {
    const sundayToThursday: WorkingHours = { timeZone: 'Asia/Jerusalem', days: [7, 1, 2, 3, 4], start: '08:30', end: '16:30' };
    // Thursday 2026-11-19 15:30 local (13:30Z) to Sunday 2026-11-22 09:30 local (07:30Z): 1 h + 1 h.
    expect(businessHoursBetween(at('2026-11-19T13:30:00Z'), at('2026-11-22T07:30:00Z'), sundayToThursday)).toBeCloseTo(2, 9);
    const mornings: WorkingHours = { timeZone: 'UTC', days: [1, 3, 5], start: '08:00', end: '12:00' };
    // Mon 2026-11-23 .. Mon 2026-11-30: Mon, Wed, Fri mornings.
    expect(businessHoursBetween(at('2026-11-23T00:00:00Z'), at('2026-11-30T00:00:00Z'), mornings)).toBeCloseTo(12, 9);
  });

  it('is zero when there are no working days at all', () => {
    expect(businessHoursBetween(at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'), { ...utc, days: [] })).toBe(0);
  });

  it('rejects an unknown time zone with a message saying what to use', () => {
    const call = () => businessHoursBetween(at('2026-11-23T08:00:00Z'), at('2026-11-24T08:00:00Z'), { ...utc, timeZone: 'Mars/Olympus' });
    expect(call).toThrow(FlowlightError);
    expect(call).toThrow(/Unknown time zone "Mars\/Olympus".*IANA/);
  });
});

describe('adding business hours', () => {
  it('carries over the weekend: Friday 16:00 plus 2 hours is Monday 10:00', () => {
    expect(addBusinessHours(at('2026-11-20T16:00:00Z'), 2, utc).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('starts counting at the next working hour when added outside hours', () => {
    expect(addBusinessHours(at('2026-11-21T12:00:00Z'), 1.5, utc).toISOString()).toBe('2026-11-23T10:30:00.000Z');
  });

  it('goes backwards for negative hours, landing on a day start rather than the previous evening', () => {
    expect(addBusinessHours(at('2026-11-23T10:00:00Z'), -2, utc).toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(addBusinessHours(at('2026-11-23T17:00:00Z'), -8, utc).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('is the inverse of businessHoursBetween inside working time', () => {
    const from = at('2026-03-26T10:17:00Z');
    const to = addBusinessHours(from, 21.25, berlin);
    expect(businessHoursBetween(from, to, berlin)).toBeCloseTo(21.25, 9);
  });

  it('returns the same instant for zero hours', () => {
    expect(addBusinessHours(at('2026-11-21T12:00:00Z'), 0, utc).toISOString()).toBe('2026-11-21T12:00:00.000Z');
  });

  it('refuses to walk forever when no day is a working day', () => {
    expect(() => addBusinessHours(at('2026-11-21T12:00:00Z'), 1, { ...utc, days: [] })).toThrow(/No working days/);
  });
});

describe('the trailing business-day window', () => {
  it('covers ten full working days back from a Monday morning, skipping weekends', () => {
    // Monday 2026-11-30 10:00: 1 h today, then 79 h back lands on Monday 2026-11-16 10:00.
    expect(startOfTrailingBusinessDays(at('2026-11-30T10:00:00Z'), 10, utc).toISOString()).toBe('2026-11-16T10:00:00.000Z');
  });

  it('from a weekend reaches back to the start of a working day', () => {
    expect(startOfTrailingBusinessDays(at('2026-11-28T12:00:00Z'), 10, utc).toISOString()).toBe('2026-11-16T09:00:00.000Z');
  });
});

describe('local calendar helpers', () => {
  it('names the local date and weekday in the team zone', () => {
    const lateSundayUtc = at('2026-11-22T23:30:00Z');
    expect(localDate(lateSundayUtc, 'UTC')).toBe('2026-11-22');
    expect(localDate(lateSundayUtc, 'Europe/Berlin')).toBe('2026-11-23');
    expect(localTimeParts(lateSundayUtc, 'Europe/Berlin')).toEqual({ year: 2026, month: 11, day: 23, hour: 0, minute: 30, second: 0, weekday: 1 });
    expect(isWorkingDay(lateSundayUtc, utc)).toBe(false);
    expect(isWorkingDay(lateSundayUtc, berlin)).toBe(true);
  });

  it('knows when an instant is inside working hours', () => {
    expect(isWithinWorkingHours(at('2026-11-23T09:00:00Z'), utc)).toBe(true);
    expect(isWithinWorkingHours(at('2026-11-23T17:00:00Z'), utc)).toBe(false);
    expect(isWithinWorkingHours(at('2026-11-21T12:00:00Z'), utc)).toBe(false);
  });

  it('accepts IANA zones and rejects made-up ones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
