// Stored overrides → the team's settings. Stored data that does not validate is an error naming
// the setting, never silently replaced: a light computed from settings nobody chose would lie.

import { FlowlightError } from './errors.js';
import { RULES, isRuleName } from './ruleCatalog.js';
import {
  NUMERIC_SETTINGS,
  checkDays,
  checkLabels,
  checkNumber,
  levelOrderProblem,
  parseDigestTime,
  parseTimeZone,
  parseWorkingHours,
  quote,
  ruleBounds,
  type NumericSettingField,
  type Parsed,
} from './settingValues.js';
import { DEFAULT_SETTINGS, copySettings, type TeamSettings } from './settingsModel.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(flowKey: string, problem: string, example: string): never {
  throw new FlowlightError('settings_invalid', `The stored setting ${flowKey} ${problem}. Fix it with /flow set ${flowKey} ${example}.`, { key: flowKey });
}

function take<T>(parsed: Parsed<T>, flowKey: string, example: string): T {
  if (!parsed.ok) invalid(flowKey, parsed.error, example);
  return parsed.value;
}

/**
 * Merges stored overrides (an object or its JSON text; null/empty for none) over the defaults
 * and validates the result. Unknown keys are ignored, so a store written by a newer flowlight
 * still loads. Throws FlowlightError('settings_invalid') naming the bad setting.
 */
export function resolveSettings(stored: unknown): TeamSettings {
  const overrides = parseStored(stored);
  const settings = copySettings(DEFAULT_SETTINGS);

  if (overrides.rules !== undefined) {
    if (!isPlainObject(overrides.rules)) invalid('rules', `must be an object of rule levels (got ${quote(overrides.rules)})`, 'yellow.oldest_wait 8');
    for (const [rule, levels] of Object.entries(overrides.rules)) {
      if (!isRuleName(rule)) continue;
      if (!isPlainObject(levels)) invalid(rule, `must hold enabled, yellow and red (got ${quote(levels)})`, 'on');
      const bounds = ruleBounds(rule);
      if (levels.enabled !== undefined) {
        if (typeof levels.enabled !== 'boolean') invalid(rule, `must be on or off (got ${quote(levels.enabled)})`, 'on');
        settings.rules[rule].enabled = levels.enabled;
      }
      for (const level of ['yellow', 'red'] as const) {
        if (levels[level] !== undefined) settings.rules[rule][level] = take(checkNumber(levels[level], bounds), `${level}.${rule}`, bounds.example);
      }
    }
  }

  for (const field of Object.keys(NUMERIC_SETTINGS) as NumericSettingField[]) {
    const spec = NUMERIC_SETTINGS[field];
    if (overrides[field] !== undefined) settings[field] = take(checkNumber(overrides[field], spec), spec.key, spec.example);
  }
  if (overrides.skipLabels !== undefined) settings.skipLabels = take(checkLabels(overrides.skipLabels), 'skip_labels', 'wip,on hold');
  if (overrides.urgentLabels !== undefined) settings.urgentLabels = take(checkLabels(overrides.urgentLabels), 'urgent_labels', 'hotfix,urgent');
  if (overrides.digestTime !== undefined) settings.digestTime = take(parseDigestTime(String(overrides.digestTime)), 'digest', '09:30');
  if (overrides.gateDms !== undefined) {
    if (typeof overrides.gateDms !== 'boolean') invalid('gate_dm', `must be on or off (got ${quote(overrides.gateDms)})`, 'on');
    settings.gateDms = overrides.gateDms;
  }
  if (overrides.workingHours !== undefined) applyStoredHours(settings, overrides.workingHours);

  const order = levelOrderProblem(settings);
  if (order) invalid(`red.${order.rule}`, `is not above its yellow level: ${order.error}`, String(RULES[order.rule].defaultRed));
  return settings;
}

function applyStoredHours(settings: TeamSettings, stored: unknown): void {
  if (!isPlainObject(stored)) invalid('hours', `must be an object (got ${quote(stored)})`, '09:00-17:00');
  const hours = settings.workingHours;
  if (stored.timeZone !== undefined) hours.timeZone = take(parseTimeZone(String(stored.timeZone)), 'timezone', 'Europe/Berlin');
  if (stored.days !== undefined) hours.days = take(checkDays(stored.days), 'days', 'mon-fri');
  const start = stored.start === undefined ? hours.start : String(stored.start);
  const end = stored.end === undefined ? hours.end : String(stored.end);
  const range = take(parseWorkingHours(`${start}-${end}`), 'hours', '09:00-17:00');
  hours.start = range.start;
  hours.end = range.end;
}

function parseStored(stored: unknown): Record<string, unknown> {
  if (stored === null || stored === undefined || stored === '') return {};
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      throw new FlowlightError('settings_invalid', `The stored team settings are not valid JSON (${quote(stored)}). Reset a setting with /flow set, or store {} to return to the defaults.`);
    }
  }
  if (!isPlainObject(value)) {
    throw new FlowlightError('settings_invalid', `The stored team settings must be a JSON object (got ${quote(value)}). Store {} to return to the defaults.`);
  }
  return value;
}

