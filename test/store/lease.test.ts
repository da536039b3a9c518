import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLease, releaseLease, renewLease, takeOverLease } from '../../src/store/lease.js';
import type { Db } from '../../src/store/open.js';
import { tempStore } from '../helpers/tempStore.js';

const t0 = new Date('2026-11-20T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('the one-bot-per-database lease', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ db, cleanup } = await tempStore()));
  afterEach(async () => cleanup());

  it('goes to the first bot and is refused to a second while the first renews it', async () => {
    expect(await acquireLease(db, 'a', t0, 120_000)).toEqual({ held: true });
    expect(await renewLease(db, 'a', later(60_000))).toBe(true);
    expect(await acquireLease(db, 'b', later(150_000), 120_000)).toEqual({ held: false, holder: 'a', renewedAt: later(60_000), process: null });
    expect(await acquireLease(db, 'a', later(150_000), 120_000)).toEqual({ held: true }); // the holder may take it again
  });

  it('passes to another bot once the holder has been silent past the expiry (a crashed bot)', async () => {
    await acquireLease(db, 'a', t0, 120_000);
    expect(await acquireLease(db, 'b', later(120_001), 120_000)).toEqual({ held: true });
    expect(await renewLease(db, 'a', later(130_000))).toBe(false); // the old holder learns it lost the lease
  });

  it('is free at once after a clean release', async () => {
    await acquireLease(db, 'a', t0, 120_000);
    await releaseLease(db, 'b'); // not b's to release
    expect((await acquireLease(db, 'b', later(1), 120_000)).held).toBe(false);
    await releaseLease(db, 'a');
    expect(await acquireLease(db, 'b', later(2), 120_000)).toEqual({ held: true });
  });

  it('records the holder’s process, and a takeover succeeds only from the holder it names', async () => {
    const dead = { host: 'h', pid: 10, started: 'boot/5' };
    await acquireLease(db, 'a', t0, 120_000, dead);
    expect(await acquireLease(db, 'b', later(1_000), 120_000)).toEqual({ held: false, holder: 'a', renewedAt: t0, process: dead });
    expect(await takeOverLease(db, 'x', 'b', later(1_000), null)).toBe(false); // 'x' does not hold it
    expect(await takeOverLease(db, 'a', 'b', later(1_000), { host: 'h', pid: 11, started: null })).toBe(true);
    expect(await takeOverLease(db, 'a', 'c', later(1_001), null)).toBe(false); // a second restart racing for 'a' loses
    expect(await renewLease(db, 'b', later(2_000))).toBe(true);
  });
});
