import { formatBusinessDuration, formatNumber } from '../../domain/format.js';
import type { Forecast } from '../../domain/metrics.js';
import type { Reason } from '../../domain/light.js';
import type { Light, PullRequestFacts } from '../../domain/types.js';
import { capBlocks, context, divider, fallback, header, section, type Block, type SlackMessage } from './kit.js';
import { flowLine, forecastLine } from './lightSummary.js';
import { LIGHT_EMOJI, personRef, sectionsOf } from './outgoing.js';
import { pullRequestLink } from './pullRequestLine.js';
import { escapeText } from './text.js';

// The daily standup digest: where the light is and has been, the queue, yesterday, where it is
// heading, the trend, what is too big, what to pick up, and thanks.

export interface DigestData {
  day: string; // local YYYY-MM-DD
  light: Light;
  reasons: readonly Reason[];
  /** working hours in each light since the last digest */
  timeInLights: ReadonlyArray<{ light: Light; businessHours: number }>;
  queue: { awaitingReview: number; awaitingAuthor: number; approved: number; oldestWaitBusinessHours: number; medianWaitBusinessHours: number };
  previousDay: { weekday: string; arrivals: number; reviewers: ReadonlyArray<{ login: string; reviews: number }> };
  expectedWaitBusinessDays: number | null;
  throughputPerDay: number;
  arrivalsPerDay: number;
  forecast: Forecast;
  /** queue size at the end of each of the last working days, then now */
  trend: ReadonlyArray<{ date: string; queue: number }>;
  sparkline: string;
  oversized: ReadonlyArray<{ pr: PullRequestFacts; lines: number }>;
  topOfQueue: ReadonlyArray<{ pr: PullRequestFacts; why: string }>;
  /** hours in a working day, to word business durations */
  dayHours: number;
  people: ReadonlyMap<string, string>;
  /** the weekly before/after line (the team's first working day of the week), else null or absent */
  sinceFlowlight?: string | null;
}

const LIST_LIMIT = 5;

export function buildDigest(data: DigestData): SlackMessage {
  const hours = (h: number) => formatBusinessDuration(h, data.dayHours);
  const reviews = data.previousDay.reviewers.reduce((sum, r) => sum + r.reviews, 0);
  const blocks: Block[] = [
    header(`${LIGHT_EMOJI[data.light]} Review queue digest, ${data.day}`),
    section([
      `*Light:* ${data.light}${data.reasons.length > 0 ? ` · ${data.reasons.map((r) => escapeText(r.text)).join('; ')}` : ''}`,
      `*Since the last digest:* ${data.timeInLights.length > 0 ? data.timeInLights.map((t) => `${LIGHT_EMOJI[t.light]} ${hours(t.businessHours)}`).join(' · ') : 'no working time yet'}`,
      `*Queue:* ${data.queue.awaitingReview} awaiting review${data.queue.awaitingReview > 0 ? ` (oldest ${hours(data.queue.oldestWaitBusinessHours)}, median ${hours(data.queue.medianWaitBusinessHours)})` : ''} · ${data.queue.awaitingAuthor} with their authors · ${data.queue.approved} approved, ready to ship`,
      `*${data.previousDay.weekday}:* ${data.previousDay.arrivals} PR${data.previousDay.arrivals === 1 ? '' : 's'} entered review, ${reviews} review${reviews === 1 ? '' : 's'} done`,
      `*Flow:* ${flowLine(data)}`,
      `*Forecast:* ${forecastLine(data.forecast)}`,
      `*Trend, last ${data.trend.length} business days:* \`${data.sparkline}\` ${data.trend.map((t) => t.queue).join(' → ')}`,
      ...(data.sinceFlowlight ? [data.sinceFlowlight] : []),
    ].join('\n')),
  ];

  if (data.oversized.length > 0) {
    blocks.push(divider(), section(`*Oversized PRs* (review is where big batches stall: split them if you can)`));
    blocks.push(...sectionsOf(data.oversized.slice(0, LIST_LIMIT).map(({ pr, lines }) => `• ${pullRequestLink(pr)}: ${formatNumber(lines, 0)} lines`)));
  }
  if (data.topOfQueue.length > 0) {
    blocks.push(divider(), section('*Top of the queue* (`/flow next` picks yours)'));
    blocks.push(...sectionsOf(data.topOfQueue.slice(0, LIST_LIMIT).map(({ pr, why }) => `• ${pullRequestLink(pr)}, ${escapeText(why)}`)));
  }
  if (data.previousDay.reviewers.length > 0) {
    const thanks = data.previousDay.reviewers.map((r) => `${personRef(r.login, data.people)} (${r.reviews})`).join(', ');
    blocks.push(context(`:pray: Thanks for ${data.previousDay.weekday}'s reviews: ${thanks}`));
  }
  const text = `${LIGHT_EMOJI[data.light]} Review queue digest: ${data.light}, ${data.queue.awaitingReview} awaiting review`;
  return { text: fallback(text), blocks: capBlocks(blocks, () => 'More in `/flow status` and `/flow queue`.') };
}
