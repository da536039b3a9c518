#!/usr/bin/env node
// The second half of `npm run build`: after tsc has type-checked src/ and compiled it file by file to dist/
// (the test fixtures import those files), esbuild bundles the bot's entry into dist/main.js, which
// `npm start`, the Dockerfile and the systemd unit run, and the CLI's into dist/cli.js (bin/flowlight). Loading the ~1,200 modules of
// the file-by-file build one by one cost each start about 1.1 s of CPU in Node's resolver and loader;
// one file (plus the lazy chunks below) starts in about half that.
// Usage: node scripts/bundle.mjs   (after tsc -p tsconfig.build.json; esbuild is a development dependency)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const CHUNKS = 'chunks';

/** esbuild's options for dist/; exported so test fixtures are bundled the way the shipped entries are. */
export const bundleOptions = {
  absWorkingDir: root,
  // The CLI (bin/flowlight.js runs dist/cli.js) and the simulator's child process (src/sim/fork.ts forks it) are
  // entries of the same build: one file each instead of ~1,000 modules, sharing chunks with the bot. The child
  // lands where tsc puts it, dist/sim/childMain.js, the path fork.ts looks for.
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts', 'sim/childMain': 'src/sim/childMain.ts' },
  outdir: 'dist',
  // Code behind a dynamic import() (the charts: Chart.js, the canvas, the fonts) goes to chunks loaded at
  // the first chart, as in the file-by-file build, not at every start.
  splitting: true,
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Native modules cannot be bundled: they load from node_modules as before (pg-native is pg's optional one).
  external: ['better-sqlite3', '@napi-rs/canvas', 'pg-native'],
  // The CommonJS packages inside (Bolt, express, pg...) call require() for Node's built-ins, and
  // src/chart/fonts.ts resolves the font files from node_modules with its own createRequire.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  // Stack traces in the logs keep the functions' and classes' names; unminified, a trace's line in
  // dist/main.js is readable code under a `// src/<file>.ts` comment. The source map (no sources inside)
  // costs nothing at start: Node reads it only under --enable-source-maps, which maps traces to src/.
  keepNames: true,
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
};

/** Packages and folders the bot must not load until its first chart: nothing of them in the start path. */
const LAZY_INPUTS = [/^node_modules\/chart\.js\//, /^node_modules\/@fontsource\//, /^src\/chart\//];
const LAZY_IMPORTS = ['@napi-rs/canvas'];

/** What dist/main.js loads before it runs: the inputs and external imports of its static import graph. */
function startPath(metafile, entry = 'dist/main.js') {
  const inputs = new Set();
  const externals = new Set();
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const output = metafile.outputs[file];
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const imported of output.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) externals.add(imported.path);
      else visit(imported.path);
    }
  };
  visit(entry);
  return { inputs: [...inputs], externals: [...externals] };
}

/** The lazy inputs and imports that leaked into the start path (none, or the build fails). */
function lazyCodeAtStart(metafile) {
  const { inputs, externals } = startPath(metafile);
  return [...inputs.filter((input) => LAZY_INPUTS.some((lazy) => lazy.test(input))), ...externals.filter((name) => LAZY_IMPORTS.includes(name))];
}

async function main() {
  // Chunk names carry a content hash: remove the previous build's so only the ones main.js imports remain.
  fs.rmSync(path.join(root, 'dist', CHUNKS), { recursive: true, force: true });
  const result = await esbuild.build(bundleOptions);
  const leaked = lazyCodeAtStart(result.metafile);
  if (leaked.length > 0) {
    process.stderr.write(`scripts/bundle.mjs: dist/main.js would load these at every start, not at the first chart: ${leaked.join(', ')}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await main();
