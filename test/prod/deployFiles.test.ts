import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper shared with deploy/rehearse-docker-build.mjs, no type declarations
import { execForm, parseDockerfile } from '../../deploy/dockerfile.mjs';
import { sampleScenario, startSimulator } from '../../src/sim/index.js';
import { openStore } from '../../src/store/open.js';
import { startFakeSlack } from '../../src/sim/slack/fakeSlack.js';
import { startHarness, type Harness } from '../slack/harness.js';
import { deploymentFolder, ensureBuilt, ROOT } from './support/npmStart.js';

// The deployment files, checked without Docker or systemd: the Dockerfile's lines as Docker reads them,
// its HEALTHCHECK command run for real against the HTTP app, and the systemd unit's ExecStart started
// and stopped the way systemd does. (deploy/rehearse-docker-build.mjs replays the image build itself.)

interface Instruction { keyword: string; args: string }
interface Stage { from: string; name: string | null; instructions: Instruction[] }

const stages = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')) as Stage[];
const runtime = stages.at(-1)!;
const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);

/** The files (under dist/) and packages `file` loads before it runs: its static imports, followed through dist/. */
function staticImportGraph(file: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (relative: string) => {
    if (files.has(relative)) return;
    files.add(relative);
    const text = fs.readFileSync(path.join(ROOT, 'dist', relative), 'utf8');
    // esbuild's output quotes with ", tsc's (dist/cli/) keeps the source's '
    for (const [, specifier] of text.matchAll(/^import\s(?:[^;]*?\sfrom\s)?["']([^"']+)["'];$/gm)) {
      if (specifier!.startsWith('.')) visit(path.posix.join(path.posix.dirname(relative), specifier!));
      else if (!specifier!.startsWith('node:')) packages.add(specifier!);
    }
  };
  visit(file);
  return { files: [...files], packages: [...packages] };
}

/** The chunk dist/main.js imports once a start passed its checks: src/startBot.ts and the services it wires. */
function servicesChunk(main: string): string {
  const found = [...main.matchAll(/import\("\.\/(chunks\/startBot-\w+\.js)"\)/g)].map((m) => m[1]!);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The files (under dist/) that `file` loads with a dynamic import(), relative to dist/. */
function dynamicImports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8');
  return [...text.matchAll(/import\("(\.\.?\/[\w./-]+\.js)"\)/g)].map((m) => path.posix.join(path.posix.dirname(file), m[1]!));
}

/** The text of the files `file` loads before it runs (itself and its static imports under dist/). */
const startCode = (file: string) => staticImportGraph(file).files.map((f) => fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8')).join('\n');

function runHealthcheck(env: Record<string, string>): Promise<number | null> {
  const [command, ...args] = execForm(last(runtime, 'HEALTHCHECK')!) as string[];
  expect(command).toBe('node');
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, on a maintained Node', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]!.name).toBe('build');
    for (const stage of stages) expect(stage.from).toMatch(/^node:(22|24|26)-/);
    expect(all(runtime, 'COPY').filter((args) => args.startsWith('--from=build'))).toEqual(['--from=build /app/package.json ./', '--from=build /app/node_modules ./node_modules', '--from=build /app/dist ./dist']);
    expect(all(runtime, 'RUN').join('\n')).not.toMatch(/npm (ci|install)|tsc/); // nothing is built in the runtime stage
  });

  it('builds with the scripts package.json has, and prunes the development dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; allowScripts: Record<string, boolean> };
    const runs = all(stages[0]!, 'RUN').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm rebuild better-sqlite3');
    expect(pkg.allowScripts['better-sqlite3']).toBe(true);
    expect(runs).toContain('npm run build');
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node scripts/bundle.mjs');
    // the bundle script is in the build stage before the build runs; esbuild is pruned with the other dev tools
    const copies = all(stages[0]!, 'COPY');
    expect(copies).toContain('scripts ./scripts');
    expect(copies.indexOf('scripts ./scripts')).toBeLessThan(stages[0]!.instructions.findIndex((i) => i.keyword === 'RUN' && i.args.includes('npm run build')));
    expect(Object.keys((pkg as unknown as { devDependencies: Record<string, string> }).devDependencies)).toContain('esbuild');
    expect(runs).toContain('npm prune --omit=dev');
  });

  it('copies only files the repository has', () => {
    for (const stage of stages) {
      for (const args of all(stage, 'COPY').filter((a) => !a.startsWith('--from'))) {
        for (const source of args.split(/\s+/).slice(0, -1)) expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
      }
    }
  });

  it('runs node itself as an unprivileged user, with the database on the /data volume', () => {
    expect(execForm(last(runtime, 'CMD')!)).toEqual(['node', '--max-old-space-size=160', 'dist/main.js']);
    expect(fs.existsSync(path.join(ROOT, 'src', 'main.ts'))).toBe(true);
    const user = last(runtime, 'USER');
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(all(runtime, 'VOLUME')).toEqual(['["/data"]']);
    expect(all(runtime, 'ENV').join(' ')).toMatch(/DATABASE_URL=\/data\/flowlight\.db/);
    expect(all(runtime, 'RUN').join('\n')).toContain(`chown ${user}:${user} /data`);
  });

  describe('HEALTHCHECK, run as Docker runs it', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
      return () => h.close();
    });

    it('passes against GET /healthz of the running HTTP app on PORT', async () => {
      expect(await runHealthcheck({ PORT: new URL(h.url).port })).toBe(0);
    });

    it('prefers HEALTH_PORT (Socket Mode) when it is set', async () => {
      expect(await runHealthcheck({ PORT: String(await closedPort()), HEALTH_PORT: new URL(h.url).port })).toBe(0);
      expect(await runHealthcheck({ PORT: new URL(h.url).port, HEALTH_PORT: String(await closedPort()) })).toBe(1);
    });

    it('fails when nothing answers', async () => {
      expect(await runHealthcheck({ PORT: String(await closedPort()) })).toBe(1);
    });
  });
});

