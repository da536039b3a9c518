import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

// The chart's typeface comes from the @fontsource/inter package, never from whatever fonts a server
// happens to have: the same picture on a laptop, in Docker and on CI.

export const CHART_FONT_FAMILY = 'Inter';
const require = createRequire(import.meta.url);
let registered = false;

/** Registers Inter (regular and bold) once per process; throws, naming the file, when it is missing. */
export function registerChartFonts(): void {
  if (registered) return;
  for (const weight of ['400', '700']) {
    const file = require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`);
    if (!GlobalFonts.registerFromPath(file, CHART_FONT_FAMILY)) {
      throw new Error(`The chart font ${file} could not be loaded: reinstall the @fontsource/inter package.`);
    }
  }
  registered = true;
}
