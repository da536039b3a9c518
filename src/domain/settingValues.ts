// Parsing and checking single setting values, shared by /flow set (text people type) and by
// stored overrides (JSON). Every error names what is allowed and gives an example.

import { formatClock, parseClock } from './clock.js';
import { formatNumber } from './format.js';
import { RULES, type RuleName } from './ruleCatalog.js';
import type { TeamSettings } from './settingsModel.js';
import { canonicalTimeZone } from './timeZone.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Echo a user's value back safely and briefly. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

export interface NumberBounds {
  min: number;
  /** true when min itself is not allowed ("above 0") */
  minExclusive: boolean;
  max: number;
  integer: boolean;
  unit: string;
  example: string;
}

export type NumericSettingField = 'coolDownMinutes' | 'oversizedLines' | 'claimBusinessHours' | 'urgentMultiplier' | 'staleAfterPolls' | 'yellowExitRatio';

/** The plain numeric settings: /flow set key, label, bounds. */
export const NUMERIC_SETTINGS: Readonly<Record<NumericSettingField, { key: string; label: string; help: string } & NumberBounds>> = Object.freeze({
  coolDownMinutes: { key: 'cooldown', label: 'cool-down', help: 'minutes a light holds before it may change again (escalating to red, or a queue that emptied, does not wait)', min: 0, minExclusive: false, max: 1440, integer: true, unit: 'minutes', example: '15' },
  oversizedLines: { key: 'oversized_lines', label: 'oversized PRs', help: 'PRs with more changed lines are flagged and may take two reviewers', min: 1, minExclusive: false, max: 1_000_000, integer: true, unit: 'changed lines', example: '800' },
  claimBusinessHours: { key: 'claim_hours', label: 'claims last', help: 'a picked-up PR stays out of others\' suggestions this long', min: 0, minExclusive: true, max: 40, integer: false, unit: 'business hours', example: '2' },
  urgentMultiplier: { key: 'urgent_multiplier', label: 'urgent multiplier', help: 'how much more an urgent label weighs in suggestions', min: 1, minExclusive: false, max: 100, integer: false, unit: 'times', example: '3' },
  staleAfterPolls: { key: 'stale_polls', label: 'stale after', help: 'missed polls of a repository before the light turns grey', min: 1, minExclusive: false, max: 1000, integer: true, unit: 'poll intervals', example: '3' },
  yellowExitRatio: { key: 'yellow_exit', label: 'yellow exit', help: 'yellow and red clear (to green) when every rule is under this share of its yellow level', min: 0, minExclusive: true, max: 1, integer: false, unit: 'of the yellow level', example: '0.8' },
});

export function ruleBounds(rule: RuleName): NumberBounds {
  const spec = RULES[rule];
  return { min: 0, minExclusive: true, max: spec.max, integer: false, unit: spec.unit, example: formatNumber(spec.example, 2) };
}

function describeBounds(bounds: NumberBounds): string {
  const kind = bounds.integer ? 'a whole number' : 'a number';
  const low = bounds.minExclusive ? `above ${formatNumber(bounds.min)}` : `from ${formatNumber(bounds.min)}`;
  const high = bounds.minExclusive ? `at most ${formatNumber(bounds.max)}` : `to ${formatNumber(bounds.max)}`;
  return `${kind} ${low} ${bounds.minExclusive ? 'and ' : ''}${high} ${bounds.unit}`;
}

export function checkNumber(value: unknown, bounds: NumberBounds): Parsed<number> {
  const inRange = typeof value === 'number' && Number.isFinite(value)
    && (bounds.minExclusive ? value > bounds.min : value >= bounds.min) && value <= bounds.max
    && (!bounds.integer || Number.isInteger(value));
  return inRange ? ok(value as number) : fail(`must be ${describeBounds(bounds)} (got ${quote(value)})`);
}

