/** Skipped-cycle evidence: how far the last clock hour's mean departs from the same hour on previous days, in its own spreads. */
import type { DetectorConfig } from './config.js';
import { MAD_TO_SD } from './level.js';
import { S } from './state.js';

const HOUR = 3_600_000;
/** Smoothing of the usual departure, per hour closed (about two days). */
const SPREAD_ALPHA = 0.02;
/** Departures beyond this many spreads teach as if they were this large, so an incident does not rewrite the profile. */
const CLIP = 3;

/** Closes an hour: scores its mean against the profile of that hour, then teaches the profile and the spread. */
function closeHour(s: Float64Array, hour: number, mean: number, hours: number, c: Readonly<DetectorConfig>): number {
  const slot = S.hourly + (((hour % 24) + 24) % 24);
  const days = Math.floor(hours / 24);
  const deviation = mean - (s[S.slowLevel] ?? 0);
  // The first day only fills the profile: there is no previous day to compare with.
  if (days < 1) {
    s[slot] = deviation;
    return 0;
  }
  const profile = s[slot] ?? 0;
  const spread = s[S.cycleSpread] ?? 0;
  const size = Math.abs(deviation - profile);
  const bound = spread > 0 ? CLIP * spread : Infinity;
  s[slot] = profile + Math.max(c.seasonAlpha, 1 / (days + 1)) * Math.max(-bound, Math.min(bound, deviation - profile));
  // A plain average of the first day's departures, so the spread is not anchored to the first one.
  s[S.cycleSpread] = spread + Math.max(SPREAD_ALPHA, 1 / Math.max(1, hours - 23)) * (Math.min(size, bound) - spread);
  // A noiseless cycle repeats to rounding: departures far below the series' own variation are precision, not news.
  const floor = Math.max(spread, c.precision * (s[S.amplitude] ?? 0), 1e-12);
  return days < 2 ? 0 : size / (MAD_TO_SD * floor);
}

/**
 * Learns the point and returns, at the first point of each clock hour, the surprise of the hour
 * just finished (0 otherwise). Each hour's mean is compared with the same hour on previous days
 * (relative to the one-day level, learned at the seasonal rate per day): a daily jump that did not
 * happen, or a drift too slow for the point forecast to notice, stands out for a whole hour.
 */
export function cycleSurprise(s: Float64Array, time: number, value: number, c: Readonly<DetectorConfig>): number {
  const hour = Math.floor(time / HOUR);
  const current = s[S.cycleHour] ?? 0;
  if (hour === current) {
    s[S.cycleSum] = (s[S.cycleSum] ?? 0) + value;
    s[S.cyclePoints] = (s[S.cyclePoints] ?? 0) + 1;
    return 0;
  }
  const points = s[S.cyclePoints] ?? 0;
  const hours = Math.floor((current * HOUR - (s[S.firstTime] ?? 0)) / HOUR);
  const surprise = points > 0 ? closeHour(s, current, (s[S.cycleSum] ?? 0) / points, hours, c) : 0;
  s[S.cycleHour] = hour;
  s[S.cycleSum] = value;
  s[S.cyclePoints] = 1;
  return surprise;
}
