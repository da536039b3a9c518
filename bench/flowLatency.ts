import fs from 'node:fs';
import path from 'node:path';
import { recordReadSuccess } from '../src/store/cursors.js';
import { savePullRequests } from '../src/store/pullRequests.js';
import { openStore } from '../src/store/open.js';
import { startFakeSlack } from '../src/sim/slack/fakeSlack.js';
import { startChild, type ChildHandle } from './child.js';
import { flowBreakdown, viewHeap, type BreakdownRow, type ViewHeap } from './flowBreakdown.js';
import { FlowClient, wallMs } from './flowClient.js';
import { renderFlow } from './flowReport.js';
import { seedTeamStore } from './flowSeed.js';
import { num } from './markdown.js';
import { BENCH_NOW } from './policy.js';
import type { ChildMemory, FromSlackAppChild, SlackAppChildInput } from './slackAppChildTypes.js';
import { summarize } from './stats.js';
import { teamFixture } from './teamFixture.js';

// /flow latency: signed HTTP requests, as Slack sends them, to the real Bolt app in HTTP mode (in a
// child process) over a store of a large team; its Web API client and every response_url point at
// the fake Slack API (in this process). Two times per request:
//   ack   – until the HTTP answer to the slash command (what Slack's 3-second limit is about);
//   reply – until the ephemeral answer posted to the response_url reaches the fake (what people see).

export interface FlowLatencyOptions {
  openPullRequests: number;
  closedPullRequests: number;
  people: number;
  repos: number;
  warmupPerCommand: number;
  sequentialPerCommand: number;
  /** requests sent at once in the concurrent rows */
  concurrency: number;
  concurrentBatches: number;
  /** the load case: this many /flow requests at once (a team asking together after an alert) */
  loadRequests: number;
  breakdownRuns: number;
  workDir: string;
  log?: (line: string) => void;
}

export const FLOW_COMMANDS = ['status', 'next', 'queue'] as const;
export type FlowCommand = (typeof FLOW_COMMANDS)[number];

export interface FlowTiming {
  command: FlowCommand;
  httpStatus: number;
  ackMs: number;
  /** null when no reply reached the fake within the timeout */
  replyMs: number | null;
  /** the reply was a warning instead of an answer */
  errorReply: boolean;
}

/**
 * The app shares one assessed view between requests while nothing in the store changed (and for at
 * most 30 s). Every poll writes the store, so in production a view goes cold at least once a minute:
 *   cold  – the store changed just before (the bench saves one PR again and writes its repository's
 *           cursor, as a poll that saw a change does);
 *   quiet – a poll just wrote a repository cursor and nothing else (as every poll does for every
 *           repository): nothing the team's assessment reads changed;
 *   warm  – nothing changed since the previous request, the view is shared.
 */
export type FlowMode = 'sequential-cold' | 'sequential-quiet' | 'sequential-warm' | 'concurrent-cold' | 'load';

export interface FlowRow {
  command: FlowCommand | 'mixed';
  mode: FlowMode;
  timings: FlowTiming[];
}

export interface FlowLatencyResult {
  rows: FlowRow[];
  memory: FlowMemory;
  breakdown: BreakdownRow[];
  markdown: string;
}

export interface FlowMemory {
  idle: ChildMemory;
  final: ChildMemory;
  view: ViewHeap;
}

const SIGNING_SECRET = 'bench-signing-secret-0123456789';

