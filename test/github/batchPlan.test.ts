import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDetailCalls, planListCalls } from '../../src/github/batchPlan.js';

// Packing reads into calls of 1 point: 149 lists, or 49 PRs, to a call.

describe('planning batched list calls', () => {
  it('puts 74 first reads (open + closed lists) in a call, and a 75th in the next', () => {
    const wants = Array.from({ length: 75 }, (_, i) => ({ id: i, open: true, closed: true }));
    const calls = planListCalls(wants);
    expect(calls.map((c) => c.length)).toEqual([74, 1]);
  });

  it('puts 149 later reads (open list only) in one call', () => {
    const wants = Array.from({ length: 300 }, (_, i) => ({ id: i, open: true, closed: false }));
    expect(planListCalls(wants).map((c) => c.length)).toEqual([149, 149, 2]);
  });

  it('asks nothing for repositories whose lists have ended', () => {
    expect(planListCalls([{ open: false, closed: false }])).toEqual([]);
  });

  it('never goes over 149 lists a call, and keeps every repository exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ open: fc.boolean(), closed: fc.boolean() })), (wants) => {
        const calls = planListCalls(wants);
        for (const call of calls) expect(call.reduce((n, w) => n + Number(w.open) + Number(w.closed), 0)).toBeLessThanOrEqual(149);
        expect(calls.flat()).toEqual(wants.filter((w) => w.open || w.closed));
      }),
    );
  });
});

describe('planning batched details calls', () => {
  it('fills calls with 49 PRs across repositories, a repository spanning two calls where it must', () => {
    const calls = planDetailCalls([
      { repo: 'a', numbers: Array.from({ length: 30 }, (_, i) => i + 1) },
      { repo: 'b', numbers: Array.from({ length: 30 }, (_, i) => i + 1) },
      { repo: 'c', numbers: [7] },
    ]);
    expect(calls.map((call) => call.map((w) => [w.repo, w.numbers.length]))).toEqual([
      [['a', 30], ['b', 19]],
      [['b', 11], ['c', 1]],
    ]);
  });

  it('skips repositories with nothing to read', () => {
    expect(planDetailCalls([{ repo: 'a', numbers: [] }, { repo: 'b', numbers: [3] }])).toEqual([[{ repo: 'b', numbers: [3] }]]);
  });

  it('never goes over 49 PRs a call, fills every call but the last, and asks for each PR exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 130 }), { maxLength: 12 }), (sizes) => {
        const wanted = sizes.map((size, repo) => ({ repo, numbers: Array.from({ length: size }, (_, i) => i + 1) }));
        const calls = planDetailCalls(wanted);
        const sizesOf = calls.map((call) => call.reduce((n, w) => n + w.numbers.length, 0));
        expect(sizesOf.every((n) => n >= 1 && n <= 49)).toBe(true);
        expect(sizesOf.slice(0, -1).every((n) => n === 49)).toBe(true);
        const asked = calls.flat().flatMap((w) => w.numbers.map((n) => `${w.repo}#${n}`));
        expect(asked).toEqual(wanted.flatMap((w) => w.numbers.map((n) => `${w.repo}#${n}`)));
      }),
    );
  });
});
