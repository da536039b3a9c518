import type { ChartConfiguration } from 'chart.js';
import type { WeekOfWaits } from '../domain/waitTrend.js';
import { CHART_FONT_FAMILY } from './fonts.js';
import { CHART_FRAME, renderChartPng, whiteBackground } from './renderPng.js';

// The report's picture: the median wait to a first review per week, the weeks before flowlight in
// grey and the weeks since in blue, drawn the same way as the queue chart (Chart.js on @napi-rs/canvas,
// Inter from @fontsource), at the same phone-readable size.

export const WAIT_COLOURS = { before: '#8c959f', after: '#0969da' } as const;
const TEXT = '#1f2328';

export function renderWaitTrendChart(weeks: readonly WeekOfWaits[], title: string): Promise<Buffer> {
  return renderChartPng(waitTrendConfig(weeks, title));
}

export function waitTrendConfig(weeks: readonly WeekOfWaits[], title: string): ChartConfiguration<'bar'> {
  const font = (size: number) => ({ family: CHART_FONT_FAMILY, size });
  const values = (side: WeekOfWaits['side']) => weeks.map((w) => (w.side === side ? w.medianWaitHours ?? 0 : null));
  return {
    type: 'bar',
    plugins: [whiteBackground],
    data: {
      labels: weeks.map((w) => `${w.from.getUTCDate()}/${w.from.getUTCMonth() + 1}`),
      datasets: [
        { label: 'before flowlight', data: values('before'), backgroundColor: WAIT_COLOURS.before, barPercentage: 0.8, categoryPercentage: 1 },
        { label: 'since', data: values('after'), backgroundColor: WAIT_COLOURS.after, barPercentage: 0.8, categoryPercentage: 1 },
      ],
    },
    options: {
      ...CHART_FRAME,
      plugins: {
        title: { display: true, text: title, font: { ...font(34), weight: 'bold' }, color: TEXT, padding: { bottom: 12 } },
        legend: { labels: { font: font(24), color: TEXT, boxWidth: 40 } },
      },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { font: font(24), color: TEXT, maxRotation: 0, autoSkip: true } },
        y: { stacked: true, min: 0, beginAtZero: true, grace: '15%', ticks: { font: font(24), color: TEXT }, title: { display: true, text: 'median wait to 1st review (business h)', font: font(22), color: TEXT } },
      },
    },
  };
}