export async function benchFlowLatency(options: FlowLatencyOptions): Promise<FlowLatencyResult> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const databaseFile = path.join(options.workDir, 'flow-latency.db');
  removeDatabase(databaseFile);
  const fixture = teamFixture({ openPullRequests: options.openPullRequests, closedPullRequests: options.closedPullRequests, people: options.people, repos: options.repos, seed: 42, now: BENCH_NOW });
  await seedTeamStore(databaseFile, fixture);
  options.log?.(`/flow: seeded ${fixture.pullRequests.length} PRs, ${fixture.members.length} people, ${fixture.repos.length} repositories`);

  // This process's own connection to the store: it writes as the poller would, between requests.
  const db = await openStore(databaseFile);
  let touches = 0;
  const quietPoll = async () => {
    touches += 1;
    await recordReadSuccess(db, fixture.repos[touches % fixture.repos.length]!, null, new Date(BENCH_NOW.getTime() - 30_000 + (touches % 1000)));
  };
  const dataChanged = async () => {
    touches += 1;
    const pr = fixture.pullRequests[touches % fixture.pullRequests.length]!;
    const at = new Date(BENCH_NOW.getTime() - 30_000 + touches);
    await savePullRequests(db, [pr], at);
    await recordReadSuccess(db, pr.repo, null, at);
  };
  const slack = await startFakeSlack({ clock: wallMs });
  const input: SlackAppChildInput = { databaseFile, slackApiUrl: slack.url, signingSecret: SIGNING_SECRET, now: BENCH_NOW.toISOString(), pollIntervalMs: 60_000 };
  const child = startChild('slackAppChild', input);
  try {
    const ready = await child.receive<FromSlackAppChild>();
    if (ready.kind !== 'ready') throw new Error('the Slack app child did not report ready');
    const client = new FlowClient(`http://127.0.0.1:${ready.port}/slack/events`, slack, options.people, SIGNING_SECRET);
    const idle = await memoryOf(child);

    for (const command of FLOW_COMMANDS) for (let i = 0; i < options.warmupPerCommand; i += 1) await client.one(command);
    const rows: FlowRow[] = [];
    const logRow = (row: FlowRow) => {
      const reply = summarize(row.timings.map((t) => t.replyMs ?? Infinity));
      options.log?.(`/flow ${row.command}, ${row.mode}: n=${row.timings.length}, ack max ${num(Math.max(...row.timings.map((t) => t.ackMs)))} ms, reply p50 ${num(reply.median)} ms, p99 ${num(reply.p99)} ms`);
    };
    for (const command of FLOW_COMMANDS) {
      for (const mode of ['sequential-cold', 'sequential-quiet', 'sequential-warm'] as const) {
        const timings: FlowTiming[] = [];
        for (let i = 0; i < options.sequentialPerCommand; i += 1) {
          if (mode === 'sequential-cold') await dataChanged();
          if (mode === 'sequential-quiet') await quietPoll();
          timings.push(await client.one(command));
        }
        rows.push({ command, mode, timings });
        logRow(rows[rows.length - 1]!);
      }
    }
    for (const command of FLOW_COMMANDS) {
      const timings: FlowTiming[] = [];
      for (let b = 0; b < options.concurrentBatches; b += 1) {
        await dataChanged();
        timings.push(...(await client.atOnce(Array.from({ length: options.concurrency }, () => command))));
      }
      rows.push({ command, mode: 'concurrent-cold', timings });
      logRow(rows[rows.length - 1]!);
    }
    await dataChanged();
    const mixed = Array.from({ length: options.loadRequests }, (_, i) => FLOW_COMMANDS[i % FLOW_COMMANDS.length]!);
    rows.push({ command: 'mixed', mode: 'load', timings: await client.atOnce(mixed) });
    logRow(rows[rows.length - 1]!);

    child.send({ kind: 'stop' });
    const final = await child.receive<ChildMemory>();
    await child.exited;

    const breakdown = await flowBreakdown(db, BENCH_NOW, options.breakdownRuns, fixture.members[0]!, dataChanged);
    const memory = { idle, final, view: await viewHeap(db, BENCH_NOW, fixture.members) };
    return { rows, memory, breakdown, markdown: renderFlow(rows, memory, breakdown, options, fixture.pullRequests.length) };
  } finally {
    child.kill();
    await slack.close();
    await db.destroy();
    removeDatabase(databaseFile);
  }
}

async function memoryOf(child: ChildHandle): Promise<ChildMemory> {
  child.send({ kind: 'memory' });
  return child.receive<ChildMemory>();
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}
