// Wall-clock arithmetic in IANA time zones through Intl, fast enough to call tens of thousands of
// times per evaluation: one Intl.DateTimeFormat per zone, and UTC offsets cached per UTC hour.

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
// An hour whose two ends have the same offset is cached as one offset (no zone changes its offset
// twice within an hour); the hour holding a change is never cached and asks Intl every time.
const OFFSET_BUCKET_MS = 60 * MINUTE_MS;
const MAX_CACHED_OFFSETS_PER_ZONE = 200_000;

export interface LocalTimeParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number; // 0-23
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();

/** True when Intl knows the zone (an IANA name such as Europe/Berlin, or UTC). */
export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** The zone as Intl spells it ("europe/berlin" → "Europe/Berlin"), or null when unknown. */
export function canonicalTimeZone(zone: string): string | null {
  if (typeof zone !== 'string' || zone.trim() === '') return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT';

/** Exact offset (local minus UTC, in ms) at an instant, straight from Intl. */
function exactOffsetMs(instantMs: number, timeZone: string): number {
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      default: break;
    }
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  return wallMs - Math.floor(instantMs / 1000) * 1000;
}

/** Offset of the zone from UTC at an instant, in ms (Europe/Berlin in summer: +7,200,000). */
function offsetMs(instantMs: number, timeZone: string): number {
  if (isUtc(timeZone)) return 0;
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const bucket = Math.floor(instantMs / OFFSET_BUCKET_MS);
  const cached = cache.get(bucket);
  if (cached !== undefined) return cached;
  const atStart = exactOffsetMs(bucket * OFFSET_BUCKET_MS, timeZone);
  const atEnd = exactOffsetMs((bucket + 1) * OFFSET_BUCKET_MS - 1000, timeZone);
  if (atStart !== atEnd) return exactOffsetMs(instantMs, timeZone);
  if (cache.size >= MAX_CACHED_OFFSETS_PER_ZONE) cache.clear();
  cache.set(bucket, atStart);
  return atStart;
}

/** The local wall-clock time of an instant, as ms since the epoch read as if it were UTC. */
export function wallClockMs(instantMs: number, timeZone: string): number {
  return instantMs + offsetMs(instantMs, timeZone);
}

/**
 * The instant at which the zone's clocks show `wallMs`. A wall time skipped by a DST jump
 * (02:30 on a spring-forward night) maps to the instant just as late after the jump (03:30);
 * a repeated one (autumn) maps to its second occurrence.
 */
export function instantFromWallClock(wallMs: number, timeZone: string): number {
  const firstGuessOffset = offsetMs(wallMs, timeZone);
  const first = wallMs - firstGuessOffset;
  const offsetAtFirst = offsetMs(first, timeZone);
  if (offsetAtFirst === firstGuessOffset) return first;
  const second = wallMs - offsetAtFirst;
  if (offsetMs(second, timeZone) === offsetAtFirst) return second;
  return Math.max(first, second); // in a gap: neither guess round-trips
}

/** Days since 1970-01-01 of the local date at an instant. */
export function localDayNumber(instantMs: number, timeZone: string): number {
  return Math.floor(wallClockMs(instantMs, timeZone) / DAY_MS);
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a local day number (1970-01-01 was a Thursday). */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

export function localTimeParts(at: Date, timeZone: string): LocalTimeParts {
  const wall = new Date(wallClockMs(at.getTime(), timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: isoWeekdayOfDayNumber(Math.floor(wall.getTime() / DAY_MS)),
  };
}

/** The local calendar date at an instant, "YYYY-MM-DD". */
export function localDate(at: Date, timeZone: string): string {
  return new Date(wallClockMs(at.getTime(), timeZone)).toISOString().slice(0, 10);
}