describe('deploy/compose.yml', () => {
  const compose = fs.readFileSync(path.join(ROOT, 'deploy', 'compose.yml'), 'utf8');
  it('builds the Dockerfile and keeps the database on a named volume at /data', () => {
    expect(compose).toMatch(/^\s+build: \.\.$/m);
    expect(compose).toMatch(/^\s+- flowlight-data:\/data$/m);
    expect(compose).toMatch(/DATABASE_URL: \/data\/flowlight\.db/);
    expect(compose).toMatch(/stop_grace_period: (1[0-9]|[2-9][0-9])s/);
    for (const [, variable] of compose.matchAll(/^\s+(\w+_FILE): \/run\/secrets\/\w+$/gm)) expect(fs.readFileSync(path.join(ROOT, 'src', 'secretFiles.ts'), 'utf8')).toContain(`'${variable}'`);
  });
});

describe('deploy/flowlight.service', () => {
  const unit = fs.readFileSync(path.join(ROOT, 'deploy', 'flowlight.service'), 'utf8');
  const setting = (name: string) => [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]!);
  const cleanups: Array<() => Promise<void> | void> = [];
  beforeAll(() => ensureBuilt(), 300_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('its ExecStart, run in its WorkingDirectory, starts the bot, and its KillSignal stops it: exit 0, lease released', async () => {
    const [execStart] = setting('ExecStart');
    const [program, ...args] = execStart!.split(/\s+/);
    expect(program).toBe('/usr/bin/node'); // node itself: systemd's signal reaches the bot, not a wrapper
    expect(setting('KillSignal')).toEqual(['SIGTERM']);
    expect(Number(setting('TimeoutStopSec')[0])).toBeGreaterThanOrEqual(10);

    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const sim = await startSimulator(sampleScenario(new Date()));
    cleanups.push(() => sim.close());
    const folder = deploymentFolder(); // stands for WorkingDirectory=/opt/flowlight
    cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const database = path.join(folder, 'state', 'flowlight.db'); // stands for StateDirectory
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    for (const line of setting('Environment')) {
      const [name, ...value] = line.split('=');
      env[name!] = value.join('=');
    }
    Object.assign(env, {
      DATABASE_URL: database, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.url,
      PORT: String(await closedPort()), GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: sim.url,
    });
    const child = spawn(process.execPath, args, { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => void child.kill('SIGKILL'));
    let output = '';
    const running = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('flowlight is running')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', () => reject(new Error(`exited before running:\n${output}`)));
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await running;
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    const db = await openStore(database);
    expect(await db.selectFrom('instance_lease').selectAll().execute()).toEqual([]);
    await db.destroy();
  }, 90_000);

  it('runs as its own user and writes only to its state folder', () => {
    expect(setting('User')).toEqual(['flowlight']);
    expect(setting('StateDirectory')).toEqual(['flowlight']);
    expect(setting('Environment')).toContain('DATABASE_URL=/var/lib/flowlight/flowlight.db');
    expect(setting('ProtectSystem')).toEqual(['strict']);
  });
});

describe('the shipped build', () => {
  beforeAll(() => ensureBuilt(), 300_000);
  it('bin/flowlight runs the compiled CLI', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'flowlight.js'), 'status', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: flowlight status OWNER\/REPO/);
  });

  it('answers flowlight status --help and a mistyped argument before it loads the config schema, the store, Octokit or the poller', () => {
    const atStart = staticImportGraph('cli/status.js');
    expect(atStart.files).toContain('cli/githubArgs.js');
    const heavy = ['zod', 'kysely', 'better-sqlite3', '@octokit/', 'node-cron', 'pino', 'pg'];
    expect(atStart.packages.filter((name) => heavy.some((p) => name === p || name.startsWith(p)))).toEqual([]);
    expect(atStart.files.filter((file) => /^(config|logger)\.js$|^(github|jobs|store)\//.test(file))).toEqual([]);
    // they come once the arguments are good
    const source = fs.readFileSync(path.join(ROOT, 'dist', 'cli', 'status.js'), 'utf8');
    for (const lazy of ['../config.js', '../github/index.js', '../jobs/poll.js', '../store/open.js']) expect(source).toContain(`import('${lazy}')`);
  });

  it('bin/flowlight runs the bundled dist/cli.js: each command a lazy chunk, so a mistyped one loads neither the bot nor the simulator', () => {
    const cli = fs.readFileSync(path.join(ROOT, 'dist', 'cli.js'), 'utf8');
    expect(cli).toContain('// src/cli.ts');
    const atStart = startCode('cli.js');
    for (const heavy of ['// node_modules/@slack/bolt/', '// node_modules/graphql/', '// src/sim/', '// src/app/']) expect(atStart).not.toContain(heavy);
    expect(staticImportGraph('cli.js').files.flatMap(dynamicImports).map((file) => path.basename(file).replace(/-\w+\.js$/, '')).sort()).toEqual(['demo', 'replay', 'status']);
    // the simulator's child process is an entry of its own, where src/sim/fork.ts looks for it
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'sim', 'childMain.js'), 'utf8')).toContain('// src/sim/childMain.ts');
  });

  it('starts from one bundled dist/main.js that loads no chart code (Chart.js, the canvas, the fonts) before the first chart', () => {
    const main = fs.readFileSync(path.join(ROOT, 'dist', 'main.js'), 'utf8');
    expect(main).toContain('// src/main.ts');
    const bot = servicesChunk(main);
    expect(fs.readFileSync(path.join(ROOT, 'dist', bot), 'utf8')).toContain('// src/startBot.ts');
    const atStart = staticImportGraph('main.js');
    const running = staticImportGraph(bot);
    expect(atStart.files.length).toBeGreaterThanOrEqual(1);
    for (const file of [...atStart.files, ...running.files]) {
      const text = fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8');
      expect(text, file).not.toContain('// node_modules/chart.js/');
      expect(text, file).not.toContain('// src/chart/');
    }
    expect(atStart.packages).toContain('better-sqlite3'); // native: loaded from node_modules
    expect([...atStart.packages, ...running.packages]).not.toContain('@napi-rs/canvas');
    // the charts are there, behind the dynamic import()s of src/app/teamCharts.ts
    const lazy = running.files.flatMap(dynamicImports).filter((file) => /Chart-\w+\.js$/.test(file));
    expect(lazy.map((file) => path.basename(file).replace(/-\w+\.js$/, '')).sort()).toEqual(['replayChart', 'waitTrendChart']);
    const charts = staticImportGraph(lazy[0]!);
    expect(charts.packages).toContain('@napi-rs/canvas');
    expect(charts.files.some((file) => fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8').includes('// node_modules/chart.js/'))).toBe(true);
  });

  it('refuses a start (config, secret files, the store, its lease) before it parses Bolt, Octokit, the scheduler or the metrics: they load after the checks', () => {
    const main = fs.readFileSync(path.join(ROOT, 'dist', 'main.js'), 'utf8');
    const atStart = staticImportGraph('main.js').files.map((file) => fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8')).join('\n');
    // what decides a refusal is in the start path...
    for (const input of ['// src/config.ts', '// src/envFile.ts', '// src/secretFiles.ts', '// src/store/open.ts', '// src/jobs/instanceLease.ts']) expect(atStart).toContain(input);
    // ...the services are not, and come from the one chunk main.js imports once the checks passed
    const services = ['// node_modules/@slack/bolt/', '// node_modules/@octokit/core/', '// node_modules/prom-client/', '// src/jobs/scheduler.ts', '// src/slack/app.ts', '// src/ops/metrics.ts'];
    for (const input of services) expect(atStart, input).not.toContain(input);
    const running = staticImportGraph(servicesChunk(main)).files.map((file) => fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8')).join('\n');
    for (const input of services) expect(running, input).toContain(input);
    // and a SQLite start parses no pg: src/store/open.ts imports the PostgreSQL side for a postgres:// URL only
    expect(atStart).not.toContain('// node_modules/pg/');
    expect(atStart).not.toContain('// src/store/openPostgres.ts');
  });

  it('draws a chart from its lazy chunk: Chart.js bundled, the canvas and the Inter font found from dist/', async () => {
    const services = servicesChunk(fs.readFileSync(path.join(ROOT, 'dist', 'main.js'), 'utf8'));
    const chunk = staticImportGraph(services).files.flatMap(dynamicImports).find((file) => /^chunks\/waitTrendChart-\w+\.js$/.test(file))!;
    const { renderWaitTrendChart } = (await import(pathToFileURL(path.join(ROOT, 'dist', chunk)).href)) as typeof import('../../src/chart/waitTrendChart.js');
    const from = new Date('2026-11-02T09:00:00Z');
    const png = await renderWaitTrendChart([{ side: 'before', from, medianWaitHours: 6, prs: 3 }, { side: 'after', from: new Date(from.getTime() + 7 * 86_400_000), medianWaitHours: 2, prs: 4 }], 'Wait to first review, per week');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('holds no test or bench code (tsc refuses imports from outside src/)', () => {
    const files = fs.readdirSync(path.join(ROOT, 'dist'), { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
    expect(files).toContain('main.js');
    for (const file of files) expect(fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8'), file).not.toMatch(/from '(\.\.\/)+(test|bench)\//);
  });
});
