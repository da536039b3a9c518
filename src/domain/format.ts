// Numbers and durations worded for people, the same way in every message.

const formatters = new Map<number, Intl.NumberFormat>();

/** 1240 → "1,240"; 2.345 → "2.3" (decimals at most, trailing zeros dropped). */
export function formatNumber(value: number, decimals = 1): string {
  // Fast path for the common small numbers (suggestions format thousands of them); Intl otherwise.
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  if (Math.abs(rounded) < 1000) return rounded === 0 ? '0' : String(rounded);
  let formatter = formatters.get(decimals);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals });
    formatters.set(decimals, formatter);
  }
  return formatter.format(value);
}

export const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/**
 * A business-hours duration: business days when at least one working day, else hours, else
 * minutes. "1.5 days", "3 hours", "20 min".
 */
export function formatBusinessDuration(businessHours: number, dayHours: number): string {
  if (businessHours >= dayHours) {
    const days = businessHours / dayHours;
    return `${formatNumber(days)} ${plural(Number(formatNumber(days)), 'day', 'days')}`;
  }
  if (businessHours >= 1) {
    const hours = Number(formatNumber(businessHours));
    return `${formatNumber(businessHours)} ${plural(hours, 'hour', 'hours')}`;
  }
  return `${Math.max(1, Math.round(businessHours * 60))} min`;
}

/**
 * A wall-clock duration in the units business durations use: "45 min" (at least 1), then hours
 * from 90 minutes, days from 48 hours. "45 min", "1.5 hours", "2.3 days".
 */
export function formatElapsed(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 90) return `${Math.max(1, Math.round(minutes))} min`;
  const [amount, one, many] = minutes < 48 * 60 ? [minutes / 60, 'hour', 'hours'] : [minutes / 1440, 'day', 'days'];
  return `${formatNumber(amount)} ${plural(Number(formatNumber(amount)), one, many)}`;
}

/** How long ago, for people: "just now", "4 min ago", "3.5 hours ago", "2 days ago". */
export function formatAgo(then: Date, now: Date): string {
  const ms = now.getTime() - then.getTime();
  return ms < 60_000 ? 'just now' : `${formatElapsed(ms)} ago`;
}

/** Review effort: "about 20 min", "about 1.5 hours" (to the nearest 5 minutes below an hour). */
export function formatEffort(minutes: number): string {
  if (minutes < 60) return `about ${Math.max(5, Math.round(minutes / 5) * 5)} min`;
  const hours = Math.round(minutes / 30) / 2;
  return `about ${formatNumber(hours)} ${plural(hours, 'hour', 'hours')}`;
}
