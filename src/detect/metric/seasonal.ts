/** Daily (24 hourly buckets, interpolated) and weekly (7 daily buckets) seasonal offsets kept inside the state array. */
import { DAILY_BUCKETS, S, WEEKLY_BUCKETS } from './state.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The seasonal offset expected at time t (daily interpolated between bucket centres, plus weekly). */
export function seasonalOffset(state: Float64Array, t: number): number {
  const position = (((t / HOUR) % DAILY_BUCKETS) + DAILY_BUCKETS - 0.5) % DAILY_BUCKETS;
  const low = Math.floor(position);
  const frac = position - low;
  const high = (low + 1) % DAILY_BUCKETS;
  const daily = (state[S.daily + low] ?? 0) * (1 - frac) + (state[S.daily + high] ?? 0) * frac;
  const day = (Math.floor(t / DAY) + 4) % WEEKLY_BUCKETS;
  return daily + (state[S.weekly + day] ?? 0);
}

/**
 * Moves the profiles toward `deviation` (value minus the slow level) at time t. `weight` is the
 * share of a day one point stands for, so each bucket learns at `alpha` per day whatever the rate.
 */
export function learnSeasonal(state: Float64Array, t: number, deviation: number, alpha: number, interval: number): void {
  const position = (((t / HOUR) % DAILY_BUCKETS) + DAILY_BUCKETS - 0.5) % DAILY_BUCKETS;
  const low = Math.floor(position);
  const frac = position - low;
  const high = (low + 1) % DAILY_BUCKETS;
  const day = (Math.floor(t / DAY) + 4) % WEEKLY_BUCKETS;
  const dailyNow = (state[S.daily + low] ?? 0) * (1 - frac) + (state[S.daily + high] ?? 0) * frac;
  const weeklyNow = state[S.weekly + day] ?? 0;
  const hourRate = alpha * Math.min(1, interval / HOUR);
  const dayRate = alpha * Math.min(1, interval / DAY);
  const dailyError = deviation - weeklyNow - dailyNow;
  state[S.daily + low] = (state[S.daily + low] ?? 0) + hourRate * (1 - frac) * dailyError;
  state[S.daily + high] = (state[S.daily + high] ?? 0) + hourRate * frac * dailyError;
  state[S.weekly + day] = weeklyNow + dayRate * (deviation - dailyNow - weeklyNow);
}
