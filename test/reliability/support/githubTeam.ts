// One team watching two repositories on the GitHub simulator, with a real SQLite store, the real poller,
// the real evaluation and outbox, and a fake Slack on loopback, all on one fixed clock that each tick
// moves one poll interval. Every request the GitHub client makes is recorded with the repository it is
// about, so a test can tell whether the poller left a rate-limited repository alone.
import { createGitHub, type GitHub, type GitHubOptions } from '../../../src/github/index.js';
import { evaluateAllTeams, type TeamEvaluation } from '../../../src/jobs/evaluate.js';
import { createDeliveryClient, deliverDue, type WebClient } from '../../../src/jobs/outbox.js';
import { pollOnce, type PollDeps, type PollReport } from '../../../src/jobs/poll.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { makePullRequest, makeScenario, startSimulator, type Scenario, type Simulator } from '../../../src/sim/index.js';
import { getCursors, type RepoCursor } from '../../../src/store/cursors.js';
import { getTeamLight, type StoredLight } from '../../../src/store/lights.js';
import type { Db } from '../../../src/store/open.js';
import { linkPerson } from '../../../src/store/people.js';
import { ensureTeam } from '../../../src/store/teams.js';
import { watchRepo } from '../../../src/store/watchedRepos.js';
import { startFakeSlack, type FakeSlack } from '../../../src/sim/slack/fakeSlack.js';
import { tempStore } from '../../helpers/tempStore.js';

/** A Monday morning, inside the default business hours. */
export const T0 = new Date('2026-11-23T10:00:00Z');
export const TEAM = 'C0TEAM';
export const API = 'acme/api';
export const WEB = 'acme/web';
export const POLL_MS = 60_000;
export const GITHUB_TOKEN = 'ghp_reliabilityTestToken000000000000000000';
export const BOT_TOKEN = 'xoxb-reliability-bot-token-000000';

/** Five PRs waiting for three reviewers: yellow (1.7 per reviewer), and green without acme/api's four. */
export function teamScenario(): Scenario {
  const createdAt = new Date(T0.getTime() - 30 * 60_000);
  const pr = (number: number, author: string) => makePullRequest({ number, author, createdAt, commits: [{ at: createdAt }] });
  return makeScenario({
    [API]: [pr(1, 'dave'), pr(2, 'erin'), pr(3, 'frank'), pr(4, 'gina')],
    [WEB]: [pr(1, 'dave')],
  });
}

export interface RecordedCall {
  /** the repositories the call is about (a batched GraphQL query may name several) */
  repos: string[];
  route: 'rest' | 'graphql';
  /** the fixed clock when the call was made */
  at: number;
}

export interface StoredRow {
  number: number;
  state: string;
  facts: string;
}

export interface GitHubTeam {
  sim: Simulator;
  db: Db;
  slack: FakeSlack;
  logger: Logger;
  /** the client the poller uses (recording every request) */
  github: GitHub;
  /** the outbox's Slack client, pointed at the fake Slack */
  client: WebClient;
  now(): Date;
  /** moves the fixed clock without polling */
  advance(ms: number): void;
  calls: RecordedCall[];
  /** when set, rewrites every JSON answer to a GraphQL call (a fault the simulator cannot shape itself) */
  tamperGraphql: ((body: unknown, call: RecordedCall) => unknown) | null;
  /** one poll interval later: poll GitHub → evaluate the team → deliver the outbox */
  tick(): Promise<{ report: PollReport; evaluation: TeamEvaluation | undefined; light: StoredLight }>;
  callsFor(repo: string): RecordedCall[];
  rows(repo: string): Promise<StoredRow[]>;
  cursor(repo: string): Promise<RepoCursor>;
  channel(): FakeSlack['messages'];
  close(): Promise<void>;
}

