import type { GithubCostOptions, PollPhase, PollRow, PollSample } from './githubCost.js';
import { markdownTable, mbWithRange, medianWithRange, num } from './markdown.js';
import { summarize } from './stats.js';

// The GitHub cost results as Markdown: cost and time per poll against the targets below, the
// poller's memory, and points per hour against a token's budget.

/** GitHub's primary rate limit for a token: 5000 points an hour, REST and GraphQL counted apart. */
export const HOURLY_BUDGET = 5000;
const POLLS_PER_HOUR = 60;
/** a poll of a 1000-repository org within 30 s, under 200 MB RSS: one poll a minute on a small host */
const WALL_TARGET_S = 30;
const RSS_TARGET_BYTES = 200 * 1024 * 1024;

const PHASE_LABEL: Record<PollPhase, string> = { first: 'first poll', unchanged: 'unchanged', changed: '5% changed' };

/** At most 1 point per 100 open PRs plus 1 per changed repository: polls then fit a token's hourly budget. */
export function pointTarget(row: PollRow): number {
  const changedRepos = Math.max(...row.samples.map((s) => s.changedRepos));
  return Math.floor((row.repos * row.prsPerRepo) / 100) + changedRepos;
}

export function renderGithubCost(rows: PollRow[], options: GithubCostOptions): string {
  const pick = (row: PollRow, f: (s: PollSample) => number) => summarize(row.samples.map(f));
  const table = markdownTable(
    ['org', 'poll', 'requests', '304s', 'points (REST + GraphQL)', 'target points', 'wall time (≤ 30 s)', 'poller CPU', 'simulator CPU', 'peak RSS, poller process (< 200 MB)'],
    rows.map((row) => {
      const points = pick(row, (s) => s.points);
      const target = row.phase === 'unchanged' ? 0 : pointTarget(row);
      const wall = pick(row, (s) => s.wallMs / 1000);
      const rss = pick(row, (s) => s.peakRssBytes);
      return [
        `${row.repos} repos x ${row.prsPerRepo} PRs`,
        PHASE_LABEL[row.phase],
        medianWithRange(pick(row, (s) => s.requests)),
        medianWithRange(pick(row, (s) => s.notModified)),
        `${medianWithRange(points)} (${num(pick(row, (s) => s.restPoints).median)} + ${num(pick(row, (s) => s.graphqlPoints).median)})`,
        `≤ ${target} ${points.max <= target ? '✓' : `✗ (${num(points.median / Math.max(target, 1))}x)`}`,
        `${medianWithRange(wall, ' s')} ${wall.max <= WALL_TARGET_S ? '✓' : '✗'}`,
        `${medianWithRange(pick(row, (s) => s.cpuMs / 1000), ' s')}`,
        `${medianWithRange(pick(row, (s) => s.simulatorCpuMs / 1000), ' s')}`,
        `${mbWithRange(rss)} ${rss.max < RSS_TARGET_BYTES ? '✓' : '✗'}`,
      ];
    }),
  );
  const hourly = markdownTable(
    ['org', 'every minute', 'REST points / hour', 'GraphQL points / hour', 'of the 5000 / hour budget (each)'],
    rows.filter((row) => row.phase !== 'first').map((row) => {
      const rest = pick(row, (s) => s.restPoints).median * POLLS_PER_HOUR;
      const graphql = pick(row, (s) => s.graphqlPoints).median * POLLS_PER_HOUR;
      const worst = Math.max(rest, graphql);
      return [
        `${row.repos} repos x ${row.prsPerRepo} PRs`,
        row.phase === 'unchanged' ? 'nothing changes' : '5% of repositories change every minute',
        num(rest),
        num(graphql),
        `${num((worst / HOURLY_BUDGET) * 100)}% ${worst <= HOURLY_BUDGET ? '✓' : '✗'}`,
      ];
    }),
  );
  const failures = rows.flatMap((row) => row.samples.flatMap((s) => s.failed)).length;
  const baseline = summarize(rows.flatMap((row) => row.samples.map((s) => s.baselineRssBytes)));
  const memory = markdownTable(
    ['org', 'poll', 'RSS before polling', 'peak RSS', 'peak JavaScript heap in use'],
    rows.map((row) => [
      `${row.repos} repos x ${row.prsPerRepo} PRs`,
      PHASE_LABEL[row.phase],
      mbWithRange(pick(row, (s) => s.baselineRssBytes)),
      mbWithRange(pick(row, (s) => s.peakRssBytes)),
      mbWithRange(pick(row, (s) => s.peakHeapUsedBytes)),
    ]),
  );
  return [
    table,
    '',
    `Median (min–max) over ${options.runs} runs per org, each on a fresh org and a fresh SQLite file; the simulator adds ${options.latencyMs} ms to every request; ${options.concurrency} repositories read at once (POLL_CONCURRENCY's default). ` +
      'Points are the simulator\'s accounting (REST 200 = 1, 304 = 0, GraphQL by GitHub\'s formula). "5% changed": in every other changed repository a PR was approved, in the rest one was approved and merged. ' +
      `Wall time is pollOnce alone; RSS is the poller's process (Node + tsx + flowlight; \`npm start\` runs compiled JavaScript, without tsx), the simulator runs in another. Failed repository reads: ${failures}.`,
    '',
    `Where the poller's memory goes: the process holds ${mbWithRange(baseline)} before it polls (Node, tsx, the modules, the open store); the rest is the poll (heap sampled every 20 ms):`,
    '',
    memory,
    '',
    'Points per hour at the default poll interval (every minute), against a token\'s 5000 points an hour (GitHub counts REST and GraphQL separately):',
    '',
    hourly,
  ].join('\n');
}
