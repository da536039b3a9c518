import type { Assessment } from '../domain/assess.js';
import { TRAILING_BUSINESS_DAYS } from '../domain/metrics.js';
import { changedLines } from '../domain/reviews.js';
import { printable } from '../printable.js';
import { basisLine } from '../slack/blocks/lightSummary.js';
import { LIGHT_EMOJI } from '../slack/blocks/outgoing.js';
import type { StatusOptions } from './status.js';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The `--json` object: one line, the shape the README documents for scripts that read it (so fields are only ever added). */
export function toStatusJson(assessment: Assessment, waitOf: (since: Date | null) => number) {
  const { decision, metrics, queue } = assessment;
  return {
    light: decision.light,
    reasons: decision.reasons.map((r) => ({ rule: r.rule, value: round1(r.value), threshold: r.threshold, light: r.light, text: r.text })),
    metrics: {
      awaitingReview: metrics.awaitingReview,
      awaitingAuthor: metrics.awaitingAuthor,
      approved: metrics.approved,
      linesAwaitingReview: metrics.linesAwaitingReview,
      oldestWaitBusinessHours: round1(metrics.oldestWaitBusinessHours),
      medianWaitBusinessHours: round1(metrics.medianWaitBusinessHours),
      reviewers: metrics.reviewers,
      throughputPerDay: round1(metrics.throughputPerDay),
      arrivalsPerDay: round1(metrics.arrivalsPerDay),
      expectedWaitBusinessDays: metrics.expectedWaitBusinessDays === null ? null : round1(metrics.expectedWaitBusinessDays),
      forecast: metrics.forecast,
      basis: metrics.basis,
    },
    pullRequests: queue.map((pr) => ({
      repo: pr.facts.repo,
      number: pr.facts.number,
      title: pr.facts.title,
      queue: pr.queue,
      waitBusinessHours: round1(waitOf(pr.awaitingReviewSince)),
      lines: changedLines(pr.facts),
    })),
  };
}

/** The readable table for people at a terminal. */
export function formatStatusTable(options: StatusOptions, assessment: Assessment, waitOf: (since: Date | null) => number): string {
  const { decision, metrics, queue } = assessment;
  const lines: string[] = [];
  lines.push(`flowlight status · ${options.repos.join(', ')} · as of ${options.at.toISOString()}`);
  lines.push('');
  lines.push(`${LIGHT_EMOJI[decision.light]} ${decision.light.toUpperCase()}`);
  for (const reason of decision.reasons) lines.push(`   - ${reason.text}`);
  if (decision.reasons.length === 0) lines.push('   every rule is under its yellow level');
  lines.push('');
  const expected = metrics.expectedWaitBusinessDays === null ? `n/a (${metrics.basis.enoughHistory ? 'no reviews' : `too little history: ${metrics.basis.reviewsInWindow} reviews`} in the last ${TRAILING_BUSINESS_DAYS} business days)` : `${round1(metrics.expectedWaitBusinessDays)} business days`;
  lines.push(`awaiting review ${metrics.awaitingReview} (${metrics.linesAwaitingReview} lines) · awaiting author ${metrics.awaitingAuthor} · approved ${metrics.approved}`);
  lines.push(`oldest wait ${round1(metrics.oldestWaitBusinessHours)} business h · median ${round1(metrics.medianWaitBusinessHours)} h · reviewers ${metrics.reviewers}`);
  lines.push(`throughput ${round1(metrics.throughputPerDay)}/day · arrivals ${round1(metrics.arrivalsPerDay)}/day · expected wait ${expected}`);
  lines.push(basisLine(metrics).replaceAll('`', ''));
  lines.push('');
  if (queue.length === 0) {
    lines.push('No open pull requests.');
  } else {
    const rows = queue.map((pr) => [
      `${pr.facts.repo}#${pr.facts.number}`,
      pr.queue,
      pr.queue === 'awaiting_review' ? String(round1(waitOf(pr.awaitingReviewSince))) : '',
      String(changedLines(pr.facts)),
      printable(pr.facts.title.length > 60 ? `${pr.facts.title.slice(0, 59)}…` : pr.facts.title),
    ]);
    const header = ['PULL REQUEST', 'QUEUE', 'WAIT (h)', 'LINES', 'TITLE'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    lines.push(format(header));
    for (const row of rows) lines.push(format(row));
  }
  return `${lines.join('\n')}\n`;
}
