import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the build's plain .mjs script, no type declarations
import { bundleOptions } from '../../scripts/bundle.mjs';
import { createGitHub, readRepositories } from '../../src/github/index.js';
import { silentLogger } from '../../src/logger.js';
import { forkSimulator } from '../../src/sim/index.js';
import { ROOT } from '../prod/support/npmStart.js';

const NOW = new Date('2026-11-20T12:00:00Z'); // the generated world's "now"

describe('forkSimulator: the simulator in its own process', () => {
  it('serves a generated world, reports stats, takes failures and changes, and closes', async () => {
    const sim = await forkSimulator({ generate: { repos: 3, prsPerRepo: 4, seed: 9 } });
    try {
      expect(sim.pid).not.toBe(process.pid);
      const gh = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retries: 0 });
      const repos = ['bench/repo-1', 'bench/repo-2', 'bench/repo-3'];
      const first = await readRepositories(gh, repos.map((repo) => ({ repo, etag: null, seeded: true })), { concurrency: 3, now: NOW });
      expect([...first.values()].map((r) => r.kind)).toEqual(['changed', 'changed', 'changed']);
      expect(await sim.stats()).toMatchObject({ restRequests: 3, graphqlRequests: 2, rateLimitPoints: 5 }); // 3 probes, 1 batched list call, 1 batched details call

      await sim.resetStats();
      await sim.touch(['bench/repo-2']);
      await sim.inject({ route: 'bench/repo-3', status: 503 });
      const cursors = repos.map((repo) => ({ repo, etag: (first.get(repo) as { etag: string }).etag, seeded: true }));
      const second = await readRepositories(gh, cursors, { concurrency: 3, now: NOW });
      expect([...second.values()].map((r) => r.kind)).toEqual(['unchanged', 'changed', 'failed']);
      expect((await sim.stats()).notModified).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('finds its child from a bundle too, where its code sits in a chunk and the child is an entry of the same build', async () => {
    // laid out as scripts/bundle.mjs lays out dist/: entries at the top, shared code in chunks/, the child at sim/childMain.js;
    // under node_modules/ so the bundle's external packages resolve, with a package.json that makes its .js files ESM
    const cache = path.join(ROOT, 'node_modules', '.cache');
    fs.mkdirSync(cache, { recursive: true });
    const dir = fs.mkdtempSync(path.join(cache, 'flowlight-fork-bundle-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
      fs.writeFileSync(path.join(dir, 'entry.ts'), `export const load = () => import(${JSON.stringify(path.join(ROOT, 'src', 'sim', 'fork.ts'))});\n`);
      await esbuild.build({ ...bundleOptions, entryPoints: { entry: path.join(dir, 'entry.ts'), 'sim/childMain': path.join(ROOT, 'src', 'sim', 'childMain.ts') }, outdir: path.join(dir, 'out'), sourcemap: false, metafile: false, logLevel: 'error' });
      await esbuild.stop(); // esbuild's service process ends here rather than lingering in the test worker
      const chunks = fs.readdirSync(path.join(dir, 'out', 'chunks'));
      expect(chunks.filter((file) => fs.readFileSync(path.join(dir, 'out', 'chunks', file), 'utf8').includes('function forkSimulator'))).toHaveLength(1);

      const { load } = (await import(pathToFileURL(path.join(dir, 'out', 'entry.js')).href)) as { load: () => Promise<typeof import('../../src/sim/fork.js')> };
      const sim = await (await load()).forkSimulator({ generate: { repos: 1, prsPerRepo: 2, seed: 9 } });
      try {
        expect(sim.pid).not.toBe(process.pid);
        const gh = createGitHub({ auth: { kind: 'none' }, apiUrl: sim.url, graphqlUrl: sim.graphqlUrl, logger: silentLogger, retries: 0 });
        const read = await readRepositories(gh, [{ repo: 'bench/repo-1', etag: null, seeded: true }], { concurrency: 1, now: NOW });
        expect([...read.values()].map((r) => r.kind)).toEqual(['changed']);
      } finally {
        await sim.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
