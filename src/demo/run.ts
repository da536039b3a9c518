import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addBusinessHours, businessDayHours, businessHoursBetween, localDate } from '../domain/businessHours.js';
import { DEFAULT_SETTINGS } from '../domain/settingsModel.js';
import { createLogger } from '../logger.js';
import { seededRandom } from '../sim/index.js';
import { listLightChanges } from '../store/lights.js';
import type { DemoArgs } from './args.js';
import { nextTick, realTimePacer, simulatedClock } from './clock.js';
import { INTERACTIVE_HELP, startInteractive, type Terminal } from './interactive.js';
import { TranscriptPrinter } from './printer.js';
import { startDemoStack, type DemoStack } from './stack.js';
import { SimulatedTeam, type TeamCounts } from './team.js';
import { DEMO_CHANNEL, DEMO_REPOSITORIES, DEMO_TEAM, startingScenario } from './teamWorld.js';
import { runTick, type TickState } from './tick.js';

// `npm run demo`: the whole bot, offline, on a simulated team. The run loop wires and paces; the
// team (team.ts) and the bot (the real poller, evaluation, outbox, digest and Bolt app) decide.

export interface DemoIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** real-time waiting, injectable so tests never sleep */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** the process's Ctrl-C, for runs without a terminal */
  onInterrupt?: (stop: () => void) => () => void;
}

/** The Monday the simulated fortnight starts, 09:00 UTC. Fixed: the same story on every run. */
export const DEMO_START = new Date('2026-11-30T09:00:00Z');
const TICK_MINUTES = 10;
const WORKING_HOURS = DEFAULT_SETTINGS.workingHours;
/** at speed 1 two working weeks (80 business hours) take about a minute of real time, nights included */
const REAL_MS_PER_BUSINESS_MINUTE = 55_000 / (80 * 60);
/** the pause that marks a night or a weekend passing, at speed 1 */
const OVERNIGHT_PAUSE_MS = 300;

export async function runDemo(args: DemoArgs, io: DemoIo): Promise<number> {
  const stop = new AbortController();
  const interactive = !args.noInput && io.stdin.isTTY === true && io.stdout.isTTY === true;
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  let terminal: Terminal | null = null;
  const write = (text: string) => (terminal ? terminal.write(text) : io.stdout.write(text));

  let stack: DemoStack | null = null;
  const printer = new TranscriptPrinter({
    write,
    color,
    timeZone: WORKING_HOURS.timeZone,
    userNames: new Map([...DEMO_TEAM.map((m) => [m.slackUserId, m.login] as const), ['U0FLOWLIGHT', 'flowlight']]),
    channelNames: new Map([[DEMO_CHANNEL.id, DEMO_CHANNEL.name]]),
    dmUserOf: (channelId) => stack?.standIn.dmUsers.get(channelId),
  });
  // The bot's own warnings and errors, one readable line each (no JSON in the transcript).
  const logger = createLogger('warn', { write: (line: string) => io.stderr.write(`flowlight log: ${logLine(line)}\n`) });

  const clock = simulatedClock(DEMO_START);
  const random = seededRandom(args.seed);
  const team = new SimulatedTeam(random, WORKING_HOURS, DEMO_START);
  const sleepFor = io.sleep ?? ((ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined));
  const pacer = realTimePacer((ms) => sleepFor(ms, stop.signal));
  const removeInterruptHandler = io.onInterrupt?.(() => stop.abort()) ?? (() => {});

  try {
    stack = await startDemoStack({
      dbPath: args.dbPath,
      scenario: startingScenario(DEMO_START, WORKING_HOURS, random),
      clock,
      logger,
      pollIntervalMs: TICK_MINUTES * 60_000,
      onEvent: (event) => printer.event(event),
      onUnknownSlackMethod: (method) => io.stderr.write(`flowlight demo: the Slack stand-in does not speak ${method} yet; the app's call failed.\n`),
    });
    const running = stack;
    printIntro(printer, running, args, interactive);
    if (interactive) {
      terminal = startInteractive({
        input: io.stdin,
        output: io.stdout,
        team: DEMO_TEAM,
        as: args.as,
        requests: () => running.requests,
        afterCommand: () => running.deliver(),
        onStop: () => stop.abort(),
        note: (text) => printer.note(text),
      });
    }

    // The team joins flowlight the way a real one would: /flow watch, then everyone /flow link.
    printer.day(clock.now());
    await running.requests.flow(DEMO_TEAM[0]!.slackUserId, `watch ${DEMO_REPOSITORIES.join(' ')}`);
    for (const member of DEMO_TEAM) await running.requests.flow(member.slackUserId, `link ${member.login}`);

    const state: TickState = { teamId: DEMO_CHANNEL.id, lastDigestDay: null, shownPickUps: new Set() };
    const end = addBusinessHours(DEMO_START, args.days * businessDayHours(WORKING_HOURS), WORKING_HOURS);
    let now = DEMO_START;
    let dayStart = { ...team.counts };
    while (!stop.signal.aborted) {
      clock.set(now);
      await runTick(running, team, state, now, logger);
      const next = nextTick(now, TICK_MINUTES, WORKING_HOURS);
      if (localDate(next, WORKING_HOURS.timeZone) !== localDate(now, WORKING_HOURS.timeZone)) {
        printer.note(dayActivity(dayStart, team.counts));
        dayStart = { ...team.counts };
      }
      if (next.getTime() > end.getTime()) break;
      const businessMinutes = businessHoursBetween(now, next, WORKING_HOURS) * 60;
      const overnight = next.getTime() - now.getTime() > TICK_MINUTES * 60_000 ? OVERNIGHT_PAUSE_MS : 0;
      await pacer.wait((businessMinutes * REAL_MS_PER_BUSINESS_MINUTE + overnight) / args.speed);
      now = next;
    }
    await running.deliver();

    if (stop.signal.aborted) {
      printer.lines(['', 'Demo stopped.']);
      return interactive ? 0 : 130;
    }
    await printSummary(printer, running, team.counts, args);
    if (interactive) {
      printer.note('The simulated days are over; the bot keeps running. Type /flow commands, or exit (Ctrl-C) to stop.');
      await new Promise<void>((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true })));
    }
    return 0;
  } finally {
    removeInterruptHandler();
    terminal?.close();
    terminal = null;
    await stack?.close();
  }
}

