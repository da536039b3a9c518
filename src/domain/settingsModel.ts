// A team's settings: defaults from DESIGN.md, and the overrides a team stored on top of them.

import { RULES, RULE_NAMES, type RuleName } from './ruleCatalog.js';
import { DEFAULT_SKIP_LABELS, DEFAULT_URGENT_LABELS, DEFAULT_WORKING_HOURS, type RuleLevels, type TeamSettings, type WorkingHours } from './types.js';

export type { RuleName } from './ruleCatalog.js';
// Defined with the other domain types (a team snapshot carries them); most code imports them from here.
export type { RuleLevels, TeamSettings } from './types.js';

const defaultRules = Object.fromEntries(
  RULE_NAMES.map((name) => [name, { enabled: true, yellow: RULES[name].defaultYellow, red: RULES[name].defaultRed }]),
) as Record<RuleName, RuleLevels>;

export const DEFAULT_SETTINGS: TeamSettings = deepFreeze({
  rules: defaultRules,
  coolDownMinutes: 120,
  yellowExitRatio: 0.5,
  skipLabels: [...DEFAULT_SKIP_LABELS],
  urgentLabels: [...DEFAULT_URGENT_LABELS],
  urgentMultiplier: 3,
  workingHours: { ...DEFAULT_WORKING_HOURS, days: [...DEFAULT_WORKING_HOURS.days] },
  digestTime: '09:30',
  gateDms: true,
  oversizedLines: 1000,
  claimBusinessHours: 2,
  staleAfterPolls: 3,
});

/**
 * What a team stores: only the values that differ from the defaults, in the shape of
 * TeamSettings with every level optional. Values equal to a default are dropped, so a better
 * default reaches every team that never chose otherwise.
 */
export interface SettingsOverrides {
  rules?: Partial<Record<RuleName, Partial<RuleLevels>>>;
  coolDownMinutes?: number;
  yellowExitRatio?: number;
  skipLabels?: string[];
  urgentLabels?: string[];
  urgentMultiplier?: number;
  workingHours?: Partial<WorkingHours>;
  digestTime?: string;
  gateDms?: boolean;
  oversizedLines?: number;
  claimBusinessHours?: number;
  staleAfterPolls?: number;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/** The overrides that turn the defaults into these settings. */
export function overridesOf(settings: TeamSettings, defaults: TeamSettings = DEFAULT_SETTINGS): SettingsOverrides {
  const overrides: SettingsOverrides = {};
  const rules: Partial<Record<RuleName, Partial<RuleLevels>>> = {};
  for (const name of RULE_NAMES) {
    const changed: Partial<RuleLevels> = {};
    for (const field of ['enabled', 'yellow', 'red'] as const) {
      if (settings.rules[name][field] !== defaults.rules[name][field]) (changed as Record<string, unknown>)[field] = settings.rules[name][field];
    }
    if (Object.keys(changed).length > 0) rules[name] = changed;
  }
  if (Object.keys(rules).length > 0) overrides.rules = rules;
  const hours: Partial<WorkingHours> = {};
  if (settings.workingHours.timeZone !== defaults.workingHours.timeZone) hours.timeZone = settings.workingHours.timeZone;
  if (!sameList(settings.workingHours.days, defaults.workingHours.days)) hours.days = [...settings.workingHours.days];
  if (settings.workingHours.start !== defaults.workingHours.start) hours.start = settings.workingHours.start;
  if (settings.workingHours.end !== defaults.workingHours.end) hours.end = settings.workingHours.end;
  if (Object.keys(hours).length > 0) overrides.workingHours = hours;
  if (!sameList(settings.skipLabels, defaults.skipLabels)) overrides.skipLabels = [...settings.skipLabels];
  if (!sameList(settings.urgentLabels, defaults.urgentLabels)) overrides.urgentLabels = [...settings.urgentLabels];
  for (const key of ['coolDownMinutes', 'yellowExitRatio', 'urgentMultiplier', 'digestTime', 'gateDms', 'oversizedLines', 'claimBusinessHours', 'staleAfterPolls'] as const) {
    if (settings[key] !== defaults[key]) (overrides as Record<string, unknown>)[key] = settings[key];
  }
  return overrides;
}

/** A deep, mutable copy (settings are values: changes make new ones). */
export function copySettings(settings: TeamSettings): TeamSettings {
  return {
    ...settings,
    rules: Object.fromEntries(RULE_NAMES.map((name) => [name, { ...settings.rules[name] }])) as Record<RuleName, RuleLevels>,
    skipLabels: [...settings.skipLabels],
    urgentLabels: [...settings.urgentLabels],
    workingHours: { ...settings.workingHours, days: [...settings.workingHours.days] },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
