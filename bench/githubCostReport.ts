import type { GithubCostOptions, PollPhase, PollRow, PollSample } from './githubCost.js';
import { markdownTable, mbWithRange, medianWithRange, num } from './markdown.js';
import { summarize } from './stats.js';

// The GitHub cost results as Markdown: cost and time per poll against the targets below, the
// poller's memory, and points per hour against a token's budget.

/** GitHub's primary rate limit for a token: 5000 points an hour, REST and GraphQL counted apart. */
export const HOURLY_BUDGET = 5000;
/** A GitHub App installation's ceiling (it grows with repositories and users up to this). */
const APP_HOURLY_BUDGET = 15_000;
/** GitHub's secondary limits: points a minute per lane (a 304 counts). */
const SECONDARY_REST_PER_MINUTE = 900;
const SECONDARY_GRAPHQL_PER_MINUTE = 2000;
const POLLS_PER_HOUR = 60;
/** a poll of a 1000-repository org within 30 s, under 200 MB RSS: one poll a minute on a small host */
const WALL_TARGET_S = 30;
const RSS_TARGET_BYTES = 200 * 1024 * 1024;

const PHASE_LABEL: Record<PollPhase, string> = { first: 'first poll', unchanged: 'unchanged', pushes: 'branch pushes in 30%, no PR changed', changed: '5% changed' };
const HOURLY_LABEL: Record<PollPhase, string> = {
  first: 'first poll',
  unchanged: 'nothing changes',
  pushes: 'branch pushes in 30% of repositories every minute, no PR changes',
  changed: '5% of repositories change every minute',
};

/** Issue 14's targets: pushes without PR changes ≤ 20 points and ≤ 15 requests; a first read ≤ R + R·P/100. */
export function pointTarget(row: PollRow): number {
  switch (row.phase) {
    case 'first':
      return row.repos + Math.floor((row.repos * row.prsPerRepo) / 100);
    case 'unchanged':
    case 'pushes':
      return 20;
    case 'changed':
      // ≤ 1 point per changed PR (each changed repository had one PR changed)
      return Math.max(...row.samples.map((s) => s.changedRepos));
    default: {
      const _exhaustive: never = row.phase;
      return _exhaustive;
    }
  }
}

const REQUEST_TARGET: Partial<Record<PollPhase, number>> = { unchanged: 15, pushes: 15 };


export function renderGithubCost(rows: PollRow[], options: GithubCostOptions): string {
  const pick = (row: PollRow, f: (s: PollSample) => number) => summarize(row.samples.map(f));
  const table = markdownTable(
    ['org', 'poll', 'requests', '304s', 'points (REST + GraphQL)', 'target points', 'secondary limit: peak points a minute (REST / GraphQL), refused', 'wall time (≤ 30 s)', 'poller CPU', 'simulator CPU', 'peak RSS, poller process (< 200 MB)'],
    rows.map((row) => {
      const points = pick(row, (s) => s.points);
      const target = pointTarget(row);
      const requests = pick(row, (s) => s.requests);
      const requestTarget = REQUEST_TARGET[row.phase];
      const peakRest = pick(row, (s) => s.secondaryPeakRest).max;
      const peakGraphql = pick(row, (s) => s.secondaryPeakGraphql).max;
      const refused = pick(row, (s) => s.secondaryLimited).max;
      const wall = pick(row, (s) => s.wallMs / 1000);
      const rss = pick(row, (s) => s.peakRssBytes);
      return [
        `${row.repos} repos x ${row.prsPerRepo} PRs`,
        PHASE_LABEL[row.phase],
        `${medianWithRange(requests)}${requestTarget === undefined ? '' : ` (≤ ${requestTarget} ${requests.max <= requestTarget ? '✓' : '✗'})`}`,
        medianWithRange(pick(row, (s) => s.notModified)),
        `${medianWithRange(points)} (${num(pick(row, (s) => s.restPoints).median)} + ${num(pick(row, (s) => s.graphqlPoints).median)})`,
        `≤ ${target} ${points.max <= target ? '✓' : `✗ (${num(points.median / Math.max(target, 1))}x)`}`,
        `${num(peakRest)} / ${num(peakGraphql)}, ${num(refused)} refused ${peakRest <= SECONDARY_REST_PER_MINUTE && peakGraphql <= SECONDARY_GRAPHQL_PER_MINUTE && refused === 0 ? '✓' : '✗'}`,
        `${medianWithRange(wall, ' s')} ${wall.max <= WALL_TARGET_S ? '✓' : '✗'}`,
        `${medianWithRange(pick(row, (s) => s.cpuMs / 1000), ' s')}`,
        `${medianWithRange(pick(row, (s) => s.simulatorCpuMs / 1000), ' s')}`,
        `${mbWithRange(rss)} ${rss.max < RSS_TARGET_BYTES ? '✓' : '✗'}`,
      ];
    }),
  );
  const hourly = markdownTable(
    ['org', 'every minute', 'REST points / hour', 'GraphQL points / hour', "of a token's 5,000 / hour (each)", "of a GitHub App's 15,000 / hour (each)", 'REST requests a minute (secondary limit 900, 304s included)'],
    rows.filter((row) => row.phase !== 'first').map((row) => {
      const rest = pick(row, (s) => s.restPoints).median * POLLS_PER_HOUR;
      const graphql = pick(row, (s) => s.graphqlPoints).median * POLLS_PER_HOUR;
      const worst = Math.max(rest, graphql);
      const restRequests = pick(row, (s) => s.restRequests).median;
      return [
        `${row.repos} repos x ${row.prsPerRepo} PRs`,
        HOURLY_LABEL[row.phase],
        num(rest),
        num(graphql),
        `${num((worst / HOURLY_BUDGET) * 100)}% ${worst <= HOURLY_BUDGET ? '✓' : '✗'}`,
        `${num((worst / APP_HOURLY_BUDGET) * 100)}% ${worst <= APP_HOURLY_BUDGET ? '✓' : '✗'}`,
        `${num(restRequests)} ${restRequests <= SECONDARY_REST_PER_MINUTE ? '✓' : '✗'}`,
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
      'Points are the simulator\'s accounting (REST 200 = 1, 304 = 0, GraphQL by GitHub\'s formula). "Branch pushes in 30%": a push to a branch without a PR in 30% of the repositories (GitHub\'s pulls list embeds pushed_at, so its ETag changes), no PR changed. "5% changed": in every other changed repository a PR was approved, in the rest one was approved and merged. ' +
      'The secondary limit counts every request (304s too): 900 REST and 2,000 GraphQL points a minute. ' +
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
