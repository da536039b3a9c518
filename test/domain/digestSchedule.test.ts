import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { digestCronExpression, digestDueAt, nextDigestAt, type DigestTiming } from '../../src/domain/digestSchedule.js';

const berlin: DigestTiming = { digestTime: '09:30', workingHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } };
const newYork: DigestTiming = { digestTime: '09:30', workingHours: { timeZone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } };
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('when the daily digest is due', () => {
  it('stays at 09:30 local across the spring-forward weekend (Berlin: 08:30Z before, 07:30Z after)', () => {
    expect(iso(nextDigestAt(new Date('2026-03-27T07:00:00Z'), berlin))).toBe('2026-03-27T08:30:00.000Z'); // Friday, CET
    expect(iso(nextDigestAt(new Date('2026-03-27T08:30:00Z'), berlin))).toBe('2026-03-30T07:30:00.000Z'); // Monday, CEST
  });

  it('stays at 09:30 local across the fall-back weekend (New York: 13:30Z before, 14:30Z after)', () => {
    expect(iso(nextDigestAt(new Date('2026-10-30T13:30:00Z'), newYork))).toBe('2026-11-02T14:30:00.000Z');
    expect(iso(nextDigestAt(new Date('2026-11-02T14:30:00Z'), newYork))).toBe('2026-11-03T14:30:00.000Z');
  });

  it('skips non-working days and follows custom ones', () => {
    const sundayToThursday: DigestTiming = { digestTime: '08:00', workingHours: { timeZone: 'Asia/Jerusalem', days: [7, 1, 2, 3, 4], start: '08:00', end: '16:00' } };
    // Thursday 2026-03-05 08:00 IST (06:00Z) → next is Sunday 2026-03-08 08:00 IST.
    expect(iso(nextDigestAt(new Date('2026-03-05T06:00:00Z'), sundayToThursday))).toBe('2026-03-08T06:00:00.000Z');
    expect(nextDigestAt(new Date('2026-03-05T06:00:00Z'), { ...berlin, workingHours: { ...berlin.workingHours, days: [] } })).toBeNull();
  });

  it('says today\'s digest is owed only after its time, on a working day', () => {
    expect(digestDueAt(new Date('2026-03-30T07:29:00Z'), berlin)).toBeNull();
    expect(iso(digestDueAt(new Date('2026-03-30T12:00:00Z'), berlin))).toBe('2026-03-30T07:30:00.000Z');
    expect(digestDueAt(new Date('2026-03-29T12:00:00Z'), berlin)).toBeNull(); // Sunday
  });

  it('gives node-cron an expression that fires at the same instants in the team\'s zone, DST included', async () => {
    for (const timing of [berlin, newYork]) {
      const expression = digestCronExpression(timing)!;
      expect(expression).toBe('30 9 * * 1,2,3,4,5');
      const task = cron.createTask(expression, () => {}, { timezone: timing.workingHours.timeZone });
      let at = new Date(timing === berlin ? '2026-03-25T00:00:00Z' : '2026-10-28T00:00:00Z');
      for (let i = 0; i < 6; i += 1) {
        const next = nextDigestAt(at, timing)!;
        expect(task.match(next), `${timing.workingHours.timeZone} ${next.toISOString()}`).toBe(true);
        expect(task.match(new Date(next.getTime() - 3_600_000))).toBe(false);
        expect(task.match(new Date(next.getTime() + 3_600_000))).toBe(false);
        at = next;
      }
      await task.destroy();
    }
  });

  it('has no cron expression for a team without working days', () => {
    expect(digestCronExpression({ ...berlin, workingHours: { ...berlin.workingHours, days: [] } })).toBeNull();
    expect(digestCronExpression({ ...berlin, workingHours: { ...berlin.workingHours, days: [1, 7] } })).toBe('30 9 * * 0,1');
  });
});
