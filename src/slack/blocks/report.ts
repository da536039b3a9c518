import { MIN_PRS_PER_SIDE, type BeforeAfter, type Guardrail, type SideFigures } from '../../domain/beforeAfter.js';
import { formatBusinessDuration, formatNumber } from '../../domain/format.js';
import type { Light } from '../../domain/types.js';
import { context, fallback, header, section, type SlackMessage } from './kit.js';
import { LIGHT_EMOJI } from './outgoing.js';

// `/flow report` and the digest's weekly line: did review get faster since the team started
// watching, without merging less? Figures, sample sizes, and a plain "too few PRs" when so.

const DAY_MS = 86_400_000;
const LIGHTS: readonly Light[] = ['green', 'yellow', 'red', 'grey'];

export function buildReport(result: BeforeAfter, dayHours: number): SlackMessage {
  switch (result.kind) {
    case 'not_installed': {
      const text = 'Nothing to compare yet: this channel watches no repositories. `/flow watch OWNER/REPO` starts, and reads its last 12 weeks of history.';
      return { text: fallback(text), blocks: [section(text)] };
    }
    case 'too_soon': {
      const text = `flowlight started here on ${isoDay(result.installedAt)}: after a day there is something to compare with the weeks before.`;
      return { text: fallback(text), blocks: [section(text)] };
    }
    case 'compared': {
      const hours = (h: number | null) => (h === null ? '–' : formatBusinessDuration(h, dayHours));
      const { before, after } = result;
      const weeks = formatNumber((after.period.to.getTime() - after.period.from.getTime()) / (7 * DAY_MS));
      const lines = [
        `*Wait to first review:* median ${hours(before.medianWaitHours)} → ${hours(after.medianWaitHours)} · p90 ${hours(before.p90WaitHours)} → ${hours(after.p90WaitHours)}`,
        `*Lead time to merge:* median ${hours(before.medianLeadTimeHours)} → ${hours(after.medianLeadTimeHours)} · p90 ${hours(before.p90LeadTimeHours)} → ${hours(after.p90LeadTimeHours)}`,
        `*Merged per week:* ${formatNumber(before.mergedPerWeek)} → ${formatNumber(after.mergedPerWeek)} · ${guardrailText(result.throughput)}`,
      ];
      if (before.hoursInLights && after.hoursInLights) lines.push(`*Business hours in each light:* ${lightHours(before)} → ${lightHours(after)}`);
      const sure = result.enough
        ? `Based on ${before.waits} PRs that waited for review and ${before.merged} merged before, ${after.waits} and ${after.merged} since.`
        : `:warning: *Too few PRs to compare*: ${before.waits} waited for review and ${before.merged} were merged before, ${after.waits} and ${after.merged} since; at least ${MIN_PRS_PER_SIDE} of each on both sides are needed. The figures are shown, but say little.`;
      return {
        text: fallback(`Before and after flowlight: wait to first review ${hours(before.medianWaitHours)} → ${hours(after.medianWaitHours)} (median)`),
        blocks: [
          header(':bar_chart: Before and after flowlight'),
          section(`The last ${weeks} weeks (since ${isoDay(after.period.from)}) against the ${weeks} weeks before flowlight started here (${isoDay(before.period.from)} to ${isoDay(before.period.to)}). Business hours.`),
          section(lines.join('\n')),
          context(sure),
        ],
      };
    }
    default: {
      const _exhaustive: never = result;
      return _exhaustive;
    }
  }
}

/** The digest's weekly line: the median wait and throughput, before → since; null when nothing to compare. */
export function beforeAfterLine(result: BeforeAfter, dayHours: number): string | null {
  if (result.kind !== 'compared') return null;
  const hours = (h: number | null) => (h === null ? '–' : formatBusinessDuration(h, dayHours));
  if (!result.enough) return '*Since flowlight:* too few PRs to compare yet (`/flow report` says how many).';
  return `*Since flowlight:* wait to first review ${hours(result.before.medianWaitHours)} → ${hours(result.after.medianWaitHours)} (median), merged per week ${formatNumber(result.before.mergedPerWeek)} → ${formatNumber(result.after.mergedPerWeek)}, ${guardrailText(result.throughput)} · \`/flow report\``;
}

function guardrailText(guardrail: Guardrail): string {
  switch (guardrail) {
    case 'held':
      return ':white_check_mark: throughput held';
    case 'fell':
      return ':warning: throughput fell: faster reviews are not worth fewer merges';
    case 'unknown':
      return 'too few merges to tell whether throughput held';
    default: {
      const _exhaustive: never = guardrail;
      return _exhaustive;
    }
  }
}

function lightHours(side: SideFigures): string {
  return LIGHTS.filter((l) => (side.hoursInLights?.[l] ?? 0) > 0 || l !== 'grey').map((l) => `${LIGHT_EMOJI[l]} ${Math.round(side.hoursInLights?.[l] ?? 0)} h`).join(' ');
}

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
