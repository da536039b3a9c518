import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/chart/queueChart.js';
import { renderWaitTrendChart, WAIT_COLOURS, waitTrendConfig } from '../../src/chart/waitTrendChart.js';
import type { WeekOfWaits } from '../../src/domain/waitTrend.js';

// The report's picture, decoded: each week's bar is grey before flowlight and blue since, as tall as
// its median wait, where the data puts that week on the x axis.

const WEEK = 7 * 86_400_000;
const start = new Date('2026-10-05T09:00:00Z').getTime();
const MEDIANS = [6, 5, 7, 5, 2, 1, 2, 1];
const weeks: WeekOfWaits[] = MEDIANS.map((median, i) => ({ side: i < 4 ? 'before' : 'after', from: new Date(start + i * WEEK), medianWaitHours: median, prs: 10 }));

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

describe('the wait trend chart', () => {
  it('is a 1200×675 PNG with a grey bar for each week before and a blue one for each week since, as tall as its median', async () => {
    const png = await renderWaitTrendChart(weeks, 'Wait to first review, per week');
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);

    const { Chart } = await import('chart.js');
    const layout = createCanvas(CHART_WIDTH, CHART_HEIGHT);
    const chart = new Chart(layout.getContext('2d') as unknown as CanvasRenderingContext2D, waitTrendConfig(weeks, 'Wait to first review, per week'));
    const xs = weeks.map((_, i) => Math.round(chart.scales.x!.getPixelForValue(i)));
    const y = chart.scales.y!;
    const pixel = (x: number, at: number) => [...context.getImageData(x, Math.round(y.getPixelForValue(at)), 1, 1).data.slice(0, 3)];
    weeks.forEach((week, i) => {
      const colour = rgb(WAIT_COLOURS[week.side]);
      // Inside the bar just under its top, and above it nothing of the bar's colour.
      expect(pixel(xs[i]!, week.medianWaitHours! - 0.2)).toEqual(colour);
      expect(pixel(xs[i]!, week.medianWaitHours! + 0.3)).not.toEqual(colour);
    });
    chart.destroy();
  });
});
