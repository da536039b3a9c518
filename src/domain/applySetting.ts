// `/flow set KEY VALUE`: one change to a team's settings, validated, with a one-line summary of
// what changed for the channel and the overrides to store.

import { formatNumber } from './format.js';
import { RULES, RULE_NAMES, isRuleName, type RuleName } from './ruleCatalog.js';
import {
  NUMERIC_SETTINGS,
  formatDays,
  parseDays,
  parseDigestTime,
  parseLabels,
  parseNumber,
  parseOnOff,
  parseTimeZone,
  parseWorkingHours,
  quote,
  ruleBounds,
  type NumericSettingField,
  type Parsed,
} from './settingValues.js';
import { copySettings, overridesOf, type SettingsOverrides, type TeamSettings } from './settingsModel.js';

export type ApplySettingResult =
  | { ok: true; settings: TeamSettings; overrides: SettingsOverrides; summary: string }
  | { ok: false; error: string };

const OTHER_KEYS = ['timezone', 'hours', 'days', 'digest', 'skip_labels', 'urgent_labels', 'gate_dm', ...Object.values(NUMERIC_SETTINGS).map((s) => s.key)];

/** Every key people can set, for help texts and error messages. */
export const SETTING_KEYS: readonly string[] = Object.freeze([
  ...RULE_NAMES.flatMap((rule) => [`yellow.${rule}`, `red.${rule}`, rule]),
  ...OTHER_KEYS,
]);

const KEY_LIST = `yellow.RULE, red.RULE, RULE on|off (rules: ${RULE_NAMES.join(', ')}), ${OTHER_KEYS.join(', ')}`;
const onOff = (on: boolean) => (on ? 'on' : 'off');
const labelList = (labels: readonly string[]) => (labels.length === 0 ? 'none' : labels.join(', '));

export function applySetting(settings: TeamSettings, key: string, value: string): ApplySettingResult {
  const normalizedKey = key.trim().toLowerCase().replace(/-/g, '_');
  if (normalizedKey === '') return { ok: false, error: `Say which setting to change: /flow set KEY VALUE, with KEY one of ${KEY_LIST}.` };
  const next = copySettings(settings);
  const change = changeSetting(next, normalizedKey, value ?? '');
  if (!change.ok) return change;
  return { ok: true, settings: next, overrides: overridesOf(next), summary: change.value };
}

type Change = Parsed<string>;

function fail(key: string, problem: string, example: string): Change {
  return { ok: false, error: `${key} ${problem}. Example: /flow set ${key} ${example}` };
}

function changeSetting(next: TeamSettings, key: string, value: string): Change {
  if (value.trim() === '' && key !== 'skip_labels' && key !== 'urgent_labels') {
    return { ok: false, error: `Give a value for ${key}: /flow set ${key} VALUE.` };
  }
  const level = /^(yellow|red)\.(.+)$/.exec(key);
  if (level) return changeLevel(next, level[1] as 'yellow' | 'red', level[2]!, value);
  if (isRuleName(key)) {
    const parsed = parseOnOff(value);
    if (!parsed.ok) return fail(key, parsed.error, 'off');
    const before = next.rules[key].enabled;
    next.rules[key].enabled = parsed.value;
    return { ok: true, value: `${RULES[key].label} rule: ${onOff(before)} → ${onOff(parsed.value)}` };
  }
  switch (key) {
    case 'timezone':
    case 'time_zone':
    case 'tz': {
      const parsed = parseTimeZone(value);
      if (!parsed.ok) return fail('timezone', parsed.error, 'Europe/Berlin');
      const before = next.workingHours.timeZone;
      next.workingHours.timeZone = parsed.value;
      return { ok: true, value: `time zone: ${before} → ${parsed.value}` };
    }
    case 'hours': {
      const parsed = parseWorkingHours(value);
      if (!parsed.ok) return fail(key, parsed.error, '09:00-17:00');
      const before = `${next.workingHours.start}-${next.workingHours.end}`;
      next.workingHours.start = parsed.value.start;
      next.workingHours.end = parsed.value.end;
      return { ok: true, value: `working hours: ${before} → ${parsed.value.start}-${parsed.value.end}` };
    }
    case 'days': {
      const parsed = parseDays(value);
      if (!parsed.ok) return fail(key, parsed.error, 'mon-fri');
      const before = formatDays(next.workingHours.days);
      next.workingHours.days = parsed.value;
      return { ok: true, value: `working days: ${before} → ${formatDays(parsed.value)}` };
    }
    case 'digest': {
      const parsed = parseDigestTime(value);
      if (!parsed.ok) return fail(key, parsed.error, '09:30');
      const before = next.digestTime;
      next.digestTime = parsed.value;
      return { ok: true, value: `daily digest: ${before} → ${parsed.value}` };
    }
    case 'skip_labels':
    case 'urgent_labels': {
      const parsed = parseLabels(value);
      if (!parsed.ok) return fail(key, parsed.error, key === 'skip_labels' ? 'wip,on hold' : 'hotfix,urgent');
      const field = key === 'skip_labels' ? 'skipLabels' : 'urgentLabels';
      const before = next[field];
      next[field] = parsed.value;
      return { ok: true, value: `${key === 'skip_labels' ? 'skip' : 'urgent'} labels: ${labelList(before)} → ${labelList(parsed.value)}` };
    }
    case 'gate_dm': {
      const parsed = parseOnOff(value);
      if (!parsed.ok) return fail(key, parsed.error, 'off');
      const before = next.gateDms;
      next.gateDms = parsed.value;
      return { ok: true, value: `DM people opening PRs while red: ${onOff(before)} → ${onOff(parsed.value)}` };
    }
    default:
      return changeNumeric(next, key, value);
  }
}

