import type { Summary } from './stats.js';

// Markdown for the results files and the README: tables, numbers with their spread.

export function markdownTable(headers: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const align = headers.map((_, i) => (i === 0 ? '---' : '---:'));
  return [headers, align, ...rows].map((row) => `| ${row.map(escape).join(' | ')} |`).join('\n');
}

/** 1234.5 → "1,235"; 12.34 → "12.3"; 0.1234 → "0.12": enough digits to compare, no more. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** "median (min–max)", or just the value when every run agreed. */
export function medianWithRange(summary: Summary, unit = ''): string {
  const median = `${num(summary.median)}${unit}`;
  if (summary.min === summary.max) return median;
  return `${median} (${num(summary.min)}–${num(summary.max)})`;
}

export const mb = (bytes: number) => `${num(bytes / 1024 / 1024)} MB`;

/** "median MB (min–max)" for byte counts. */
export function mbWithRange(summary: Summary): string {
  const toMb = (bytes: number) => bytes / 1024 / 1024;
  return medianWithRange({ ...summary, median: toMb(summary.median), min: toMb(summary.min), max: toMb(summary.max) }, ' MB');
}
