import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTING_KEYS, applySetting, describeSettings, resolveSettings, type TeamSettings } from '../../src/domain/settings.js';
import { FlowlightError } from '../../src/errors.js';

function applied(key: string, value: string, settings: TeamSettings = DEFAULT_SETTINGS) {
  const result = applySetting(settings, key, value);
  if (!result.ok) throw new Error(`expected ${key} ${value} to be accepted: ${result.error}`);
  return result;
}

function refused(key: string, value: string, settings: TeamSettings = DEFAULT_SETTINGS): string {
  const result = applySetting(settings, key, value);
  if (result.ok) throw new Error(`expected ${key} ${value} to be refused`);
  return result.error;
}

describe('reading stored overrides', () => {
  it.each([[undefined], [null], [''], ['{}'], [{}]])('%j gives the defaults', (stored) => {
    expect(resolveSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('merges partial overrides over the defaults', () => {
    const settings = resolveSettings({ rules: { oldest_wait: { yellow: 6 } }, workingHours: { timeZone: 'Europe/Berlin' }, gateDms: false });
    expect(settings.rules.oldest_wait).toEqual({ enabled: true, yellow: 6, red: 16 });
    expect(settings.workingHours).toEqual({ timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
    expect(settings.gateDms).toBe(false);
    expect(settings.rules.queue_per_reviewer).toEqual(DEFAULT_SETTINGS.rules.queue_per_reviewer);
  });

  it('reads the JSON text the store keeps', () => {
    expect(resolveSettings('{"coolDownMinutes": 10}').coolDownMinutes).toBe(10);
  });

  it('ignores keys it does not know, so newer stores still load', () => {
    expect(resolveSettings({ someFutureSetting: 1, rules: { future_rule: { yellow: 1 } } })).toEqual(DEFAULT_SETTINGS);
  });

  it('never hands out the frozen defaults themselves', () => {
    const settings = resolveSettings({});
    settings.rules.oldest_wait.yellow = 1;
    expect(DEFAULT_SETTINGS.rules.oldest_wait.yellow).toBe(8);
  });

  it.each([
    [{ rules: { oldest_wait: { yellow: -1 } } }, /stored setting yellow\.oldest_wait must be a number above 0 and at most 2,000 business hours \(got "-1"\)\. Fix it with \/flow set yellow\.oldest_wait 6/],
    [{ rules: { oldest_wait: { yellow: 20 } } }, /red\.oldest_wait is not above its yellow level.*20 business hours.*16 business hours/],
    [{ rules: { expected_wait: { enabled: 'yes' } } }, /expected_wait must be on or off/],
    [{ workingHours: { timeZone: 'Mars/Olympus' } }, /stored setting timezone must be an IANA time zone/],
    [{ workingHours: { start: '18:00' } }, /stored setting hours must start before it ends/],
    [{ workingHours: { days: [] } }, /stored setting days must be a non-empty list/],
    [{ coolDownMinutes: 'soon' }, /stored setting cooldown must be a whole number from 0 to 1,440 minutes/],
    [{ skipLabels: 'wip' }, /stored setting skip_labels must be a list of label names/],
    ['{not json', /not valid JSON/],
    ['[1,2]', /must be a JSON object/],
  ])('refuses %j naming the setting', (stored, message) => {
    expect(() => resolveSettings(stored)).toThrow(FlowlightError);
    expect(() => resolveSettings(stored)).toThrow(message);
  });
});

describe('/flow set: accepted changes', () => {
  it.each([
    ['yellow.oldest_wait', '6', 'oldest wait: yellow 8 → 6 business hours'],
    ['red.queue_per_reviewer', '3', 'PRs awaiting review per reviewer: red 2 → 3 PRs per reviewer'],
    ['yellow.lines-per-reviewer', '250', 'changed lines awaiting review per reviewer: yellow 400 → 250 lines per reviewer'],
    ['expected_wait', 'off', 'expected wait rule: on → off'],
    ['timezone', 'europe/berlin', 'time zone: UTC → Europe/Berlin'],
    ['hours', '8:30 - 16:30', 'working hours: 09:00-17:00 → 08:30-16:30'],
    ['hours', '00:00-24:00', 'working hours: 09:00-17:00 → 00:00-24:00'],
    ['days', 'mon,tue,thu', 'working days: mon-fri → mon,tue,thu'],
    ['days', 'sun-thu', 'working days: mon-fri → mon-thu,sun'],
    ['digest', '10:00', 'daily digest: 09:30 → 10:00'],
    ['skip_labels', 'wip, Parked ,wip', 'skip labels: wip, do not review, on hold → wip, Parked'],
    ['urgent_labels', 'none', 'urgent labels: hotfix, urgent, incident → none'],
    ['gate_dm', 'off', 'DM people opening PRs while red: on → off'],
    ['oversized_lines', '800', 'oversized PRs: 1,000 → 800 changed lines'],
    ['cooldown', '0', 'cool-down: 120 → 0 minutes'],
    ['claim_hours', '1.5', 'claims last: 2 → 1.5 business hours'],
    ['YELLOW.OLDEST_WAIT', '7.5', 'oldest wait: yellow 8 → 7.5 business hours'],
  ])('%s %s → "%s"', (key, value, summary) => {
    expect(applied(key, value).summary).toBe(summary);
  });

  it('stores only what differs from the defaults', () => {
    const first = applied('yellow.oldest_wait', '6');
    const second = applied('timezone', 'Europe/Berlin', first.settings);
    expect(second.overrides).toEqual({ rules: { oldest_wait: { yellow: 6 } }, workingHours: { timeZone: 'Europe/Berlin' } });
    expect(resolveSettings(JSON.parse(JSON.stringify(second.overrides)))).toEqual(second.settings);
  });

  it('setting a value back to its default removes the override', () => {
    const changed = applied('cooldown', '10');
    expect(applied('cooldown', '120', changed.settings).overrides).toEqual({});
  });

  it('does not change the settings it was given', () => {
    applied('yellow.oldest_wait', '6');
    expect(DEFAULT_SETTINGS.rules.oldest_wait.yellow).toBe(8);
  });
});

describe('/flow set: refused changes say what is wrong, the allowed range and an example', () => {
  it.each([
    ['yellow.oldest_wait', 'soon', 'yellow.oldest_wait must be a number above 0 and at most 2,000 business hours (got "soon"). Example: /flow set yellow.oldest_wait 6'],
    ['yellow.oldest_wait', '-4', 'yellow.oldest_wait must be a number above 0 and at most 2,000 business hours (got "-4"). Example: /flow set yellow.oldest_wait 6'],
    ['yellow.oldest_wait', '0', 'yellow.oldest_wait must be a number above 0 and at most 2,000 business hours (got "0"). Example: /flow set yellow.oldest_wait 6'],
    ['red.oldest_wait', '1e400', 'red.oldest_wait must be a number above 0 and at most 2,000 business hours (got "1e400"). Example: /flow set red.oldest_wait 6'],
    ['red.lines_per_reviewer', '99999999', 'red.lines_per_reviewer must be a number above 0 and at most 1,000,000 lines per reviewer (got "99999999"). Example: /flow set red.lines_per_reviewer 600'],
    ['yellow.oldest_wait', '16', 'yellow.oldest_wait must be below red.oldest_wait (16 business hours); got 16. To change both, raise red.oldest_wait first, e.g. /flow set red.oldest_wait 32.'],
    ['red.queue_per_reviewer', '0.5', 'red.queue_per_reviewer must be above yellow.queue_per_reviewer (1 PRs per reviewer); got 0.5. To change both, lower yellow.queue_per_reviewer first, e.g. /flow set yellow.queue_per_reviewer 0.25.'],
    ['yellow.review_speed', '3', 'Unknown rule "review_speed" in yellow.review_speed. Rules: queue_per_reviewer, oldest_wait, expected_wait, lines_per_reviewer. Example: /flow set yellow.oldest_wait 6'],
    ['oldest_wait', 'maybe', 'oldest_wait must be on or off (got "maybe"). Example: /flow set oldest_wait off'],
    ['timezone', 'Mars/Olympus', 'timezone must be an IANA time zone such as Europe/Berlin, America/New_York or UTC (got "Mars/Olympus"). Example: /flow set timezone Europe/Berlin'],
    ['hours', '17:00-09:00', 'hours must start before it ends, e.g. 09:00-17:00 (got "17:00-09:00"). Example: /flow set hours 09:00-17:00'],
    ['hours', '9-5', 'hours must be HH:MM-HH:MM, e.g. 09:00-17:00 (got "9-5"). Example: /flow set hours 09:00-17:00'],
    ['hours', '09:00-25:00', 'hours must be HH:MM-HH:MM, e.g. 09:00-17:00 (got "09:00-25:00"). Example: /flow set hours 09:00-17:00'],
    ['days', 'weekdays', 'days must be days like mon-fri or mon,tue,thu (got "weekdays"). Example: /flow set days mon-fri'],
    ['digest', '24:00', 'digest must be a local time HH:MM from 00:00 to 23:59, e.g. 09:30 (got "24:00"). Example: /flow set digest 09:30'],
    ['cooldown', '2.5', 'cooldown must be a whole number from 0 to 1,440 minutes (got "2.5"). Example: /flow set cooldown 15'],
    ['oversized_lines', '', 'Give a value for oversized_lines: /flow set oversized_lines VALUE.'],
  ])('%s %j', (key, value, message) => {
    expect(refused(key, value)).toBe(message);
  });

  it('an unknown key lists the keys', () => {
    const message = refused('colour', 'red');
    expect(message).toMatch(/^Unknown setting "colour"\. Settings you can change: yellow\.RULE, red\.RULE, RULE on\|off \(rules: queue_per_reviewer, oldest_wait, expected_wait, lines_per_reviewer\), timezone, hours, days, digest, skip_labels, urgent_labels, gate_dm, cooldown, oversized_lines/);
  });

  it('a 5,000-character value is echoed briefly, never whole', () => {
    const message = refused('timezone', 'x'.repeat(5000));
    expect(message.length).toBeLessThan(300);
    expect(message).toContain('…');
  });

  it('too many labels are refused', () => {
    expect(refused('skip_labels', Array.from({ length: 51 }, (_, i) => `l${i}`).join(','))).toMatch(/at most 50 labels/);
  });
});

describe('/flow config', () => {
  it('describes every setting people can set, with its value', () => {
    const rows = describeSettings(DEFAULT_SETTINGS);
    expect(rows.find((row) => row.key === 'oldest_wait')).toEqual({
      key: 'oldest_wait',
      value: 'yellow 8 · red 16 business hours',
      help: 'oldest wait: /flow set yellow.oldest_wait N, /flow set red.oldest_wait N, /flow set oldest_wait on|off',
    });
    expect(rows.find((row) => row.key === 'days')?.value).toBe('mon-fri');
    expect(rows.find((row) => row.key === 'skip_labels')?.value).toBe('wip, do not review, on hold');
    const settable = new Set(SETTING_KEYS.map((key) => key.replace(/^(yellow|red)\./, '')));
    for (const row of rows) expect(settable.has(row.key)).toBe(true);
  });

  it('shows a switched-off rule as off with its levels', () => {
    const off = applied('expected_wait', 'off').settings;
    expect(describeSettings(off).find((row) => row.key === 'expected_wait')?.value).toBe('off (yellow 1 · red 2 business days)');
  });
});
