import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { applySettingChanges } from '../domain/applySettingChanges.js';
import { isValidTimeZone, startOfTrailingBusinessDays } from '../domain/businessHours.js';
import { hoursInEachLight, pollTimesEvery, relight, replayTeam, REPLAY_HISTORY_BUSINESS_DAYS } from '../domain/replay.js';
import { DEFAULT_SETTINGS, type TeamSettings } from '../domain/settingsModel.js';
import { suggestLevels } from '../domain/suggestLevels.js';
import type { PullRequestFacts } from '../domain/types.js';
import { describeError, FlowlightError } from '../errors.js';
import type { GitHubOptions } from '../github/index.js';
import { silentLogger } from '../logger.js';
import { printable } from '../printable.js';
import { formatReplayTable, toReplayJson } from './replayOutput.js';
import { MISSING_TOKEN, REPO_NAME } from './githubArgs.js';

// `flowlight replay`: reads the repositories' history from GitHub once, replays it through the bot's
// own policy (facts as of each poll, assessTeam, the light carried from poll to poll), and prints
// what the light would have done, with levels suggested from the team's own distribution.

export interface ReplayIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  clock: () => Date;
  githubTuning?: Pick<GitHubOptions, 'retries' | 'retryBaseMs' | 'requestTimeoutMs'>;
}

export interface ReplayOptions {
  repos: string[];
  from: Date;
  to: Date;
  json: boolean;
  png: string | null;
  reviewers: number | undefined;
  settings: TeamSettings;
}

/** A deployed bot evaluates after every poll; the replay evaluates this often. */
export const REPLAY_STEP_MINUTES = 10;
/** The longest range replayed at once (a half year): longer ones take minutes and read a lot of GitHub. */
export const MAX_REPLAY_DAYS = 183;

export const REPLAY_USAGE = `Usage: flowlight replay OWNER/REPO [OWNER/REPO ...] --from TIME --to TIME [--reviewers N] [--tz ZONE] [--set KEY=VALUE ...] [--json] [--png FILE]
Reads the repositories' pull requests from GitHub and replays them through flowlight's own policy:
what the light would have done between --from and --to, and levels suggested from this history.
  --from TIME, --to TIME  the range, ISO times such as 2026-11-02T09:00:00Z (at most ${MAX_REPLAY_DAYS} days, not in the future)
  --reviewers N           how many people review for this team (otherwise: who reviewed lately)
  --tz ZONE               the team's time zone for business hours, e.g. Europe/Berlin
  --set KEY=VALUE         a /flow set change, repeatable: --set red.queue_per_reviewer=3 --set oldest_wait=off
  --json                  one JSON object (from, to, settings, transitions, businessHoursIn, daily, suggested)
  --png FILE              also write the chart (queue per business day, the light as bands) to FILE
Needs GITHUB_TOKEN (or GITHUB_TOKEN_FILE, or a GitHub App), from the environment or a .env file here.
Exit code: 0 replayed, 1 a repository could not be read or the chart not written, 2 a usage or configuration error.`;

const OPTIONS_HINT = 'Options: --from TIME, --to TIME, --reviewers N, --tz ZONE, --set KEY=VALUE, --json, --png FILE.';

/** Parses `replay` arguments; every mistake is a message that says how to fix it. */
export function parseReplayArgs(args: string[], now: Date): ReplayOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string' }, to: { type: 'string' }, reviewers: { type: 'string' }, tz: { type: 'string' },
        set: { type: 'string', multiple: true }, json: { type: 'boolean' }, png: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new FlowlightError('input_invalid', `${describeError(error)}. ${OPTIONS_HINT}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new FlowlightError('input_invalid', 'Name at least one repository: flowlight replay OWNER/REPO --from TIME --to TIME');
  for (const repo of positionals) {
    if (!REPO_NAME.test(repo) || repo.includes('..')) throw new FlowlightError('input_invalid', `"${printable(repo)}" is not a repository name. Write it as OWNER/REPO, for example octocat/hello-world.`);
  }
  const from = parseTime('--from', values.from);
  const to = parseTime('--to', values.to);
  if (to.getTime() <= from.getTime()) throw new FlowlightError('input_invalid', `--to (${to.toISOString()}) must be after --from (${from.toISOString()}).`);
  if (to.getTime() > now.getTime()) throw new FlowlightError('input_invalid', `--to (${to.toISOString()}) is in the future: replay reads what already happened. Use a time up to now, ${now.toISOString()}.`);
  if (to.getTime() - from.getTime() > MAX_REPLAY_DAYS * 86_400_000) throw new FlowlightError('input_invalid', `The range is longer than ${MAX_REPLAY_DAYS} days: replay a shorter one (a few weeks tell a team most).`);

  let reviewers: number | undefined;
  if (values.reviewers !== undefined) {
    reviewers = Number(values.reviewers);
    if (!Number.isInteger(reviewers) || reviewers < 1 || reviewers > 1000) throw new FlowlightError('input_invalid', `--reviewers "${printable(values.reviewers)}" must be a whole number from 1 to 1000 (the people who review for this team).`);
  }
  if (values.tz !== undefined && !isValidTimeZone(values.tz)) throw new FlowlightError('input_invalid', `--tz "${printable(values.tz)}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`);

  const changes: Array<readonly [string, string]> = values.tz !== undefined ? [['timezone', values.tz]] : [];
  for (const set of values.set ?? []) {
    const at = set.indexOf('=');
    if (at <= 0) throw new FlowlightError('input_invalid', `--set "${printable(set)}" is not KEY=VALUE. Write it like --set red.queue_per_reviewer=3 or --set oldest_wait=off (the keys of /flow set).`);
    changes.push([set.slice(0, at), set.slice(at + 1)]);
  }
  const applied = applySettingChanges(DEFAULT_SETTINGS, changes);
  if (!applied.ok) throw new FlowlightError('input_invalid', `--set: ${applied.error.replace(/Example: \/flow set (\S+) (.+)$/, 'Example: --set $1=$2')}`);
  if (values.png !== undefined && values.png.trim() === '') throw new FlowlightError('input_invalid', '--png needs a file name, for example --png replay.png');

  return { repos: [...new Set(positionals.map((r) => r.toLowerCase()))], from, to, json: values.json ?? false, png: values.png ?? null, reviewers, settings: applied.settings };
}

