import { renderBreakdown, type BreakdownRow } from './flowBreakdown.js';
import type { FlowLatencyOptions, FlowMemory, FlowMode, FlowRow } from './flowLatency.js';
import { markdownTable, mb, num } from './markdown.js';
import { summarize } from './stats.js';

// The /flow latency results as Markdown: latency per command and mode, the load figures,
// the app's memory, and where the time goes.

const SLACK_ACK_LIMIT_MS = 3_000;
const TARGET_P99_MS = 100;
const TARGET_RSS_BYTES = 200 * 1024 * 1024;

function modeLabel(mode: FlowMode, concurrency: number): string {
  switch (mode) {
    case 'sequential-cold':
      return 'one at a time, a poll just changed a PR (cold)';
    case 'sequential-quiet':
      return 'one at a time, a poll just wrote only cursors';
    case 'sequential-warm':
      return 'one at a time, nothing changed (shared view)';
    case 'concurrent-cold':
      return `${concurrency} at once, a poll just changed a PR`;
    case 'load':
      return `${concurrency} at once, mixed`;
    default: {
      const _exhaustive: never = mode;
      return _exhaustive;
    }
  }
}

export function renderFlow(rows: FlowRow[], memory: FlowMemory, breakdown: BreakdownRow[], options: FlowLatencyOptions, prs: number): string {
  const verdict = (p99: number) => (p99 < TARGET_P99_MS ? '✓' : `✗ ${num(p99 / TARGET_P99_MS)}x`);
  const latency = markdownTable(
    ['/flow', 'sent', 'n', 'ack p50', 'ack p95', 'ack p99', 'reply p50', 'reply p95', 'reply p99', 'p99 < 100 ms (ack / reply)'],
    rows.filter((row) => row.mode !== 'load').map((row) => {
      const ack = summarize(row.timings.map((t) => t.ackMs));
      const reply = summarize(row.timings.map((t) => t.replyMs ?? Infinity));
      return [
        row.command,
        modeLabel(row.mode, options.concurrency),
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
    ['Load: 200 requests at once', 'value'],
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
      `after ${options.warmupPerCommand} warm-up requests per command. "${options.concurrency} at once": batches of ${options.concurrency} identical commands sent together right after the store changed (${options.concurrentBatches} batches). "A poll just changed a PR": the bench saved one PR again (new fetched_at) and its repository's cursor, so the team's view must be built again; "wrote only cursors": a repository cursor alone, as a poll that found nothing new does. Ack = until the HTTP answer; reply = until the ephemeral answer reaches the fake Slack's response_url. ` +
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
