import { describe, expect, it } from 'vitest';
import { crossingProbability, crossingQuantile, normalCdf } from '../../src/domain/firstPassage.js';
import { seededRandom } from '../../src/sim/random.js';

/** Monte Carlo of the queue itself: Poisson arrivals and reviews (none on an empty queue), the share of paths reaching +gap by t days. */
function simulated(gap: number, t: number, arrivalsPerDay: number, reviewsPerDay: number, paths: number): number {
  const random = seededRandom(42);
  const start = 3;
  let crossed = 0;
  for (let path = 0; path < paths; path += 1) {
    let queue = start;
    let time = 0;
    for (;;) {
      const reviewRate = queue > 0 ? reviewsPerDay : 0;
      time += -Math.log(1 - random.next()) / (arrivalsPerDay + reviewRate);
      if (time > t) break;
      queue += random.next() < arrivalsPerDay / (arrivalsPerDay + reviewRate) ? 1 : -1;
      if (queue >= start + gap) {
        crossed += 1;
        break;
      }
    }
  }
  return crossed / paths;
}

describe('the first passage of the queue through a level', () => {
  it('has a standard normal CDF accurate to 1e-6', () => {
    for (const [z, phi] of [[0, 0.5], [1, 0.8413447461], [-1.6448536, 0.05], [2.5758293, 0.995], [-3, 0.0013498980]] as const) {
      expect(normalCdf(z)).toBeCloseTo(phi, 6);
    }
  });

  it('matches the closed form of a driftless walk when the rates are known exactly: P = 2Φ(−gap/σ√t)', () => {
    const rates = { arrivalsPerDay: 5, reviewsPerDay: 5, windowDays: 1e12 };
    for (const [gap, t] of [[1, 0.5], [2, 1], [5, 3]] as const) {
      expect(crossingProbability(gap, t, rates)).toBeCloseTo(2 * normalCdf(-gap / Math.sqrt(10 * t)), 6);
    }
  });

  it.each([
    // [gap, days, arrivals a day, reviews a day]
    [2, 1, 6, 5],
    [3, 0.5, 20, 10],
    [3, 2, 4, 5], // shrinking on average, crossing by chance
    [6, 5, 5, 5],
  ] as const)('agrees with a simulated Poisson queue within 0.08: +%d in %d days at %d in, %d out', (gap, days, arrivals, reviews) => {
    const p = crossingProbability(gap, days, { arrivalsPerDay: arrivals, reviewsPerDay: reviews, windowDays: 1e12 });
    expect(Math.abs(p - simulated(gap, days, arrivals, reviews, 4000))).toBeLessThan(0.08);
  });

  it('spreads wider with the uncertainty of rates measured over a short window: sooner at the start, less sure at the end', () => {
    const known = { arrivalsPerDay: 6, reviewsPerDay: 5, windowDays: 1e12 };
    const measured = { ...known, windowDays: 2 };
    expect(crossingQuantile(0.1, 4, 60, measured)!).toBeLessThan(crossingQuantile(0.1, 4, 60, known)!);
    expect(crossingProbability(4, 60, measured)).toBeLessThan(crossingProbability(4, 60, known));
  });

  it('gives quantiles in order, and none beyond the horizon', () => {
    const rates = { arrivalsPerDay: 6, reviewsPerDay: 5, windowDays: 10 };
    const [q10, q50, q90] = [0.1, 0.5, 0.9].map((p) => crossingQuantile(p, 3, 60, rates)!);
    expect(q10).toBeLessThan(q50!);
    expect(q50).toBeLessThan(q90!);
    expect(crossingProbability(3, q50!, rates)).toBeCloseTo(0.5, 6);
    expect(crossingQuantile(0.9, 200, 10, rates)).toBeNull();
    expect(crossingQuantile(0.9, 0, 10, rates)).toBe(0);
    expect(crossingProbability(3, 0, rates)).toBe(0);
  });
});
