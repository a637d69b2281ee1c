/** The shapes healthy telemetry has: daily and weekly rhythm, Gaussian and heavy-tailed noise, Poisson counts, log-normal latencies. */
import type { Rng } from '../fuzz/prng.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Load of the day in [0, 1]: lowest around 02:00 UTC, highest around 14:00, and a quarter lower at weekends. */
export function dailyLoad(time: number): number {
  const hour = (time % DAY) / HOUR;
  const shape = 0.5 + 0.5 * Math.sin((2 * Math.PI * (hour - 8)) / 24);
  const weekday = new Date(time).getUTCDay();
  return weekday === 0 || weekday === 6 ? 0.75 * shape : shape;
}

/** A standard normal draw (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A Poisson count of mean `mean`: exact for small means, the normal approximation above. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = rng.next(); product > limit; product *= rng.next()) count++;
  return count;
}

/** A Pareto draw of shape `alpha` from 1 up: mostly near 1, now and then many times it. */
export function pareto(rng: Rng, alpha: number): number {
  return Math.pow(1 - rng.next(), -1 / alpha);
}

/** A uniform draw in [low, high). */
export function between(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.next();
}

/** The standard normal CDF (Abramowitz–Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Share of a log-normal (median `median`, log-sd `sigma`) at or below `bound`. */
export function logNormalCdf(bound: number, median: number, sigma: number): number {
  if (bound === Infinity) return 1;
  if (bound <= 0) return 0;
  return normalCdf(Math.log(bound / median) / sigma);
}

/**
 * `count` observations spread over buckets with the given shares (summing to 1): one binomial
 * draw per bucket from what is left (normal approximation), so a scrape costs a draw per bucket
 * rather than per request.
 */
export function spread(rng: Rng, count: number, shares: readonly number[]): number[] {
  let left = count;
  let shareLeft = 1;
  return shares.map((share, i) => {
    if (i === shares.length - 1 || left === 0) {
      const rest = i === shares.length - 1 ? left : 0;
      left -= rest;
      return rest;
    }
    const p = shareLeft > 0 ? Math.min(1, share / shareLeft) : 0;
    shareLeft -= share;
    const mean = left * p;
    const drawn = Math.min(left, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * gaussian(rng))));
    left -= drawn;
    return drawn;
  });
}