export async function startGitHubTeam(options: { github?: Partial<GitHubOptions>; scenario?: Scenario; logger?: Logger; access?: PollDeps['access'] } = {}): Promise<GitHubTeam> {
  let current = T0.getTime();
  const now = () => new Date(current);
  const sim = await startSimulator(options.scenario ?? teamScenario(), { token: GITHUB_TOKEN, now });
  const store = await tempStore();
  const slack = await startFakeSlack({ clock: () => current });
  const logger = options.logger ?? createLogger('silent');
  const { db } = store;
  await ensureTeam(db, TEAM, now());
  for (const repo of [API, WEB]) await watchRepo(db, TEAM, repo, null, now());
  for (const [slackId, login] of [['U0ALICE', 'alice'], ['U0BOB', 'bob'], ['U0CAROL', 'carol']] as const) await linkPerson(db, TEAM, slackId, login, now());

  const calls: RecordedCall[] = [];
  const recording: typeof fetch = async (input, init) => {
    const call = { ...describeCall(String(input instanceof Request ? input.url : input), init?.body), at: current };
    calls.push(call);
    const response = await fetch(input, init);
    const tamper = team.tamperGraphql;
    if (!tamper || call.route !== 'graphql' || response.status !== 200) return response;
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(tamper(await response.json(), call)), { status: 200, headers });
  };
  const github = createGitHub({
    auth: { kind: 'token', token: GITHUB_TOKEN },
    apiUrl: sim.url,
    graphqlUrl: sim.graphqlUrl,
    logger,
    retries: 2,
    retryBaseMs: 1,
    rateLimitWaitMsPerSecond: 1,
    requestTimeoutMs: 5_000,
    ...options.github,
    fetch: recording,
  });
  const client = createDeliveryClient({ botToken: BOT_TOKEN, slackApiUrl: slack.url });
  let ticks = 0;

  const team: GitHubTeam = {
    sim,
    db,
    slack,
    logger,
    github,
    client,
    now,
    advance: (ms) => void (current += ms),
    calls,
    tamperGraphql: null,
    async tick() {
      if (ticks > 0) current += POLL_MS;
      ticks += 1;
      const report = await pollOnce({ db, github, logger, concurrency: 2, access: options.access }, now());
      const [evaluation] = await evaluateAllTeams(db, now(), { pollIntervalMs: POLL_MS, logger });
      await deliverDue(db, client, now(), { logger });
      const light = await getTeamLight(db, TEAM);
      if (!light) throw new Error('the team has no light after an evaluation');
      return { report, evaluation, light };
    },
    callsFor: (repo) => calls.filter((c) => c.repos.includes(repo)),
    rows: async (repo) =>
      db.selectFrom('pull_requests').select(['number', 'state', 'facts']).where('repo', '=', repo).orderBy('number').execute(),
    cursor: async (repo) => (await getCursors(db, [repo])).get(repo)!,
    channel: () => slack.transcript(TEAM),
    async close() {
      await sim.close();
      await slack.close();
      await store.cleanup();
    },
  };
  return team;
}

/** Which repositories a request is about: the REST path, or every owner/name pair among the GraphQL variables. */
function describeCall(url: string, body: unknown): Omit<RecordedCall, 'at'> {
  const path = new URL(url).pathname;
  if (path.endsWith('/graphql')) {
    let variables: Record<string, unknown> = {};
    try {
      variables = (JSON.parse(String(body)) as { variables?: Record<string, unknown> }).variables ?? {};
    } catch {
      /* not JSON: about no repository we can tell */
    }
    const repos = Object.entries(variables)
      .filter(([key, value]) => /^owner\d*$/.test(key) && typeof value === 'string')
      .map(([key, owner]) => `${String(owner)}/${String(variables[key.replace('owner', 'name')])}`.toLowerCase());
    return { repos, route: 'graphql' };
  }
  const match = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
  return { repos: match ? [`${match[1]}/${match[2]}`.toLowerCase()] : [], route: 'rest' };
}

/**
 * GitHub's answer when one repository's part could not be loaded: in whatever shape the query has
 * (`repository`, or several repositories under aliases `repo0`, `repo1`, ... in variable order), the
 * first pull request of `repo` in it becomes null and an error points at it; every other part stays whole.
 */
export function nullFirstPullRequestOf(repo: string, error: { type: string; message: string }): (body: unknown, call: RecordedCall) => unknown {
  return (body, call) => {
    const answer = structuredClone(body) as { data?: Record<string, unknown>; errors?: unknown[] };
    const data = answer.data ?? {};
    const index = call.repos.indexOf(repo);
    if (index === -1) return answer;
    const parts = Object.keys(data).filter((k) => k !== 'rateLimit');
    const key = parts.length === 1 && call.repos.length === 1 ? parts[0]! : parts.find((k) => k.endsWith(String(index)) && /\D\d+$/.test(k) && Number(/\d+$/.exec(k)![0]) === index);
    if (!key) return answer;
    const path = findPullRequest(data[key], [key]);
    if (!path) return answer;
    let parent: unknown = data;
    for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
    (parent as Record<string | number, unknown>)[path.at(-1)!] = null;
    answer.errors = [...(answer.errors ?? []), { ...error, path }];
    return answer;
  };
}

/** The path to the first object with a pull request `number` (a list element or an aliased field). */
function findPullRequest(value: unknown, path: Array<string | number>): Array<string | number> | null {
  if (!value || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const step = Array.isArray(value) ? Number(key) : key;
    if (inner && typeof inner === 'object' && typeof (inner as { number?: unknown }).number === 'number') return [...path, step];
    const found = findPullRequest(inner, [...path, step]);
    if (found) return found;
  }
  return null;
}
