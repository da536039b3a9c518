import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReplay } from '../../src/cli/replay.js';
import { makePullRequest, makeRepository, startSimulator, type Scenario, type SimPullRequest, type Simulator } from '../../src/sim/index.js';

// `flowlight replay` against the GitHub simulator on loopback, on a scripted fortnight: quiet Monday and
// Tuesday, five PRs opened on Wednesday morning, all approved on Thursday afternoon. With two reviewers the
// queue per reviewer crosses yellow (1) and red (2) on Wednesday. The compiled CLI (bin/flowlight.js) runs
// as a real process where its exit code and streams are the promise (a success and a refusal); the other
// cases call the command's own run function with captured output, the function bin/flowlight.js calls.

const BIN = path.resolve(import.meta.dirname, '../../bin/flowlight.js');
const FROM = '2026-11-02T09:00:00Z';
const TO = '2026-11-13T17:00:00Z';
const at = (iso: string) => new Date(iso);

function approved(pr: SimPullRequest, iso: string, mergedIso: string): SimPullRequest {
  return { ...pr, reviews: [{ author: 'rev1', state: 'APPROVED', at: at(iso) }], state: 'MERGED', mergedAt: at(mergedIso), closedAt: at(mergedIso) };
}

function fortnight(): Scenario {
  const prs: SimPullRequest[] = [approved(makePullRequest({ number: 1, createdAt: at('2026-11-02T10:00:00Z') }), '2026-11-02T12:00:00Z', '2026-11-02T13:00:00Z')];
  ['09:30', '09:40', '09:50', '10:00', '10:10'].forEach((time, i) => {
    const reviewedAt = `2026-11-05T14:${String(i * 10).padStart(2, '0')}:00Z`;
    prs.push(approved(makePullRequest({ number: i + 2, createdAt: at(`2026-11-04T${time}:00Z`) }), reviewedAt, '2026-11-05T16:00:00Z'));
  });
  return { repositories: [makeRepository('acme/api', prs)] };
}

interface Run { code: number | null; stdout: string; stderr: string }

