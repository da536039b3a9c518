import { describe, expect, it } from 'vitest';
import { benchForecast, tally } from '../../bench/forecastBacktest.js';

describe('the forecast backtest', () => {
  it('sorts each forecast by where the real crossing fell', () => {
    const result = tally([
      { earliest: 2, latest: 6, actual: 4, remaining: 40 }, // inside
      { earliest: 2, latest: 6, actual: 2, remaining: 40 }, // inside, at the edge
      { earliest: 2, latest: 6, actual: 1, remaining: 40 }, // earlier
      { earliest: 2, latest: 6, actual: 9, remaining: 40 }, // later
      { earliest: 2, latest: 6, actual: null, remaining: 40 }, // never, in a run long enough to see it: later
      { earliest: 2, latest: 6, actual: null, remaining: 5 }, // the run ended inside the range: cannot tell
    ]);
    expect(result).toEqual({ given: 6, inside: 2, earlier: 1, later: 2, unresolved: 1, widths: [4, 4, 4, 4, 4, 4] });
  });

  it('replays a simulated team, gives forecasts and tables how they fared', () => {
    // Seed 7: a run where the forecast is given (on most seeds of this team it is withheld: the queue does not grow).
    const result = benchForecast({ sizes: [6], arrivals: ['ai'], seeds: 1, firstSeed: 7 });
    const { given, inside, earlier, later, unresolved } = result.total;
    expect(given).toBeGreaterThan(0);
    expect(inside + earlier + later + unresolved).toBe(given);
    expect(result.polls).toBe(2 * 480);
    expect(result.markdown).toContain('| 6 people, AI-accelerated arrivals, obeys the light | 480 |');
    expect(result.markdown).toContain('1 seeds per team and policy (seed 7)');
    expect(result.markdown).toMatch(/Claimed coverage 80%; measured \d+% of \d+ forecasts that could be checked\./);
  });
});
