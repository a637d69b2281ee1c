/** The forecast half of the detector: robust level, seasonal level and spread, learned in place in the state array. */
import type { DetectorConfig } from './config.js';
import { learnSeasonal, seasonalOffset } from './seasonal.js';
import { S } from './state.js';

const DAY = 86_400_000;
/** Mean absolute deviation to standard deviation, for normal residuals. */
export const MAD_TO_SD = 1.2533;

/** Whether the seasonal forecaster has earned its place: two days seen and clearly (10 %) smaller errors. */
export function seasonalActive(s: Float64Array, time: number): boolean {
  return time - (s[S.firstTime] ?? time) >= 2 * DAY && (s[S.errSeason] ?? 0) < 0.9 * (s[S.errPlain] ?? 0);
}

/** Writes the expected value and σ for `time` into S.expected and S.sigma, from the past alone. */
export function forecastInto(s: Float64Array, time: number, config: Readonly<DetectorConfig>): void {
  const seasonal = seasonalActive(s, time);
  const expected = seasonal ? (s[S.seasonLevel] ?? 0) + seasonalOffset(s, time) : (s[S.level] ?? 0);
  // Errors far below the series' own variation (a noiseless wave) are precision, not news.
  const floor = Math.max(config.precision * (s[S.amplitude] ?? 0), 1e-9 * Math.abs(expected), 1e-12);
  const spread = Math.max(seasonal ? (s[S.errSeason] ?? 0) : (s[S.errPlain] ?? 0), floor);
  s[S.expected] = expected;
  s[S.sigma] = MAD_TO_SD * spread;
}

/** Tracks the typical sampling interval; a long gap widens the spreads instead of teaching a new interval. */
export function learnInterval(s: Float64Array, dt: number, count: number, gapIntervals: number): void {
  const interval = s[S.interval] ?? 0;
  if (count === 1 || interval <= 0) {
    s[S.interval] = dt;
    return;
  }
  if (dt > gapIntervals * interval) {
    s[S.errPlain] = (s[S.errPlain] ?? 0) * 2;
    s[S.errSeason] = (s[S.errSeason] ?? 0) * 2;
  }
  s[S.interval] = interval + 0.05 * (Math.min(dt, 4 * interval) - interval);
}

/** Clips a residual to ±bound so an outlier teaches little; nothing is clipped while warming up. */
function clip(residual: number, bound: number, warming: boolean): number {
  if (warming || !(bound > 0)) return residual;
  return residual > bound ? bound : residual < -bound ? -bound : residual;
}

/** Moves a level and its mean absolute error toward a (clipped) residual. */
function learnLevel(s: Float64Array, levelSlot: number, errorSlot: number, target: number, levelAlpha: number, errorAlpha: number, bound: number, warming: boolean): void {
  const level = s[levelSlot] ?? 0;
  const error = s[errorSlot] ?? 0;
  const residual = clip(target - level, bound * error, warming);
  s[levelSlot] = level + levelAlpha * residual;
  s[errorSlot] = error + errorAlpha * (Math.abs(residual) - error);
}

/** Learns from a point after it was scored: the plain and seasonal levels, their errors, the slow level and the profiles. */
export function learnLevels(s: Float64Array, time: number, value: number, count: number, c: Readonly<DetectorConfig>): void {
  const warm = 1 / (count + 1);
  const warming = count < c.warmup;
  const levelAlpha = Math.max(c.levelAlpha, warm);
  const errorAlpha = Math.max(c.scaleAlpha, warm);
  const interval = s[S.interval] ?? DAY;
  const bound = c.clip * MAD_TO_SD;
  const errPlain = s[S.errPlain] ?? 0;
  const errSeason = s[S.errSeason] ?? 0;
  learnLevel(s, S.level, S.errPlain, value, levelAlpha, errorAlpha, bound, warming);
  learnLevel(s, S.seasonLevel, S.errSeason, value - seasonalOffset(s, time), levelAlpha, errorAlpha, bound, warming);
  const slow = s[S.slowLevel] ?? 0;
  const deviation = value - slow;
  s[S.amplitude] = (s[S.amplitude] ?? 0) + errorAlpha * (Math.abs(deviation) - (s[S.amplitude] ?? 0));
  // The slow level forgets at about one day, whatever the sampling rate.
  const slowAlpha = Math.max(Math.min(1, interval / DAY), warm);
  s[S.slowLevel] = slow + slowAlpha * clip(deviation, bound * Math.max(errPlain, errSeason), warming);
  learnSeasonal(s, time, clip(deviation, 2 * bound * errPlain, warming), c.seasonAlpha, interval);
}
