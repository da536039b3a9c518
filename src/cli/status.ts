import { parseArgs } from 'node:util';
import type { Assessment } from '../domain/assess.js';
import { businessHoursBetween, isValidTimeZone } from '../domain/businessHours.js';
import { applySetting, DEFAULT_SETTINGS } from '../domain/settings.js';
import { printable } from '../printable.js';
import { describeError, FlowlightError } from '../errors.js';
import type { GitHubOptions } from '../github/index.js';
import { formatStatusTable, toStatusJson } from './statusOutput.js';
import { MISSING_TOKEN, REPO_NAME } from './githubArgs.js';

export interface StatusIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  clock: () => Date;
  /** retry and timeout tuning for GitHub calls (tests shorten the back-off) */
  githubTuning?: Pick<GitHubOptions, 'retries' | 'retryBaseMs' | 'requestTimeoutMs'>;
}

export interface StatusOptions {
  repos: string[];
  json: boolean;
  at: Date;
  reviewers: number | undefined;
  timeZone: string | undefined;
}

const CLI_TEAM = 'cli';

const STATUS_USAGE = `Usage: flowlight status OWNER/REPO [OWNER/REPO ...] [--json] [--at ISO-TIME] [--reviewers N] [--tz ZONE]
Reads the repositories once from GitHub and prints the review queue and the light.
  --json           one JSON object (light, reasons, metrics, pullRequests) instead of the table
  --at ISO-TIME    evaluate as of that time, e.g. 2026-11-20T10:00:00Z
  --reviewers N    how many people review for this team
  --tz ZONE        the team's time zone for business hours, e.g. Europe/Berlin
Needs GITHUB_TOKEN (or GITHUB_TOKEN_FILE, or a GitHub App), from the environment or a .env file here; see .env.example.
Exit code: 0 every repository read, 1 a repository could not be read (grey), 2 a usage or configuration error.`;


/** Parses `status` arguments; every mistake is a message that says how to fix it. */
export function parseStatusArgs(args: string[], now: Date): StatusOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, at: { type: 'string' }, reviewers: { type: 'string' }, tz: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new FlowlightError('input_invalid', `${describeError(error)}. Options: --json, --at ISO-TIME, --reviewers N, --tz ZONE.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) {
    throw new FlowlightError('input_invalid', 'Name at least one repository: flowlight status OWNER/REPO [OWNER/REPO ...]');
  }
  for (const repo of positionals) {
    if (!REPO_NAME.test(repo) || repo.includes('..')) {
      throw new FlowlightError('input_invalid', `"${repo}" is not a repository name. Write it as OWNER/REPO, for example octocat/hello-world.`);
    }
  }
  let at = now;
  if (values.at !== undefined) {
    at = new Date(values.at);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.at) || Number.isNaN(at.getTime())) {
      throw new FlowlightError('input_invalid', `--at "${values.at}" is not an ISO time. Write it like 2026-11-20T10:00:00Z.`);
    }
  }
  let reviewers: number | undefined;
  if (values.reviewers !== undefined) {
    reviewers = Number(values.reviewers);
    if (!Number.isInteger(reviewers) || reviewers < 1 || reviewers > 1000) {
      throw new FlowlightError('input_invalid', `--reviewers "${values.reviewers}" must be a whole number from 1 to 1000 (the people who review for this team).`);
    }
  }
  if (values.tz !== undefined && !isValidTimeZone(values.tz)) {
    throw new FlowlightError('input_invalid', `--tz "${values.tz}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`);
  }
  return { repos: [...new Set(positionals.map((r) => r.toLowerCase()))], json: values.json ?? false, at, reviewers, timeZone: values.tz };
}

/**
 * `flowlight status`: reads the repositories once with the bot's own poller, assesses them with the
 * bot's own policy, prints the queue. Exit 0 when every repository was read, 1 when not (grey), 2 on usage errors.
 */
export async function runStatus(args: string[], io: StatusIo): Promise<number> {
  let options: StatusOptions | 'help';
  let config;
  try {
    options = parseStatusArgs(args, io.clock());
    if (options === 'help') {
      io.stdout.write(`${STATUS_USAGE}\n`);
      return 0;
    }
    // Loaded once the arguments are known to be good (the config schema, then the store, Octokit and the poller below):
    // --help and a mistyped argument are answered without them.
    const { loadConfig } = await import('../config.js');
    config = loadConfig(io.env);
    // Without credentials GitHub answers GraphQL with 401 after retries: say what to set instead.
    if (config.github.auth.kind === 'none') throw new FlowlightError('config_invalid', MISSING_TOKEN);
  } catch (error) {
    io.stderr.write(`flowlight status: ${describeError(error)}\n`);
    return 2;
  }

  const [{ assessTeam }, { createGitHub }, { pollOnce }, { pollTimeLimitMs }, { silentLogger }, { openStore }, { loadTeamSnapshot }, { ensureTeam, saveSettingsOverrides }, { watchRepo }] = await Promise.all([
    import('../domain/assess.js'), import('../github/index.js'), import('../jobs/poll.js'), import('../jobs/scheduler.js'), import('../logger.js'),
    import('../store/open.js'), import('../store/snapshot.js'), import('../store/teams.js'), import('../store/watchedRepos.js'),
  ]);
  // 1. a throwaway store: the same tables and code paths the bot uses, nothing left behind
  const db = await openStore(':memory:');
  try {
    await ensureTeam(db, CLI_TEAM, options.at);
    for (const repo of options.repos) await watchRepo(db, CLI_TEAM, repo, null, options.at);
    if (options.timeZone) {
      const change = applySetting(DEFAULT_SETTINGS, 'timezone', options.timeZone);
      if (change.ok) await saveSettingsOverrides(db, CLI_TEAM, change.overrides);
    }
    // 2. read GitHub once, as of --at
    const github = createGitHub({ auth: config.github.auth, apiUrl: config.github.apiUrl, graphqlUrl: config.github.graphqlUrl, logger: silentLogger, ...io.githubTuning });
    const poll = await pollOnce({ db, github, logger: silentLogger, concurrency: config.pollConcurrency, timeLimitMs: pollTimeLimitMs(60_000) }, options.at);
    // 3. decide with the policy engine
    const snapshot = await loadTeamSnapshot(db, CLI_TEAM, 60_000, options.at);
    const assessment: Assessment = assessTeam({ ...snapshot, reviewersOverride: options.reviewers }, options.at);
    const waitOf = (since: Date | null) => (since ? businessHoursBetween(since, options.at, snapshot.settings.workingHours) : 0);
    // 4. print
    // A renamed repository is read under its new name (GitHub redirects the old one): say so first.
    if (options.json) io.stdout.write(`${JSON.stringify({ ...toStatusJson(assessment, waitOf), renamed: poll.renamed })}\n`);
    else io.stdout.write(poll.renamed.map(({ from, to }) => `${printable(from)} was renamed to ${printable(to)} on GitHub; reading ${printable(to)}.\n`).join('') + formatStatusTable(options, assessment, waitOf));
    return poll.failed.length > 0 || assessment.decision.light === 'grey' ? 1 : 0;
  } finally {
    await db.destroy();
  }
}
