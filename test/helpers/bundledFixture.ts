import fs from 'node:fs';
import path from 'node:path';
import { build, stop } from 'esbuild';
import { ROOT } from './childProcess.js';

// A child-process fixture that imports the compiled build (dist/, per file) bundled into one file, the way
// the bot's own entry is shipped: a child then loads one file instead of resolving a thousand modules,
// which cost about 0.8 s of CPU per start, paid again by every kill-and-restart. The code it runs is the
// same dist/ code. Native packages stay outside the bundle and resolve from the checkout's node_modules.

/** Bundles `fixture` into a new folder under node_modules/.cache (so node_modules resolves from it); remove it with `dispose`. */
export async function bundledFixture(fixture: string): Promise<{ file: string; dispose(): void }> {
  const cache = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'flowlight-fixture-'));
  const file = path.join(dir, path.basename(fixture));
  await build({
    entryPoints: [fixture],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', '@napi-rs/canvas', 'pg-native'],
    // CommonJS packages inside an ESM bundle still call require(): give them one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  await stop(); // esbuild's service process ends here rather than lingering in the test worker
  return { file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