export function parseNumber(text: string, bounds: NumberBounds): Parsed<number> {
  const trimmed = text.trim().replace(/_/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return fail(`must be ${describeBounds(bounds)} (got ${quote(text)})`);
  return checkNumber(Number(trimmed), bounds);
}

export function parseOnOff(text: string): Parsed<boolean> {
  const word = text.trim().toLowerCase();
  if (['on', 'true', 'yes', 'enable', 'enabled'].includes(word)) return ok(true);
  if (['off', 'false', 'no', 'disable', 'disabled'].includes(word)) return ok(false);
  return fail(`must be on or off (got ${quote(text)})`);
}

export function parseTimeZone(text: string): Parsed<string> {
  const zone = canonicalTimeZone(text);
  return zone ? ok(zone) : fail(`must be an IANA time zone such as Europe/Berlin, America/New_York or UTC (got ${quote(text)})`);
}

export function parseWorkingHours(text: string): Parsed<{ start: string; end: string }> {
  const match = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  const start = match ? parseClock(match[1]!) : null;
  const end = match ? parseClock(match[2]!) : null;
  if (start === null || end === null || start >= 24 * 60) return fail(`must be HH:MM-HH:MM, e.g. 09:00-17:00 (got ${quote(text)})`);
  if (start >= end) return fail(`must start before it ends, e.g. 09:00-17:00 (got ${quote(text)})`);
  return ok({ start: formatClock(start), end: formatClock(end) });
}

export function parseDigestTime(text: string): Parsed<string> {
  const minutes = parseClock(text);
  if (minutes === null || minutes >= 24 * 60) return fail(`must be a local time HH:MM from 00:00 to 23:59, e.g. 09:30 (got ${quote(text)})`);
  return ok(formatClock(minutes));
}

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function dayOf(token: string): number | null {
  const word = token.trim().toLowerCase();
  if (word.length < 2) return null;
  const index = DAY_NAMES.findIndex((name) => name.startsWith(word));
  return index < 0 ? null : index + 1;
}

/** "mon-fri", "mon,tue,thu", "sun-thu" (ranges wrap around the week) → ISO weekdays, ascending. */
export function parseDays(text: string): Parsed<number[]> {
  const days = new Set<number>();
  const tokens = text.split(',').map((token) => token.trim()).filter(Boolean);
  const error = `must be days like mon-fri or mon,tue,thu (got ${quote(text)})`;
  if (tokens.length === 0) return fail(error);
  for (const token of tokens) {
    const [first, last, ...rest] = token.split('-');
    const from = dayOf(first ?? '');
    const to = last === undefined ? from : dayOf(last);
    if (from === null || to === null || rest.length > 0) return fail(error);
    for (let day = from; ; day = (day % 7) + 1) {
      days.add(day);
      if (day === to) break;
    }
  }
  return ok([...days].sort((a, b) => a - b));
}

/** [1,2,3,4,5] → "mon-fri"; [1,2,4] → "mon,tue,thu". */
export function formatDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const name = (day: number) => DAY_NAMES[day - 1]!.slice(0, 3);
    parts.push(j - i >= 2 ? `${name(sorted[i]!)}-${name(sorted[j]!)}` : sorted.slice(i, j + 1).map(name).join(','));
    i = j + 1;
  }
  return parts.join(',') || 'none';
}

export function checkDays(value: unknown): Parsed<number[]> {
  const valid = Array.isArray(value) && value.length > 0 && value.every((day) => Number.isInteger(day) && day >= 1 && day <= 7);
  return valid ? ok([...new Set(value as number[])].sort((a, b) => a - b)) : fail(`must be a non-empty list of ISO weekdays 1 (Monday) to 7 (Sunday) (got ${quote(value)})`);
}

const MAX_LABELS = 50;
const MAX_LABEL_LENGTH = 100;

function checkLabelList(labels: string[], original: unknown): Parsed<string[]> {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const label of labels.map((l) => l.trim()).filter(Boolean)) {
    if (label.length > MAX_LABEL_LENGTH) return fail(`labels must be at most ${MAX_LABEL_LENGTH} characters (got ${quote(label)})`);
    if (!seen.has(label.toLowerCase())) unique.push(label);
    seen.add(label.toLowerCase());
  }
  if (unique.length > MAX_LABELS) return fail(`must list at most ${MAX_LABELS} labels (got ${unique.length} in ${quote(original)})`);
  return ok(unique);
}

/** "wip, on hold" → ["wip", "on hold"]; "none" clears the list. */
export function parseLabels(text: string): Parsed<string[]> {
  if (['none', '-', '""', "''"].includes(text.trim().toLowerCase())) return ok([]);
  return checkLabelList(text.split(','), text);
}

export function checkLabels(value: unknown): Parsed<string[]> {
  if (!Array.isArray(value) || !value.every((label) => typeof label === 'string')) return fail(`must be a list of label names (got ${quote(value)})`);
  return checkLabelList(value, value);
}

/** Cross-field rules: every rule's yellow level below its red level. Returns the first problem. */
export function levelOrderProblem(settings: TeamSettings): { rule: RuleName; error: string } | null {
  for (const [rule, levels] of Object.entries(settings.rules) as Array<[RuleName, TeamSettings['rules'][RuleName]]>) {
    if (levels.yellow >= levels.red) {
      const unit = RULES[rule].unit;
      return { rule, error: `the yellow level of ${rule} (${formatNumber(levels.yellow, 2)} ${unit}) must be below its red level (${formatNumber(levels.red, 2)} ${unit})` };
    }
  }
  return null;
}