function printIntro(printer: TranscriptPrinter, stack: DemoStack, args: DemoArgs, interactive: boolean): void {
  const { bold, dim } = printer.style;
  const span = args.days === 10 ? 'two working weeks' : `${args.days} working ${args.days === 1 ? 'day' : 'days'}`;
  const pace = args.speed !== 1 ? `at ${args.speed}x the default pace (two weeks a minute)` : args.days === 10 ? 'in about a minute' : `in about ${args.days * 6} seconds`;
  printer.lines([
    bold('flowlight demo: the real bot, offline, on a simulated team'),
    `  GitHub      simulator at ${stack.sim.url} serving ${DEMO_REPOSITORIES.join(', ')}`,
    `  Slack       a local stand-in at ${stack.standIn.url}: everything the bot posts is printed below`,
    `  Bolt app    HTTP mode at ${stack.appUrl}/slack/events, requests signed with a secret made for this run`,
    `  Store       ${path.relative(process.cwd(), path.resolve(args.dbPath)) || args.dbPath} (SQLite, recreated every run)`,
    `  Team        ${DEMO_TEAM.map((m) => m.login).join(', ')} in #${DEMO_CHANNEL.name}, writing code with AI assistants:`,
    '              one review for each PR they open, whatever green asks; rework piles up until the light says otherwise',
    `  Clock       ${span} from ${DEMO_START.toISOString().slice(0, 10)}, ${pace}`,
    dim('  Lines marked · are the demo narrating what the simulated team did; everything else is the bot.'),
  ]);
  if (interactive) printer.lines(INTERACTIVE_HELP.map((line) => dim(`  ${line}`)));
}

async function printSummary(printer: TranscriptPrinter, stack: DemoStack, counts: TeamCounts, args: DemoArgs): Promise<void> {
  const changes = await listLightChanges(stack.db, DEMO_CHANNEL.id, new Date(0));
  const into = (light: string) => changes.filter((c) => c.to === light).length;
  const slack = stack.standIn.stats();
  const github = stack.sim.stats();
  printer.lines([
    '',
    printer.style.bold(`━━ ${args.days === 10 ? 'Two working weeks' : `${args.days} working ${args.days === 1 ? 'day' : 'days'}`} later ━━`),
    `  The team opened ${count(counts.opened, 'PR')} (${counts.openedWhileRed} while the light was red), reviewed ${count(counts.reviews, 'time')} (${count(counts.approvals, 'approval')}, ${counts.changesRequested} asking for changes), pushed ${count(counts.fixes, 'fix', 'fixes')} and merged ${counts.merged}.`,
    `  flowlight changed the light ${count(changes.length, 'time')} (yellow ${into('yellow')}, red ${into('red')}, green ${into('green')}), posted ${count(slack.channelPosts, 'channel message')}, edited ${slack.updates} in place, sent ${count(slack.directMessages, 'DM')} and ${count(slack.ephemeralReplies, 'reply', 'replies')} only one person saw.`,
    `  GitHub (simulated): ${github.requests} requests, ${github.notModified} of them 304 Not Modified; ${github.rateLimitPoints} rate-limit points of the 5000 an hour a token gets.`,
    `  What the bot stored is in ${args.dbPath}; run \`npm run demo -- --seed 2\` for another fortnight.`,
  ]);
}

function dayActivity(from: TeamCounts, to: TeamCounts): string {
  const d = (key: keyof TeamCounts) => to[key] - from[key];
  return `the team on GitHub today: ${count(d('opened'), 'PR')} opened, ${count(d('reviews'), 'review')}, ${count(d('fixes'), 'fix', 'fixes')} pushed, ${d('merged')} merged`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function logLine(json: string): string {
  try {
    const entry = JSON.parse(json) as { level?: number; msg?: string; err?: { message?: string } };
    const level = (entry.level ?? 40) >= 50 ? 'error' : 'warn';
    return `${level}: ${entry.msg ?? ''}${entry.err?.message ? ` (${entry.err.message})` : ''}`;
  } catch {
    return json.trim();
  }
}
