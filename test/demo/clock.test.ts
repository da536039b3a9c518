import { describe, expect, it } from 'vitest';
import { nextTick, nextWorkingStart, realTimePacer, simulatedClock } from '../../src/demo/clock.js';
import { DEFAULT_WORKING_HOURS } from '../../src/domain/types.js';

const hours = DEFAULT_WORKING_HOURS; // Mon-Fri 09:00-17:00 UTC
const iso = (d: Date) => d.toISOString();

describe('the demo clock', () => {
  it('ticks every few minutes during working hours', () => {
    expect(iso(nextTick(new Date('2026-12-01T10:00:00Z'), 10, hours))).toBe('2026-12-01T10:10:00.000Z');
  });

  it('gives the end of the working day its own tick, then jumps to the next morning', () => {
    expect(iso(nextTick(new Date('2026-12-01T16:50:00Z'), 10, hours))).toBe('2026-12-01T17:00:00.000Z');
    expect(iso(nextTick(new Date('2026-12-01T16:55:00Z'), 10, hours))).toBe('2026-12-01T17:00:00.000Z');
    expect(iso(nextTick(new Date('2026-12-01T17:00:00Z'), 10, hours))).toBe('2026-12-02T09:00:00.000Z');
  });

  it('passes the weekend in one step', () => {
    expect(iso(nextTick(new Date('2026-12-04T17:00:00Z'), 10, hours))).toBe('2026-12-07T09:00:00.000Z');
    expect(iso(nextWorkingStart(new Date('2026-12-05T12:00:00Z'), hours))).toBe('2026-12-07T09:00:00.000Z');
    expect(iso(nextWorkingStart(new Date('2026-12-07T09:30:00Z'), hours))).toBe('2026-12-07T09:30:00.000Z');
  });

  it('never runs backwards', () => {
    const clock = simulatedClock(new Date('2026-12-01T10:00:00Z'));
    clock.set(new Date('2026-12-01T09:00:00Z'));
    expect(iso(clock.now())).toBe('2026-12-01T10:00:00.000Z');
  });

  it('paces ticks to real time without racing to catch up after a slow one', async () => {
    let wall = 0;
    const slept: number[] = [];
    const pacer = realTimePacer(async (ms) => {
      slept.push(ms);
      wall += ms;
    }, () => wall);
    await pacer.wait(100);
    wall += 30; // a tick that took 30 ms of work
    await pacer.wait(100);
    wall += 250; // a slow tick
    await pacer.wait(100);
    await pacer.wait(100);
    expect(slept).toEqual([100, 70, 100]);
  });
});
