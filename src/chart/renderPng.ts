import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, type ChartConfiguration, type ChartType, type Plugin } from 'chart.js';
import { CHART_FONT_FAMILY, registerChartFonts } from './fonts.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Title);

/** Every chart's size: readable on a phone, and what Slack previews without cropping. */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 675;

/** What every chart's options share: drawn once at a fixed size, no animation, Inter, the same margins. */
export const CHART_FRAME = {
  responsive: false,
  animation: false,
  devicePixelRatio: 1,
  font: { family: CHART_FONT_FAMILY },
  layout: { padding: { left: 16, right: 32, top: 8, bottom: 16 } },
} as const;

/** Chart.js clears the canvas to transparent; Slack's dark mode would show through. (The Chart.js docs' canvas-background plugin.) */
export const whiteBackground: Plugin<'bar' | 'line'> = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** A Chart.js configuration drawn once into an @napi-rs/canvas canvas, as PNG bytes of CHART_WIDTH × CHART_HEIGHT. */
export async function renderChartPng<T extends ChartType>(config: ChartConfiguration<T>): Promise<Buffer> {
  registerChartFonts();
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, config);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
