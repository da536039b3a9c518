// When a queue first grows by `gap` PRs, as a probability distribution. Arrivals and reviews are
// counts (Poisson at the rates measured), so the queue's net change over t days has mean drift·t
// and variance (arrivals + reviews)·t; its first passage through the gap is that of a Brownian
// motion with drift (the inverse Gaussian, defective when the drift is negative: the queue may
// never get there). The drift itself is only estimated, from counts over the measured window, so
// the distribution is averaged over the drift's own uncertainty (Gauss–Hermite, 5 points).
//
// Written by hand: no maintained library in the project gives the normal CDF in log space, and
// the formulas are short.

export interface QueueRates {
  arrivalsPerDay: number;
  reviewsPerDay: number;
  /** the business days the rates were measured over: the drift's uncertainty shrinks with it */
  windowDays: number;
}

/** Standard normal nodes and weights (probabilists' Gauss–Hermite, 5 points). */
const NODES = [0, 1.3556261799742658, -1.3556261799742658, 2.8569700138728056, -2.8569700138728056];
const WEIGHTS = [0.5333333333333333, 0.2220759220056126, 0.2220759220056126, 0.011257411327720691, 0.011257411327720691];

/** P(the queue has grown by `gap` at some time within t business days). */
export function crossingProbability(gap: number, t: number, rates: QueueRates): number {
  if (gap <= 0) return 1;
  if (t <= 0) return 0;
  const variance = rates.arrivalsPerDay + rates.reviewsPerDay;
  if (variance <= 0) return 0;
  const drift = rates.arrivalsPerDay - rates.reviewsPerDay;
  const driftError = Math.sqrt(variance / Math.max(1, rates.windowDays));
  let p = 0;
  NODES.forEach((node, i) => {
    p += WEIGHTS[i]! * brownianCrossing(gap, t, drift + driftError * node, variance);
  });
  return Math.min(1, Math.max(0, p));
}

/**
 * The time by which the crossing has happened with probability `p`, in business days, searched
 * up to `horizon`; null when even the horizon does not reach `p`.
 */
export function crossingQuantile(p: number, gap: number, horizon: number, rates: QueueRates): number | null {
  if (gap <= 0) return 0;
  if (crossingProbability(gap, horizon, rates) < p) return null;
  let low = 0;
  let high = horizon;
  for (let i = 0; i < 50; i += 1) {
    const mid = (low + high) / 2;
    if (crossingProbability(gap, mid, rates) >= p) high = mid;
    else low = mid;
  }
  return high;
}

/** First passage through `gap` by time t of a Brownian motion with this drift and variance rate. */
function brownianCrossing(gap: number, t: number, drift: number, variance: number): number {
  const spread = Math.sqrt(variance * t);
  const direct = normalCdf((drift * t - gap) / spread);
  // exp(2·drift·gap/variance)·Φ(−(drift·t + gap)/spread), in logs: the exponential can overflow
  // exactly where Φ underflows.
  const reflected = Math.exp((2 * drift * gap) / variance + logNormalCdf((-drift * t - gap) / spread));
  return Math.min(1, direct + reflected);
}

/** Φ(z), from the complementary error function (Numerical Recipes' erfc, relative error under 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function logNormalCdf(z: number): number {
  if (z > -5) return Math.log(normalCdf(z));
  // Far in the lower tail: Φ(z) ≈ φ(z)/|z|·(1 − 1/z² + 3/z⁴) (the Mills ratio series).
  const z2 = z * z;
  return -z2 / 2 - Math.log(-z * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / z2 + 3 / (z2 * z2));
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + z / 2);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
