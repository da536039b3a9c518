import type { ChartConfiguration } from 'chart.js';
import type { Light } from '../domain/types.js';
import { CHART_FONT_FAMILY } from './fonts.js';
import { CHART_FRAME, renderChartPng, whiteBackground } from './renderPng.js';

// The review queue per business day as a picture for Slack and the CLI: Chart.js draws it into an
// @napi-rs/canvas canvas. Each day's light is a full-height coloured band behind the queue line,
// and the thresholds (as queue lengths) are dashed lines. Sized and lettered for a phone screen.

export { CHART_HEIGHT, CHART_WIDTH } from './renderPng.js';

/** Band colours (translucent, so the grid and the line stay readable) and their opaque legend swatches. */
export const BAND_COLOURS: Record<Light, string> = {
  green: 'rgba(46, 160, 67, 0.35)',
  yellow: 'rgba(230, 180, 0, 0.45)',
  red: 'rgba(215, 58, 73, 0.45)',
  grey: 'rgba(140, 140, 140, 0.45)',
};
const QUEUE_COLOUR = '#1f2328';
const THRESHOLD_COLOURS = { yellow: '#9a6700', red: '#a40e26' };

export interface QueueChartDay {
  /** YYYY-MM-DD */
  date: string;
  light: Light;
  awaitingReview: number;
}

export interface QueueChartInput {
  title: string;
  days: readonly QueueChartDay[];
  /** the queue lengths at which the light turns yellow and red (queue per reviewer × reviewers); null: rule off */
  thresholds: { yellow: number | null; red: number | null };
}

/** The chart as PNG bytes, CHART_WIDTH × CHART_HEIGHT. */
export function renderQueueChart(input: QueueChartInput): Promise<Buffer> {
  return renderChartPng(queueChartConfig(input));
}

/** The Chart.js configuration: pure data, so tests can read it. */
export function queueChartConfig(input: QueueChartInput): ChartConfiguration<'bar' | 'line'> {
  const labels = input.days.map((day) => shortDate(day.date));
  const queue = input.days.map((day) => day.awaitingReview);
  const top = yAxisTop([...queue, input.thresholds.yellow ?? 0, input.thresholds.red ?? 0]);
  const threshold = (light: 'yellow' | 'red') => {
    const level = input.thresholds[light];
    if (level === null) return [];
    return [{ type: 'line' as const, label: `${light} at ${formatLevel(level)}`, data: input.days.map(() => level), borderColor: THRESHOLD_COLOURS[light], backgroundColor: THRESHOLD_COLOURS[light], borderWidth: 3, borderDash: [14, 8], pointRadius: 0, order: 1 }];
  };
  return {
    type: 'bar',
    plugins: [whiteBackground],
    data: {
      labels,
      datasets: [
        { type: 'line', label: 'awaiting review', data: queue, borderColor: QUEUE_COLOUR, backgroundColor: QUEUE_COLOUR, borderWidth: 5, pointRadius: 7, order: 0 },
        ...threshold('yellow'),
        ...threshold('red'),
        // The bands: one full-height bar per day in that day's light, behind everything else.
        { type: 'bar', label: 'light', data: input.days.map(() => top), backgroundColor: input.days.map((day) => BAND_COLOURS[day.light]), barPercentage: 1, categoryPercentage: 1, order: 2 },
      ],
    },
    options: {
      ...CHART_FRAME,
      plugins: {
        title: { display: true, text: input.title, font: { family: CHART_FONT_FAMILY, size: 34, weight: 'bold' }, color: QUEUE_COLOUR, padding: { bottom: 12 } },
        legend: { labels: { font: { family: CHART_FONT_FAMILY, size: 24 }, color: QUEUE_COLOUR, filter: (item) => item.text !== 'light', boxWidth: 40 } },
      },
      scales: {
        x: { grid: { display: false }, ticks: { font: { family: CHART_FONT_FAMILY, size: 24 }, color: QUEUE_COLOUR, maxRotation: 0, autoSkip: true } },
        y: { min: 0, max: top, beginAtZero: true, ticks: { font: { family: CHART_FONT_FAMILY, size: 24 }, color: QUEUE_COLOUR, precision: 0 }, title: { display: true, text: 'PRs awaiting review', font: { family: CHART_FONT_FAMILY, size: 24 }, color: QUEUE_COLOUR } },
      },
    },
  };
}

/** Room above the tallest value, rounded up to a whole PR, at least 2. */
export function yAxisTop(values: readonly number[]): number {
  const top = Math.max(2, Math.ceil(Math.max(0, ...values.filter(Number.isFinite)) * 1.15));
  // A top on the axis's own step, so the highest tick is not crowded by a lone odd one.
  const step = top <= 10 ? 1 : top <= 30 ? 2 : top <= 60 ? 5 : top <= 200 ? 10 : 50;
  return Math.ceil(top / step) * step;
}

function shortDate(date: string): string {
  const [, month, day] = date.split('-');
  return `${Number(day)}/${Number(month)}`;
}

function formatLevel(level: number): string {
  return Number.isInteger(level) ? String(level) : level.toFixed(1);
}
