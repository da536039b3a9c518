import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoProcess, sharedDemoRun, type DemoRun } from '../helpers/demoRun.js';

// `npm run demo` as a user runs it without a terminal: a child process, no TTY, at high speed.
// It must end by itself with exit 0, and its transcript must show every moment the README promises,
// each of them printed by the Slack stand-in from what the real app and outbox sent.

const runDemo = (args: string[]) => runDemoProcess(['demo', ...args]);

/** The transcript entries (a header line and its │ body lines), split at each timed header. */
function entries(transcript: string): string[] {
  return transcript.split(/\n(?=\d\d:\d\d )/);
}

describe('npm run demo without a terminal', () => {
  let dir: string;
  let run: DemoRun;
  let short: Awaited<ReturnType<typeof runDemo>>;

  // The fortnight is the test run's shared one (test/helpers/demoRun.ts); a two-day run of the same seed
  // (for the determinism case) runs beside it.
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlight-demo-'));
    [run, short] = await Promise.all([
      sharedDemoRun(),
      runDemo(['--speed', '10000', '--days', '2', '--db', path.join(dir, 'short.db')]),
    ]);
  }, 180_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the two weeks by itself and exits 0 without errors', () => {
    expect(run.stderr).not.toMatch(/flowlight log|does not speak|Error:|at .*\.ts:\d+/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Two working weeks later');
  });

  it('links the team and watches the repositories through signed /flow requests', () => {
    expect(run.stdout).toContain('@ana in #team: /flow watch flowlight-demo/api flowlight-demo/web flowlight-demo/mobile');
    expect(run.stdout).toContain('You are linked to GitHub `finn`. This channel has 6 linked reviewers.');
  });

  it('shows the light going yellow', () => {
    expect(entries(run.stdout).some((e) => e.includes('#team · flowlight') && e.includes('🟡 The review queue is filling up') && e.includes('green → yellow'))).toBe(true);
  });

  it('shows the light going red with a swarm plan naming people and PRs', () => {
    const red = entries(run.stdout).find((e) => e.includes('🔴 Review queue over the limit') && !e.includes('(updated'));
    expect(red).toBeDefined();
    expect(red).toContain('Swarm plan');
    expect(red).toMatch(/@(ana|bea|carl|dan|eve|finn) → flowlight-demo\/\w+#\d+/);
  });

  it('updates the swarm plan in place as reviews and claims land', () => {
    const updates = entries(run.stdout).filter((e) => /#team · flowlight \(updated: the message of \d\d:\d\d\)/.test(e) && e.includes('Plan updated'));
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.some((e) => /@\w+ → flowlight-demo\//.test(e))).toBe(true);
  });

  it('sends the input-gate DM to someone who opens a PR while the team swarms', () => {
    const dm = entries(run.stdout).find((e) => /DM to @\w+ · flowlight/.test(e));
    expect(dm).toBeDefined();
    expect(dm).toContain('Your team is swarming');
    expect(dm).toMatch(/Pick up first: flowlight-demo\//);
  });

  it('shows the queue cleared and the light back to green', () => {
    const cleared = entries(run.stdout).find((e) => e.includes('🟢 Review queue cleared: back to green'));
    expect(cleared).toBeDefined();
    expect(cleared).toMatch(/(red|yellow) → green/);
    expect(cleared).toMatch(/reviews? done by @\w+/);
  });

  it('posts the daily digest', () => {
    const digest = entries(run.stdout).find((e) => e.includes('Review queue digest, 2026-'));
    expect(digest).toBeDefined();
    expect(digest).toContain('Flow:');
    expect(digest).toMatch(/Trend, last \d+ business days/);
  });

  it('shows buttons as [Pick up] and the answers only their asker sees', () => {
    expect(run.stdout).toContain('[Pick up] [Skip]');
    expect(run.stdout).toMatch(/@\w+ presses \[Pick up\]/);
    expect(run.stdout).toMatch(/only visible to @\w+ \(replaces the reply above\)/);
  });

  it('tells the same story for the same seed: a two-day run is the first two days of the fortnight', () => {
    expect(short.code).toBe(0);
    const days = (out: string) => out.slice(out.indexOf('━━ Monday'), out.indexOf('━━ Wednesday') === -1 ? out.indexOf('━━ 2 working days later') : out.indexOf('━━ Wednesday'));
    expect(days(short.stdout).length).toBeGreaterThan(1000);
    expect(days(short.stdout)).toBe(days(run.stdout));
  });
});

describe('npm run demo with bad arguments', () => {
  it('says what is wrong and exits 2 without starting anything', async () => {
    const run = await runDemo(['--speed', 'fast']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--speed "fast" must be a number above 0');
    expect(run.stdout).toBe('');
  });
});
