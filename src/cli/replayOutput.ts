import { formatNumber } from '../domain/format.js';
import type { Reason } from '../domain/light.js';
import type { ReplayResult } from '../domain/replay.js';
import { RULE_NAMES } from '../domain/ruleCatalog.js';
import type { TeamSettings } from '../domain/settingsModel.js';
import type { LevelSuggestion } from '../domain/suggestLevels.js';
import type { Light } from '../domain/types.js';
import { printable } from '../printable.js';

// What `flowlight replay` prints: one JSON object (--json), or a table and a one-line summary.

const round1 = (n: number) => Math.round(n * 10) / 10;
const LIGHTS: Light[] = ['green', 'yellow', 'red', 'grey'];

/** The thresholds in effect, as `/flow set` keys: what `--set` and the suggestion speak too. */
export function effectiveSettings(settings: TeamSettings): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const rule of RULE_NAMES) {
    const levels = settings.rules[rule];
    out[rule] = levels.enabled ? 'on' : 'off';
    out[`yellow.${rule}`] = levels.yellow;
    out[`red.${rule}`] = levels.red;
  }
  out.cooldown = settings.coolDownMinutes;
  out.yellow_exit = settings.yellowExitRatio;
  out.timezone = settings.workingHours.timeZone;
  out.hours = `${settings.workingHours.start}-${settings.workingHours.end}`;
  return out;
}

const reasonJson = (r: Reason) => ({ rule: r.rule, value: round1(r.value), threshold: r.threshold, light: r.light, text: r.text });

/** The `--json` object: exactly the keys the README documents. */
export function toReplayJson(result: ReplayResult, suggestion: LevelSuggestion) {
  return {
    from: result.from.toISOString(),
    to: result.to.toISOString(),
    settings: effectiveSettings(result.settings),
    transitions: result.transitions.map((t) => ({ at: t.at.toISOString(), from: t.from, to: t.to, reasons: t.reasons.map(reasonJson) })),
    businessHoursIn: result.businessHoursIn,
    daily: result.daily,
    suggested: suggestion.kind === 'suggested' ? suggestion.changes : {},
  };
}

/** The readable form: per-day rows, the changes, the suggestion with its reason, then a one-line summary. */
export function formatReplayTable(repos: readonly string[], result: ReplayResult, suggestion: LevelSuggestion, suggestedOutcome: { transitions: number; hours: Record<Light, number> } | null): string {
  const zone = result.settings.workingHours.timeZone;
  const lines: string[] = [];
  lines.push(`Replay of ${repos.map(printable).join(', ')} from ${result.from.toISOString()} to ${result.to.toISOString()} (business hours in ${zone})`);
  lines.push('');
  lines.push(['date'.padEnd(10), 'light'.padEnd(6), 'awaiting'.padStart(8), 'reviews'.padStart(8), 'arrivals'.padStart(8)].join('  '));
  for (const day of result.daily) {
    lines.push([day.date, day.light.padEnd(6), String(day.awaitingReview).padStart(8), String(day.reviews).padStart(8), String(day.arrivals).padStart(8)].join('  '));
  }
  lines.push('');
  if (result.transitions.length === 0) lines.push('The light never changed.');
  for (const t of result.transitions) {
    const why = t.reasons.length > 0 ? `: ${t.reasons.map((r) => printable(r.text)).join('; ')}` : '';
    lines.push(`${t.at.toISOString().slice(0, 16).replace('T', ' ')}Z  ${t.from} → ${t.to}${why}`);
  }
  lines.push('');
  if (suggestion.kind === 'suggested') {
    const sets = Object.entries(suggestion.changes).map(([k, v]) => `${k}=${formatNumber(v, 2)}`);
    lines.push(sets.length > 0 ? `Suggested: --set ${sets.join(' --set ')}` : 'Suggested: keep the current levels.');
    lines.push(suggestion.explanation);
    if (suggestedOutcome && sets.length > 0) lines.push(`With them: ${hoursLine(suggestedOutcome.hours)}; ${changes(suggestedOutcome.transitions)}.`);
  } else {
    lines.push(suggestion.explanation);
  }
  lines.push('');
  lines.push(`Summary: ${changes(result.transitions.length)}; business hours ${hoursLine(result.businessHoursIn)}.`);
  return `${lines.join('\n')}\n`;
}

function hoursLine(hours: Record<Light, number>): string {
  return LIGHTS.map((light) => `${light} ${formatNumber(hours[light])}`).join(' · ');
}

function changes(count: number): string {
  return `${count} light ${count === 1 ? 'change' : 'changes'}`;
}
