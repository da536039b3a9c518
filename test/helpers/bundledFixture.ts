import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
// @ts-expect-error: the build's plain .mjs script, no type declarations
import { bundleOptions } from '../../scripts/bundle.mjs';
import { ROOT } from '../prod/support/npmStart.js';

// A child-process fixture that imports the compiled dist/ modules, bundled with them into one file the way
// scripts/bundle.mjs bundles dist/main.js for `npm start`: the child runs the same compiled code and starts
// as the bot does, instead of loading its ~1,000 modules one by one (about 0.8 s of CPU per child).

export interface BundledFixture {
  /** the bundle to run with node in place of the fixture */
  file: string;
  remove(): void;
}

/** Bundles `fixture` (an .mjs file); the output sits under node_modules/.cache so its externals (better-sqlite3) resolve. */
export async function bundleFixture(fixture: string): Promise<BundledFixture> {
  const cache = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'flowlight-fixture-'));
  const name = path.basename(fixture, path.extname(fixture));
  // .mjs: no package.json above node_modules/ says "type": "module"
  await esbuild.build({ ...bundleOptions, entryPoints: { [name]: fixture }, outdir: dir, outExtension: { '.js': '.mjs' }, sourcemap: false, metafile: false, logLevel: 'error' });
  await esbuild.stop(); // esbuild's service process ends here rather than lingering in the test worker
  return { file: path.join(dir, `${name}.mjs`), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
