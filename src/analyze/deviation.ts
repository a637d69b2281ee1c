/**
 * How far a series moved after a start time, against its own values before it (BARO-style robust
 * z-scores). The median is the baseline. The scale is the larger of the MAD and the standard
 * deviation: the first keeps one outlier from hiding a shift, the second keeps a
 * series that often leaps (a quantile that is tiny most minutes and huge some) from scoring its
 * usual leaps as faults. It is floored at a share of the series' size, so a series flat before the
 * start is judged by how large it became, not with an infinite score. Pure.
 */

export interface Point {
  time: number;
  value: number;
}

export interface DeviationOptions {
  /** Baseline points needed before the start. @default 5 */
  minBaseline?: number;
  /** Robust z from which a point counts as deviating (its time is the onset). @default 3 */
  onsetZ?: number;
  /** Smallest scale, as a share of the series' size (the larger of the baseline median and the window's largest value). @default 0.05 */
  relativeFloor?: number;
}

export interface Deviation {
  /** The largest |z| of a point in the window. */
  strength: number;
  /** Time of the first point at or past `onsetZ`; undefined when none is. */
  since: number | undefined;
  direction: 'up' | 'down';
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Centre and spread of a population, robust to outliers up to half of it (0 when most values are equal): the median and the scaled MAD. */
export function robustScale(values: readonly number[]): { centre: number; scale: number } {
  const centre = median(values);
  return { centre, scale: median(values.map((value) => Math.abs(value - centre))) * 1.4826 };
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1));
}

/**
 * The deviation of `window` (points at or after the start) from `baseline` (values before it);
 * undefined when the baseline is too short or the window empty. Non-finite values are ignored.
 */
export function deviationAfter(baseline: readonly number[], window: readonly Point[], options: DeviationOptions = {}): Deviation | undefined {
  const before = baseline.filter(Number.isFinite);
  const after = window.filter((point) => Number.isFinite(point.value));
  if (before.length < (options.minBaseline ?? 5) || after.length === 0) return undefined;
  const { centre, scale: spread } = robustScale(before);
  const size = Math.max(Math.abs(centre), ...after.map((point) => Math.abs(point.value)));
  const scale = Math.max(spread, standardDeviation(before), size * (options.relativeFloor ?? 0.05), Number.MIN_VALUE);
  const onsetZ = options.onsetZ ?? 3;
  let strongest = { z: 0, signed: 0 };
  let since: number | undefined;
  for (const point of after) {
    const signed = (point.value - centre) / scale;
    const z = Math.abs(signed);
    if (z >= onsetZ && since === undefined) since = point.time;
    if (z > strongest.z) strongest = { z, signed };
  }
  return { strength: strongest.z, since, direction: strongest.signed < 0 ? 'down' : 'up' };
}
