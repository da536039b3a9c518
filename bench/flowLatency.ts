import fs from 'node:fs';
import path from 'node:path';
import { signSlackRequest } from '../src/slack/receiver/verifySignature.js';
import { recordReadSuccess } from '../src/store/cursors.js';
import { openStore } from '../src/store/open.js';
import { startFakeSlack, type FakeSlack } from '../test/fakes/slackApi.js';
import { startChild, type ChildHandle } from './child.js';
import { flowBreakdown, renderBreakdown, viewHeap, type BreakdownRow, type ViewHeap } from './flowBreakdown.js';
import { BENCH_CHANNEL, seedTeamStore, slackUserOf } from './flowSeed.js';
import { markdownTable, mb, num } from './markdown.js';
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
  /** issue 6 "Load": this many /flow requests at once */
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
 *   cold – the store changed just before (the bench writes a repository cursor, as a poll does);
 *   warm – nothing changed since the previous request, the view is shared.
 */
export type FlowMode = 'sequential-cold' | 'sequential-warm' | 'concurrent-cold' | 'load';

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

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const SLACK_ACK_LIMIT_MS = 3_000;
const REPLY_TIMEOUT_MS = 180_000;
const TARGET_P99_MS = 100;
const TARGET_RSS_BYTES = 200 * 1024 * 1024;
/** epoch milliseconds with sub-millisecond precision: the fake Slack stamps replies with the same clock */
const wallMs = () => performance.timeOrigin + performance.now();

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
  const dataChanged = async () => {
    touches += 1;
    await recordReadSuccess(db, fixture.repos[touches % fixture.repos.length]!, null, new Date(BENCH_NOW.getTime() - 30_000 + (touches % 1000)));
  };
  const slack = await startFakeSlack({ clock: wallMs });
  const input: SlackAppChildInput = { databaseFile, slackApiUrl: slack.url, signingSecret: SIGNING_SECRET, now: BENCH_NOW.toISOString(), pollIntervalMs: 60_000 };
  const child = startChild('slackAppChild.ts', input);
  try {
    const ready = await child.receive<FromSlackAppChild>();
    if (ready.kind !== 'ready') throw new Error('the Slack app child did not report ready');
    const client = new FlowClient(`http://127.0.0.1:${ready.port}/slack/events`, slack, options.people);
    const idle = await memoryOf(child);

    for (const command of FLOW_COMMANDS) for (let i = 0; i < options.warmupPerCommand; i += 1) await client.one(command);
    const rows: FlowRow[] = [];
    const logRow = (row: FlowRow) => {
      const reply = summarize(row.timings.map((t) => t.replyMs ?? Infinity));
      options.log?.(`/flow ${row.command}, ${row.mode}: n=${row.timings.length}, ack max ${num(Math.max(...row.timings.map((t) => t.ackMs)))} ms, reply p50 ${num(reply.median)} ms, p99 ${num(reply.p99)} ms`);
    };
    for (const command of FLOW_COMMANDS) {
      for (const mode of ['sequential-cold', 'sequential-warm'] as const) {
        const timings: FlowTiming[] = [];
        for (let i = 0; i < options.sequentialPerCommand; i += 1) {
          if (mode === 'sequential-cold') await dataChanged();
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

/** Sends `/flow …` as Slack does: form-encoded, signed (v0 HMAC-SHA256), a fresh response_url each. */
class FlowClient {
  private sent = 0;

  constructor(
    private readonly endpoint: string,
    private readonly slack: FakeSlack,
    private readonly people: number,
  ) {}

  async one(command: FlowCommand): Promise<FlowTiming> {
    const [timing] = await this.atOnce([command]);
    return timing!;
  }

  /** All at once; resolves when every one was acknowledged and answered (or timed out). */
  async atOnce(commands: FlowCommand[]): Promise<FlowTiming[]> {
    this.slack.reset();
    const requests = commands.map((command) => this.prepare(command));
    const acks = await Promise.all(requests.map(async (request) => {
      const started = wallMs();
      const response = await fetch(this.endpoint, { method: 'POST', headers: request.headers, body: request.body });
      await response.text();
      return { started, status: response.status, ackMs: wallMs() - started };
    }));
    const timings: FlowTiming[] = [];
    for (const [i, request] of requests.entries()) {
      const ack = acks[i]!;
      const reply = ack.status === 200 ? await this.slack.waitForResponse((r) => r.id === request.id, REPLY_TIMEOUT_MS).catch(() => null) : null;
      timings.push({
        command: request.command,
        httpStatus: ack.status,
        ackMs: ack.ackMs,
        replyMs: reply ? reply.at - ack.started : null,
        errorReply: reply ? JSON.stringify(reply.body).includes(':warning:') : false,
      });
    }
    return timings;
  }

  private prepare(command: FlowCommand): { id: string; command: FlowCommand; body: string; headers: Record<string, string> } {
    this.sent += 1;
    const id = `bench-${this.sent}`;
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0001',
      team_domain: 'bench',
      channel_id: BENCH_CHANNEL,
      channel_name: 'team',
      user_id: slackUserOf(this.sent % this.people),
      user_name: `dev-${this.sent % this.people}`,
      command: '/flow',
      text: command,
      api_app_id: 'A0001',
      response_url: this.slack.responseUrl(id),
      trigger_id: `trigger-${this.sent}`,
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      id,
      command,
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body),
      },
    };
  }
}

const MODE_LABEL: Record<FlowMode, string> = {
  'sequential-cold': 'one at a time, store just changed (cold)',
  'sequential-warm': 'one at a time, nothing changed (shared view)',
  'concurrent-cold': 'at once, store just changed',
  load: '',
};

export interface FlowMemory {
  idle: ChildMemory;
  final: ChildMemory;
  view: ViewHeap;
}

function renderFlow(rows: FlowRow[], memory: FlowMemory, breakdown: BreakdownRow[], options: FlowLatencyOptions, prs: number): string {
  const verdict = (p99: number) => (p99 < TARGET_P99_MS ? '✓' : `✗ ${num(p99 / TARGET_P99_MS)}x`);
  const latency = markdownTable(
    ['/flow', 'sent', 'n', 'ack p50', 'ack p95', 'ack p99', 'reply p50', 'reply p95', 'reply p99', 'p99 < 100 ms (ack / reply)'],
    rows.filter((row) => row.mode !== 'load').map((row) => {
      const ack = summarize(row.timings.map((t) => t.ackMs));
      const reply = summarize(row.timings.map((t) => t.replyMs ?? Infinity));
      return [
        row.command,
        row.mode === 'concurrent-cold' ? `${options.concurrency} at once, store just changed` : MODE_LABEL[row.mode],
        String(row.timings.length),
        `${num(ack.median)} ms`, `${num(ack.p95)} ms`, `${num(ack.p99)} ms`,
        `${num(reply.median)} ms`, `${num(reply.p95)} ms`, `${num(reply.p99)} ms`,
        `${verdict(ack.p99)} / ${verdict(reply.p99)}`,
      ];
    }),
  );
  const load = rows.find((row) => row.mode === 'load')!;
  const acked = load.timings.filter((t) => t.httpStatus === 200);
  const inTime = acked.filter((t) => t.ackMs <= SLACK_ACK_LIMIT_MS);
  const replied = load.timings.filter((t) => t.replyMs !== null);
  const loadTable = markdownTable(
    ['issue 6 "Load"', 'value'],
    [
      ['requests sent at once (status, next, queue in turn)', String(load.timings.length)],
      ['acknowledged (HTTP 200)', `${acked.length} of ${load.timings.length}`],
      [`acknowledged within Slack's 3 s`, `${inTime.length} of ${load.timings.length} ${inTime.length === load.timings.length ? '✓' : '✗'}`],
      ['slowest acknowledgement', `${num(Math.max(...load.timings.map((t) => t.ackMs)))} ms`],
      ['answered through response_url (none dropped)', `${replied.length} of ${load.timings.length} ${replied.length === load.timings.length ? '✓' : '✗'}`],
      ['slowest answer', `${num(Math.max(...replied.map((t) => t.replyMs!)))} ms`],
    ],
  );
  const errorReplies = rows.flatMap((row) => row.timings).filter((t) => t.errorReply).length;
  const peak = memory.final.peakRssBytes;
  return [
    latency,
    '',
    `${prs.toLocaleString('en-US')} PRs in the store (${options.openPullRequests.toLocaleString('en-US')} open, ${options.closedPullRequests.toLocaleString('en-US')} merged in the last two weeks) over ${options.repos} repositories, a team of ${options.people} linked people; ` +
      `after ${options.warmupPerCommand} warm-up requests per command. "${options.concurrency} at once": batches of ${options.concurrency} identical commands sent together right after the store changed (${options.concurrentBatches} batches). Ack = until the HTTP answer; reply = until the ephemeral answer reaches the fake Slack's response_url. ` +
      `Answers that were warnings instead of the real thing: ${errorReplies}.`,
    '',
    loadTable,
    '',
    markdownTable(['Slack app process (Node + tsx + flowlight)', 'value'], [
      ['RSS after start, store open, before any request', mb(memory.idle.rssBytes)],
      ['peak RSS over the whole benchmark', `${mb(peak)} ${peak < TARGET_RSS_BYTES ? '✓' : `✗ (target < 200 MB)`}`],
      ['of which V8 heap at its largest (heapTotal, sampled every 20 ms)', mb(memory.final.peakHeapTotalBytes)],
      ['most JavaScript heap in use (live + not yet collected)', mb(memory.final.peakHeapUsedBytes)],
      ['JavaScript heap still live at the end, after a full GC', mb(memory.final.liveHeapBytes)],
      ['… of which one shared team view (snapshot, assessment, ranked queue; measured in process)', mb(memory.view.viewBytes)],
      [`… and its suggestion lists once all ${memory.view.people} people asked (kept with the view)`, mb(memory.view.suggestionsBytes)],
    ]),
    '',
    'Where the time goes (the same code in process, without HTTP; median of runs):',
    '',
    renderBreakdown(breakdown),
  ].join('\n');
}
