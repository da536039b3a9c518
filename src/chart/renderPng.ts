import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, type ChartConfiguration, type ChartType } from 'chart.js';
import { registerChartFonts } from './fonts.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Title);

/** Every chart's size: readable on a phone, and what Slack previews without cropping. */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 675;

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
