import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadTeamHistory } from '../src/app/teamHistory.js';
import { businessDayHours, businessHoursBetween } from '../src/domain/businessHours.js';
import type { WorkingHours } from '../src/domain/types.js';
import { FORECAST_COVERAGE } from '../src/domain/forecast.js';
import { pollTimesEvery, replayTeam, type ReplayPoll } from '../src/domain/replay.js';
import { severity } from '../src/domain/rules.js';
import { REPLAY_STEP_MS } from '../src/app/teamReplay.js';
import { openStore } from '../src/store/open.js';
import { PROJECT_ROOT } from './child.js';
import { tally, type Tally } from './forecastBacktest.js';
import { markdownTable, num } from './markdown.js';
import { percentile } from './stats.js';
import type { ForecastCheck } from './teamPolicySim.js';

// The forecast backtested on the demo's fortnight: `flowlight demo` runs its two simulated weeks
// into a real SQLite file; the channel's stored history is then replayed through the bot's own
// policy (the replay core: facts as of each poll, assessTeam, the light carried from poll to poll),
// and every forecast a poll gave is checked against the poll where the replayed light really
// reached the level it named. Needs the compiled CLI (`npm run build`). Measures; never asserts.

const run = promisify(execFile);

export interface DemoForecastOptions {
  seeds: number[];
  /** where the demo's database files go */
  workDir: string;
  log?: (line: string) => void;
}

export interface DemoSeedResult {
  seed: number;
  polls: number;
  /** light changes the demo recorded, and the replay's: they should agree closely */
  recordedChanges: number;
  replayedChanges: number;
  tally: Tally;
}

export interface DemoForecastResult {
  seeds: DemoSeedResult[];
  total: Tally;
  markdown: string;
}

/**
 * Each poll's forecast, checked: its range and the real crossing in business hours from the poll
 * (the first later poll whose light is at least the level named), and how much of the replay was
 * left to see it in.
 */
export function checkReplayedForecasts(polls: readonly ReplayPoll[], to: Date, hours: WorkingHours): ForecastCheck[] {
  const dayHours = businessDayHours(hours);
  const checks: ForecastCheck[] = [];
  polls.forEach((poll, i) => {
    const f = poll.forecast;
    if (f?.kind !== 'growing' || f.nextLight === null || f.earliestBusinessDays === null || f.latestBusinessDays === null) return;
    const next = f.nextLight;
    const crossing = polls.slice(i + 1).find((later) => severity(later.light) >= severity(next));
    checks.push({
      earliest: f.earliestBusinessDays * dayHours,
      latest: f.latestBusinessDays * dayHours,
      actual: crossing === undefined ? null : businessHoursBetween(poll.at, crossing.at, hours),
      remaining: businessHoursBetween(poll.at, to, hours),
    });
  });
  return checks;
}

/** Runs one demo fortnight into `dbFile` and replays what it stored. */
export async function backtestDemoSeed(seed: number, dbFile: string): Promise<DemoSeedResult> {
  await runDemoSeed(seed, dbFile);
  return backtestDemoStore(seed, dbFile);
}

/** `flowlight demo` (the compiled CLI) for one seed's fortnight, into `dbFile`. */
async function runDemoSeed(seed: number, dbFile: string): Promise<void> {
  try {
    await run(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'flowlight.js'), 'demo', '--speed', '10000', '--seed', String(seed), '--no-input', '--db', dbFile], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`the demo (seed ${seed}) failed; is flowlight built (npm run build)? ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  }
}

/** Replays the history a demo fortnight (of `seed`) stored in `dbFile`, and checks every forecast a poll gave. */
export async function backtestDemoStore(seed: number, dbFile: string): Promise<DemoSeedResult> {
  const db = await openStore(dbFile);
  try {
    const team = await db.selectFrom('team_first_watch').select(['team_id', 'first_watched_at']).executeTakeFirstOrThrow();
    const held = await db.selectFrom('team_lights').select('evaluated_at').where('team_id', '=', team.team_id).executeTakeFirstOrThrow();
    const recorded = await db.selectFrom('light_changes').select((eb) => eb.fn.countAll<number>().as('n')).where('team_id', '=', team.team_id).executeTakeFirstOrThrow();
    const from = new Date(team.first_watched_at);
    const to = new Date(held.evaluated_at);
    const history = await loadTeamHistory(db, team.team_id);
    const replay = replayTeam({ pullRequests: history.pullRequests, members: history.members, settings: history.settings, from, to, pollTimes: pollTimesEvery(from, to, REPLAY_STEP_MS) });
    return {
      seed,
      polls: replay.polls.length,
      recordedChanges: Number(recorded.n),
      replayedChanges: replay.transitions.length,
      tally: tally(checkReplayedForecasts(replay.polls, to, history.settings.workingHours)),
    };
  } finally {
    await db.destroy();
  }
}

export async function benchDemoForecast(options: DemoForecastOptions): Promise<DemoForecastResult> {
  const results: DemoSeedResult[] = [];
  // Two demos at a time: each is one busy process, and the machine has two cores.
  for (let i = 0; i < options.seeds.length; i += 2) {
    const batch = options.seeds.slice(i, i + 2);
    results.push(...(await Promise.all(batch.map((seed) => backtestDemoSeed(seed, path.join(options.workDir, `demo-forecast-${seed}.db`))))));
    options.log?.(`forecast: demo seeds ${batch.join(', ')} replayed`);
  }
  const total = results.reduce<Tally>((sum, r) => ({
    given: sum.given + r.tally.given, inside: sum.inside + r.tally.inside, earlier: sum.earlier + r.tally.earlier,
    later: sum.later + r.tally.later, unresolved: sum.unresolved + r.tally.unresolved, widths: [...sum.widths, ...r.tally.widths],
  }), tally([]));
  const rows = results.map((r) => row(`seed ${r.seed}`, r.polls, `${r.recordedChanges} / ${r.replayedChanges}`, r.tally));
  rows.push(row('**all**', results.reduce((n, r) => n + r.polls, 0), '', total));
  const claimed = Math.round(FORECAST_COVERAGE * 100);
  const checked = total.inside + total.earlier + total.later;
  return {
    seeds: results,
    total,
    markdown: [
      '### The forecast, backtested on the demo\'s fortnight',
      '',
      `\`flowlight demo --seed N\` (two simulated weeks, the real bot and store), then the channel's stored history replayed every ${REPLAY_STEP_MS / 60_000} minutes through the bot's policy; ` +
        'each forecast a replayed poll gave is checked against the poll where the replayed light reached the level it named (inside, earlier, later, unresolved as above; hours are business hours).',
      '',
      markdownTable(['demo', 'polls', 'light changes, recorded / replayed', 'forecasts given', 'inside', 'earlier', 'later', 'unresolved', 'inside, of those checked', 'range width, median (h)'], rows),
      '',
      `Claimed coverage ${claimed}%; measured ${checked === 0 ? 'n/a' : `${Math.round((100 * total.inside) / checked)}%`} of ${checked} demo forecasts that could be checked.`,
    ].join('\n'),
  };
}

function row(label: string, polls: number, changes: string, t: Tally): string[] {
  const checked = t.inside + t.earlier + t.later;
  const share = (n: number) => (checked === 0 ? '–' : `${Math.round((100 * n) / checked)}%`);
  const widths = [...t.widths].sort((a, b) => a - b);
  return [label, String(polls), changes, String(t.given), String(t.inside), String(t.earlier), String(t.later), String(t.unresolved), share(t.inside), widths.length === 0 ? '–' : num(percentile(widths, 50))];
}
