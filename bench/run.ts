import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './child.js';
import { benchFlowLatency, type FlowLatencyOptions } from './flowLatency.js';
import { benchGithubCost, type GithubCostOptions } from './githubCost.js';
import { machineLine } from './machine.js';
import { benchPolicy, type PolicyOptions } from './policy.js';
import { benchTeamPolicy, type TeamPolicyOptions } from './teamPolicy.js';
import { benchForecast, type ForecastBacktestOptions } from './forecastBacktest.js';
import { benchDemoForecast, type DemoForecastOptions } from './demoForecast.js';
import { FlowlightError } from '../src/errors.js';

// `npm run bench` (bench/main.ts): runs the benchmarks, prints each table and writes
// it to bench/results/<name>.md. A development tool, outside the shipped build (dist/): the benchmarks
// drive the fake Slack API of src/sim/slack and run their children compiled (dist-bench/).
// Benchmarks, not tests: they measure and report, never assert.

const BENCHES = ['github-cost', 'policy', 'flow-latency', 'team-policy', 'forecast'] as const;
type BenchName = (typeof BENCHES)[number];

const TITLES: Record<BenchName, string> = {
  'github-cost': 'GitHub cost per poll',
  policy: 'Policy: metrics, light, swarm plan and a suggestion',
  'flow-latency': '/flow latency',
  'team-policy': 'Team policy: does obeying the light beat fixed review habits?',
  forecast: 'Forecast: how often the real crossing fell inside the range said',
};

const USAGE = `Usage: npm run bench -- [--quick] [--only ${BENCHES.join(',')}] [--out DIR]
  --quick   fewer runs, same scales (about a minute instead of two to three on 2 cores)
  --only    run just these benchmarks (comma-separated)
  --out     where the Markdown results go (default bench/results)`;

export interface BenchPlan {
  only: BenchName[];
  quick: boolean;
  outDir: string;
}

export function parseBenchArgs(args: string[]): BenchPlan | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { quick: { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    });
  } catch (error) {
    throw new FlowlightError('input_invalid', `${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) return 'help';
  const only = parsed.values.only === undefined ? [...BENCHES] : parsed.values.only.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = only.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length > 0 || only.length === 0) {
    throw new FlowlightError('input_invalid', `Unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ') || '(none given)'}: choose from ${BENCHES.join(', ')}.\n${USAGE}`);
  }
  return { only: only as BenchName[], quick: parsed.values.quick ?? false, outDir: path.resolve(parsed.values.out ?? path.join(PROJECT_ROOT, 'bench', 'results')) };
}

/** The configurations `npm run bench` measures: the scales the targets are set at, run counts sized for a 2-core machine. */
export function benchConfigs(quick: boolean, workDir: string, log: (line: string) => void): {
  'github-cost': GithubCostOptions;
  policy: PolicyOptions;
  'flow-latency': FlowLatencyOptions;
  'team-policy': TeamPolicyOptions;
  forecast: ForecastBacktestOptions;
  demoForecast: DemoForecastOptions;
} {
  return {
    'github-cost': {
      scales: [{ repos: 200, prsPerRepo: 10 }, { repos: 1000, prsPerRepo: 10 }],
      runs: quick ? 1 : 3,
      latencyMs: 20,
      concurrency: 8,
      changedShare: 0.05,
      pushShare: 0.3,
      workDir,
      log,
    },
    policy: { openPullRequests: 10_000, closedPullRequests: 1_000, reviewers: 50, repos: 100, runs: quick ? 5 : 20, warmupRuns: 5, log },
    'flow-latency': {
      openPullRequests: 10_000,
      closedPullRequests: 1_000,
      people: 50,
      repos: 100,
      warmupPerCommand: 3,
      sequentialPerCommand: quick ? 10 : 40,
      concurrency: 50,
      concurrentBatches: quick ? 1 : 4,
      loadRequests: 200,
      breakdownRuns: quick ? 3 : 10,
      workDir,
      log,
    },
    // Quick keeps every team and the 5 seeds the comparison needs, and drops the 20-person team
    // (most of the time): the full run has it.
    'team-policy': { sizes: quick ? [1, 3, 6] : [1, 3, 6, 20], arrivals: ['low', 'ai'], seeds: 5, log },
    // Held-out seeds: the forecast's model was chosen looking at seeds 1–10 of both.
    forecast: { sizes: quick ? [1, 3, 6] : [1, 3, 6, 20], arrivals: ['low', 'ai'], seeds: 5, firstSeed: 11, log },
    // the demo's fortnights, replayed from their SQLite files (quick: three seeds)
    demoForecast: { seeds: quick ? [11, 12, 13] : [11, 12, 13, 14, 15], workDir, log },
  };
}

export async function runBench(args: string[]): Promise<number> {
  const plan = parseBenchArgs(args);
  if (plan === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-bench-'));
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const configs = benchConfigs(plan.quick, workDir, log);
  fs.mkdirSync(plan.outDir, { recursive: true });
  try {
    for (const name of plan.only) {
      process.stderr.write(`bench: ${name}…\n`);
      const started = new Date();
      const load = os.loadavg();
      const markdown = await runOne(name, configs);
      const file = path.join(plan.outDir, `${name}.md`);
      const text = [
        `# ${TITLES[name]}`,
        '',
        `${machineLine(started)} Load average when it started: ${load.map((l) => l.toFixed(2)).join(', ')}.`,
        `Command: \`npm run bench${plan.quick ? ' -- --quick' : ''}\`; took ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s.`,
        '',
        markdown,
        '',
      ].join('\n');
      fs.writeFileSync(file, text);
      process.stdout.write(`${text}\n`);
      process.stderr.write(`bench: wrote ${path.relative(process.cwd(), file)}\n`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return 0;
}

async function runOne(name: BenchName, configs: ReturnType<typeof benchConfigs>): Promise<string> {
  switch (name) {
    case 'github-cost':
      return (await benchGithubCost(configs['github-cost'])).markdown;
    case 'policy':
      return (await benchPolicy(configs.policy)).markdown;
    case 'flow-latency':
      return (await benchFlowLatency(configs['flow-latency'])).markdown;
    case 'team-policy':
      return benchTeamPolicy(configs['team-policy']).markdown;
    case 'forecast':
      return `${benchForecast(configs.forecast).markdown}\n\n${(await benchDemoForecast(configs.demoForecast)).markdown}`;
    default: {
      const _exhaustive: never = name;
      throw new Error(`unknown benchmark ${String(_exhaustive)}`);
    }
  }
}
