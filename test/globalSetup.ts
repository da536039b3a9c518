import { ensureBuilt } from './prod/support/npmStart.js';

// Tests that run flowlight as users do (npm start, bin/flowlight, the demo) run the compiled dist/:
// build it once before them when the source changed since the last build, so they test this source.
export default function setup(): void {
  ensureBuilt();
}