function changeNumeric(next: TeamSettings, key: string, value: string): Change {
  const field = (Object.keys(NUMERIC_SETTINGS) as NumericSettingField[]).find((f) => NUMERIC_SETTINGS[f].key === key);
  if (!field) return { ok: false, error: `Unknown setting ${quote(key)}. Settings you can change: ${KEY_LIST}.` };
  const spec = NUMERIC_SETTINGS[field];
  const parsed = parseNumber(value, spec);
  if (!parsed.ok) return fail(key, parsed.error, spec.example);
  const before = next[field];
  next[field] = parsed.value;
  return { ok: true, value: `${spec.label}: ${formatNumber(before, 2)} → ${formatNumber(parsed.value, 2)} ${spec.unit}` };
}

function changeLevel(next: TeamSettings, level: 'yellow' | 'red', rule: string, value: string): Change {
  if (!isRuleName(rule)) {
    return { ok: false, error: `Unknown rule ${quote(rule)} in ${level}.${rule}. Rules: ${RULE_NAMES.join(', ')}. Example: /flow set ${level}.oldest_wait ${level === 'yellow' ? 6 : 12}` };
  }
  const key = `${level}.${rule}`;
  const bounds = ruleBounds(rule);
  const parsed = parseNumber(value, bounds);
  if (!parsed.ok) return fail(key, parsed.error, bounds.example);
  const levels = next.rules[rule];
  const other = level === 'yellow' ? levels.red : levels.yellow;
  if (level === 'yellow' ? parsed.value >= other : parsed.value <= other) return levelOrderError(rule, level, parsed.value, other);
  const before = levels[level];
  levels[level] = parsed.value;
  const spec = RULES[rule];
  return { ok: true, value: `${spec.label}: ${level} ${formatNumber(before, 2)} → ${formatNumber(parsed.value, 2)} ${spec.unit}` };
}

function levelOrderError(rule: RuleName, level: 'yellow' | 'red', value: number, other: number): Change {
  const unit = RULES[rule].unit;
  const [otherLevel, relation] = level === 'yellow' ? ['red', 'below'] : ['yellow', 'above'];
  const fix = level === 'yellow' ? `raise red.${rule} first, e.g. /flow set red.${rule} ${formatNumber(value * 2, 2)}` : `lower yellow.${rule} first, e.g. /flow set yellow.${rule} ${formatNumber(value / 2, 2)}`;
  return { ok: false, error: `${level}.${rule} must be ${relation} ${otherLevel}.${rule} (${formatNumber(other, 2)} ${unit}); got ${formatNumber(value, 2)}. To change both, ${fix}.` };
}
