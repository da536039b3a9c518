// `/flow config`: every setting, its current value and how to change it.

import { formatNumber } from './format.js';
import { RULES, RULE_NAMES } from './ruleCatalog.js';
import { NUMERIC_SETTINGS, formatDays, type NumericSettingField } from './settingValues.js';
import type { TeamSettings } from './settingsModel.js';

export interface SettingDescription {
  key: string;
  value: string;
  help: string;
}

export function describeSettings(settings: TeamSettings): SettingDescription[] {
  const rules = RULE_NAMES.map((rule) => {
    const levels = settings.rules[rule];
    const spec = RULES[rule];
    const range = `yellow ${formatNumber(levels.yellow, 2)} · red ${formatNumber(levels.red, 2)} ${spec.unit}`;
    return {
      key: rule,
      value: levels.enabled ? range : `off (${range})`,
      help: `${spec.label}: /flow set yellow.${rule} N, /flow set red.${rule} N, /flow set ${rule} on|off`,
    };
  });
  const hours = settings.workingHours;
  const labels = (list: readonly string[]) => (list.length === 0 ? 'none' : list.join(', '));
  const numeric = (Object.keys(NUMERIC_SETTINGS) as NumericSettingField[]).map((field) => {
    const spec = NUMERIC_SETTINGS[field];
    return { key: spec.key, value: `${formatNumber(settings[field], 2)} ${spec.unit}`, help: spec.help };
  });
  return [
    ...rules,
    { key: 'timezone', value: hours.timeZone, help: 'the team time zone (IANA), e.g. Europe/Berlin' },
    { key: 'hours', value: `${hours.start}-${hours.end}`, help: 'working hours, local time, e.g. 09:00-17:00' },
    { key: 'days', value: formatDays(hours.days), help: 'working days, e.g. mon-fri or mon,tue,thu' },
    { key: 'digest', value: settings.digestTime, help: 'local time of the daily digest on working days' },
    { key: 'skip_labels', value: labels(settings.skipLabels), help: 'PRs with these labels stay out of the queue (comma list, or none)' },
    { key: 'urgent_labels', value: labels(settings.urgentLabels), help: 'PRs with these labels are suggested first (comma list, or none)' },
    { key: 'gate_dm', value: settings.gateDms ? 'on' : 'off', help: 'while red, DM people who open a PR with a review to pick up first' },
    ...numeric,
  ];
}
