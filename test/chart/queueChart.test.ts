import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { BAND_COLOURS, CHART_HEIGHT, CHART_WIDTH, queueChartConfig, renderQueueChart, yAxisTop, type QueueChartDay } from '../../src/chart/queueChart.js';
import type { Light } from '../../src/domain/types.js';

// The PNG is decoded and its pixels sampled: each day's band must be the colour of that day's light,
// where the data puts that day on the x axis.

const LIGHTS: Light[] = ['green', 'green', 'yellow', 'yellow', 'red', 'red', 'yellow', 'green', 'grey', 'green'];
const QUEUE = [1, 3, 7, 8, 13, 12, 8, 4, 2, 1];
const days: QueueChartDay[] = LIGHTS.map((light, i) => ({ date: `2026-11-${String(16 + i).padStart(2, '0')}`, light, awaitingReview: QUEUE[i]! }));

/** A band's colour over white, as the PNG shows it. */
function blendOverWhite(rgba: string): [number, number, number] {
  const [r, g, b, a] = rgba.match(/[\d.]+/g)!.map(Number) as [number, number, number, number];
  return [r, g, b].map((c) => Math.round(c * a + 255 * (1 - a))) as [number, number, number];
}

describe('the queue chart', () => {
  it('is a PNG of 1200×675 whose band over each day has that day\'s light', async () => {
    const png = await renderQueueChart({ title: 'acme/api', days, thresholds: { yellow: 6, red: 12 } });
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);

    // Where Chart.js put each day: the category scale of the same configuration, laid out again.
    const { Chart } = await import('chart.js');
    const layout = createCanvas(CHART_WIDTH, CHART_HEIGHT);
    const chart = new Chart(layout.getContext('2d') as unknown as CanvasRenderingContext2D, queueChartConfig({ title: 'acme/api', days, thresholds: { yellow: 6, red: 12 } }));
    const xs = days.map((_, i) => chart.scales.x!.getPixelForValue(i));
    // Just above the x axis, below every line: only the band is there.
    const y = Math.round(chart.scales.y!.getPixelForValue(0.3));
    chart.destroy();

    LIGHTS.forEach((light, i) => {
      // Off the day's centre, so the vertical grid line (if any) is not what we read.
      const x = Math.round(xs[i]! + (xs[1]! - xs[0]!) * 0.3);
      const [r, g, b] = context.getImageData(x, y, 1, 1).data;
      const expected = blendOverWhite(BAND_COLOURS[light]);
      for (let c = 0; c < 3; c += 1) expect(Math.abs([r, g, b][c]! - expected[c]!), `${days[i]!.date} ${light}: ${[r, g, b]} vs ${expected}`).toBeLessThanOrEqual(6);
    });
  });

  it('draws the thresholds as lines at their queue lengths, and leaves out a rule that is off', () => {
    const config = queueChartConfig({ title: 't', days, thresholds: { yellow: 6, red: null } });
    const lines = config.data.datasets.filter((d) => d.label?.includes(' at '));
    expect(lines.map((d) => [d.label, d.data[0]])).toEqual([['yellow at 6', 6]]);
  });

  it('puts the top of the axis above the tallest value, on a round step', () => {
    expect(yAxisTop([0])).toBe(2);
    expect(yAxisTop([13, 12])).toBe(16);
    expect(yAxisTop([4])).toBe(5);
    expect(yAxisTop([90])).toBe(110);
  });
});
