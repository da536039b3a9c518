import { spawn } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { livenessOf, thisProcess } from '../../src/jobs/processLiveness.js';

// Whether a lease holder's process still runs. The restart it allows is tested on the real process
// in test/reliability/crash.test.ts; these are the rules, case by case.

async function pidOfAnExitedProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('a lease holder’s liveness', () => {
  it('a live pid with no recorded start time is alive: the pid alone decides, and the restart waits', () => {
    expect(livenessOf({ host: os.hostname(), pid: process.ppid, started: null })).toBe('alive');
  });

  it('a pid that no longer exists is gone', async () => {
    expect(livenessOf({ host: os.hostname(), pid: await pidOfAnExitedProcess(), started: null })).toBe('gone');
  });

  it('our own pid in the lease was a previous process (this one has not taken the lease yet)', () => {
    expect(livenessOf({ ...thisProcess() })).toBe('gone');
  });

  it('a holder on another host cannot be asked', () => {
    expect(livenessOf({ host: `${os.hostname()}-other`, pid: 1, started: null })).toBe('elsewhere');
  });

  it.skipIf(thisProcess().started === null)('a live pid started at another time is a reused pid: gone (no /proc: skipped)', () => {
    expect(livenessOf({ host: os.hostname(), pid: process.ppid, started: 'another-boot/1' })).toBe('gone');
  });
});