function parseTime(flag: string, text: string | undefined): Date {
  if (text === undefined) throw new FlowlightError('input_invalid', `${flag} is required: give an ISO time such as 2026-11-02T09:00:00Z.`);
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime())) throw new FlowlightError('input_invalid', `${flag} "${printable(text)}" is not an ISO time. Write it like 2026-11-02T09:00:00Z.`);
  return at;
}

export async function runReplay(args: string[], io: ReplayIo): Promise<number> {
  let options: ReplayOptions | 'help';
  let config;
  try {
    options = parseReplayArgs(args, io.clock());
    if (options === 'help') {
      io.stdout.write(`${REPLAY_USAGE}\n`);
      return 0;
    }
    // Loaded once the arguments are known to be good (the config schema, then Octokit below).
    const { loadConfig } = await import('../config.js');
    config = loadConfig(io.env);
    if (config.github.auth.kind === 'none') throw new FlowlightError('config_invalid', MISSING_TOKEN.replace('flowlight status OWNER/REPO', 'flowlight replay OWNER/REPO --from TIME --to TIME'));
  } catch (error) {
    io.stderr.write(`flowlight replay: ${describeError(error)}\n`);
    return 2;
  }
  const { settings } = options;

  // 1. read: open PRs, and those closed since the history the first evaluation needs
  const { createGitHub, readPullRequestHistory } = await import('../github/index.js');
  const github = createGitHub({ auth: config.github.auth, apiUrl: config.github.apiUrl, graphqlUrl: config.github.graphqlUrl, logger: silentLogger, ...io.githubTuning });
  const since = new Date(startOfTrailingBusinessDays(options.from, REPLAY_HISTORY_BUSINESS_DAYS, settings.workingHours).getTime() - 86_400_000);
  const pullRequests: PullRequestFacts[] = [];
  for (const repo of options.repos) {
    const read = await readPullRequestHistory(github, repo, since, io.clock());
    if (!read.ok) {
      io.stderr.write(`flowlight replay: ${printable(repo)} could not be read: ${describeError(read.failure.error)}\n`);
      return 1;
    }
    pullRequests.push(...read.pullRequests);
  }

  // 2. replay with the bot's policy, then decide again with the suggested levels
  const result = replayTeam({
    pullRequests, members: [], settings, from: options.from, to: options.to,
    pollTimes: pollTimesEvery(options.from, options.to, REPLAY_STEP_MINUTES * 60_000),
    ...(options.reviewers !== undefined ? { reviewersOverride: options.reviewers } : {}),
  });
  const suggestion = suggestLevels(result.polls, options.to, settings);
  const withSuggestion = suggestion.kind === 'suggested' ? relight(result.polls, suggestion.settings) : null;

  // 3. print, and draw
  if (options.json) io.stdout.write(`${JSON.stringify(toReplayJson(result, suggestion))}\n`);
  else io.stdout.write(formatReplayTable(options.repos, result, suggestion, withSuggestion && { transitions: withSuggestion.transitions.length, hours: hoursInEachLight(withSuggestion.polls, options.to, suggestion.kind === 'suggested' ? suggestion.settings : settings) }));
  if (options.png !== null) {
    try {
      const title = `${options.repos.join(', ')} · ${options.from.toISOString().slice(0, 10)} to ${options.to.toISOString().slice(0, 10)}`;
      // Chart.js and the canvas load only when a chart is asked for (--png).
      const { renderReplayChart } = await import('../chart/replayChart.js');
      fs.writeFileSync(options.png, await renderReplayChart(result, title));
    } catch (error) {
      io.stderr.write(`flowlight replay: the chart could not be written to ${printable(options.png)}: ${describeError(error)}. Check that the folder exists and is writable.\n`);
      return 1;
    }
  }
  return 0;
}
