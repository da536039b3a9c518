// A team's settings: the model and defaults, reading stored overrides, /flow set and /flow config.

export { DEFAULT_SETTINGS, overridesOf, copySettings, type RuleLevels, type RuleName, type SettingsOverrides, type TeamSettings } from './settingsModel.js';
export { RULES, RULE_NAMES, isRuleName, type RuleSpec } from './ruleCatalog.js';
export { resolveSettings } from './resolveSettings.js';
export { applySetting, SETTING_KEYS, type ApplySettingResult } from './applySetting.js';
export { describeSettings, type SettingDescription } from './describeSettings.js';