describe('flowlight replay (compiled) against the GitHub simulator', () => {
  let sim: Simulator;
  let dir: string;
  const credentials = (): NodeJS.ProcessEnv => ({ GITHUB_API_URL: sim.url, GITHUB_TOKEN: 'ghp_test' });
  /** the compiled CLI in a child process */
  const runBuilt = (args: string[], env: NodeJS.ProcessEnv = credentials()): Promise<Run> => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'replay', ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  /** the same command in this process: what it writes and the exit code it returns to bin/flowlight.js */
  const run = async (args: string[], env: NodeJS.ProcessEnv = credentials()): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await runReplay(args, { env, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, clock: () => new Date() });
    return { code, stdout, stderr };
  };
  const json = async (...extra: string[]) => {
    const result = await run(['acme/api', '--from', FROM, '--to', TO, '--reviewers', '2', '--json', ...extra]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]!);
  };
  const changes = (replay: { transitions: Array<{ at: string; from: string; to: string }> }) => replay.transitions.map((t) => `${t.at} ${t.from}→${t.to}`);

  beforeAll(async () => {
    sim = await startSimulator(fortnight(), { now: () => at('2026-11-20T12:00:00Z') });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-replay-cli-'));
  });
  afterAll(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints one JSON object with the keys the README lists, and the light changes the policy makes', async () => {
    const replay = await json();
    expect(Object.keys(replay)).toEqual(['from', 'to', 'settings', 'transitions', 'businessHoursIn', 'daily', 'suggested']);
    expect(replay.from).toBe('2026-11-02T09:00:00.000Z');
    expect(replay.settings['red.queue_per_reviewer']).toBe(2);
    expect(changes(replay)).toEqual([
      // Two PRs for two reviewers (1 per reviewer) at 09:40 would be yellow only after holding for an
      // hour; at 10:00 there are four, 2 per reviewer, and red does not wait.
      '2026-11-04T10:00:00.000Z green→red',
      // At 14:30 one PR is left (0.5 per reviewer, at the exit level, not under it), and it has
      // waited over 8 business hours; the queue empties at 14:40, and red comes down straight to
      // green once the queue has stayed under yellow's exit level for a whole hour.
      '2026-11-05T15:40:00.000Z red→green',
    ]);
    expect(replay.transitions[0].reasons[0]).toMatchObject({ rule: 'queue_per_reviewer', light: 'red', threshold: 2 });
    const hours = replay.businessHoursIn;
    expect(hours.green + hours.yellow + hours.red + hours.grey).toBeCloseTo(80, 5); // two working weeks
    expect(hours.grey).toBe(0);
    expect(replay.daily).toHaveLength(10);
    expect(replay.daily[2]).toEqual({ date: '2026-11-04', light: 'red', awaitingReview: 5, reviews: 0, arrivals: 5 });
    expect(replay.daily[3]).toMatchObject({ date: '2026-11-05', light: 'red', reviews: 5 });
    expect(replay.daily[0]).toEqual({ date: '2026-11-02', light: 'green', awaitingReview: 1, reviews: 1, arrivals: 1 });
  });

  it('--set takes /flow set keys: with the wait rules off and a narrower band, red clears an hour after the queue is under its exit level', async () => {
    // 1 PR left at 14:30 is 0.5 per reviewer, under an exit level of 0.8 (expected wait: 1 PR left ÷ 0.5 reviewed a
    // day = 2 days, and the oldest wait, would hold red too)
    const replay = await json('--set', 'oldest_wait=off', '--set', 'expected_wait=off', '--set', 'yellow_exit=0.8');
    expect(replay.settings.oldest_wait).toBe('off');
    expect(changes(replay)).toEqual(['2026-11-04T10:00:00.000Z green→red', '2026-11-05T15:30:00.000Z red→green']);
  });

  it('--set a higher red level: never red', async () => {
    const replay = await json('--set', 'red.queue_per_reviewer=3', '--set', 'red.oldest_wait=40');
    expect(changes(replay).some((c) => c.includes('red'))).toBe(false);
    expect(replay.businessHoursIn.red).toBe(0);
  });

  it('with every rule off there are no transitions and every hour is green', async () => {
    const replay = await json('--set', 'queue_per_reviewer=off', '--set', 'oldest_wait=off', '--set', 'expected_wait=off', '--set', 'lines_per_reviewer=off');
    expect(replay.transitions).toEqual([]);
    expect(replay.businessHoursIn).toEqual({ green: 80, yellow: 0, red: 0, grey: 0 });
    expect(replay.daily.every((d: { light: string }) => d.light === 'green')).toBe(true);
  });

  it('without --json: a table, the changes, the suggestion with its reason, and a one-line summary; --png writes the chart', async () => {
    const png = path.join(dir, 'replay.png');
    const result = await runBuilt(['acme/api', '--from', FROM, '--to', TO, '--reviewers', '2', '--png', png]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2026-11-04  red');
    expect(result.stdout).toContain('2026-11-04 10:00Z  green → red: 4 PRs awaiting review for 2 reviewers');
    expect(result.stdout).toMatch(/Suggested: --set \S+=/);
    expect(result.stdout).toMatch(/worst ~10% of business hours/);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^Summary: 2 light changes; business hours green [\d.]+ · yellow [\d.]+ · red [\d.]+ · grey 0\.$/);
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 675]);
  });

  it.each([
    [['acme/api', '--to', TO], /--from is required/],
    [['acme/api', '--from', 'yesterday', '--to', TO], /--from "yesterday" is not an ISO time/],
    [['acme/api', '--from', TO, '--to', FROM], /--to .* must be after --from/],
    [['acme/api', '--from', FROM, '--to', '2999-01-01T00:00:00Z'], /is in the future/],
    [['not-a-repo', '--from', FROM, '--to', TO], /is not a repository name/],
    [['acme/api', '--from', FROM, '--to', TO, '--set', 'red.queue_per_reviewer'], /is not KEY=VALUE/],
    [['acme/api', '--from', FROM, '--to', TO, '--set', 'red.nonsense=3'], /Unknown rule "nonsense"/],
    [['acme/api', '--from', FROM, '--to', TO, '--set', 'yellow.queue_per_reviewer=5'], /must be below red.queue_per_reviewer/],
    [['acme/api', '--from', FROM, '--to', TO, '--reviewers', 'two'], /--reviewers "two" must be a whole number/],
    [['acme/api', '--from', FROM, '--to', TO, '--tz', 'Mars/Olympus'], /is not a time zone/],
    [['acme/api', '--from', FROM, '--to', TO, '--colour'], /Unknown option '--colour'.*Options: --from TIME/],
  ])('bad flags %j: a message saying what to fix, exit 2', async (args, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^flowlight replay: /);
    expect(result.stderr).toMatch(message as RegExp);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('the compiled CLI refuses a bad flag the same way: the message on stderr, nothing on stdout, exit 2', async () => {
    const result = await runBuilt(['acme/api', '--from', FROM, '--to', TO, '--colour']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^flowlight replay: /);
    expect(result.stderr).toMatch(/Unknown option '--colour'.*Options: --from TIME/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('without GitHub credentials: says what to set, exit 2', async () => {
    const result = await run(['acme/api', '--from', FROM, '--to', TO], { GITHUB_API_URL: sim.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/GITHUB_TOKEN/);
  });

  it('a chart that cannot be written: says where and why, exit 1', async () => {
    const result = await run(['acme/api', '--from', FROM, '--to', TO, '--png', path.join(dir, 'missing-folder', 'x.png')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the chart could not be written to .*missing-folder.*Check that the folder exists/);
  });
});
