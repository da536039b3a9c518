import { context, fallback, header, section, type SlackMessage } from './kit.js';

// The /flow help. `problem` (already escaped) says what was wrong with the input, when something was.

const COMMANDS: Array<[string, string]> = [
  ['/flow', 'the light, why, the queue and your next review (same as `/flow status`)'],
  ['/flow next', 'the review to pick up next, with *Pick up* and *Skip*'],
  ['/flow queue', 'the whole review queue in priority order'],
  ['/flow link GITHUB-LOGIN', 'link yourself to your GitHub login (linked people are the reviewers)'],
  ['/flow link @person GITHUB-LOGIN', 'link someone else (admins)'],
  ['/flow unlink', 'remove your link (admins: `/flow unlink @person`)'],
  ['/flow watch OWNER/REPO …', 'watch repositories in this channel (admins)'],
  ['/flow unwatch OWNER/REPO', 'stop watching one (admins)'],
  ['/flow repos', 'the watched repositories and when each was last read'],
  ['/flow config', 'the thresholds and settings of this channel'],
  ['/flow set KEY VALUE', 'change one, e.g. `/flow set red.oldest_wait 12` (admins; announced in the channel)'],
  ['/flow digest', 'post the daily digest now'],
  ['/flow replay [WEEKS]', 'what the light would have done lately, and levels suggested from this history'],
  ['/flow report', 'before and after flowlight: waits, lead times, merges per week, with a chart'],
  ['/flow help', 'this help'],
];

export function buildHelp(problem?: string): SlackMessage {
  const lines = COMMANDS.map(([command, what]) => `\`${command}\` · ${what}`);
  const blocks = [
    ...(problem ? [section(`:warning: ${problem}`)] : []),
    header('flowlight: keep the review queue flowing'),
    section(lines.join('\n')),
    context('Green: build. Yellow: pick up a review before starting new work. Red: stop starting, swarm the queue. Grey: data is stale.'),
  ];
  return { text: fallback(problem ? `${problem} Type /flow help for the commands.` : 'flowlight commands: /flow, /flow next, /flow queue, /flow help'), blocks };
}
