/** NAB v1.1's per-row sweep scores (Sweeper.calcSweepScore): what each row would earn if it were a detection. */
import type { CostMatrix } from './profiles.js';

/** NAB's default probation: the first 15 % of rows (at most 750) are never scored. */
export const PROBATION_PERCENT = 0.15;

/** Rows of one file after the sweep; only post-probation rows are kept. */
export interface SweptFile {
  /** The detector's anomaly score of each kept row. */
  scores: Float64Array;
  /** The weighted score the row earns if detected: positive in a window, negative outside. */
  sweep: Float64Array;
  /** Corpus-wide window id of each kept row, or -1 outside every window. */
  window: Int32Array;
  /** Corpus-wide ids of the windows that have at least one scorable row. */
  scorableWindows: number[];
}

/** NAB's scaled sigmoid: 2·σ(−5x) − 1, and −1 beyond x > 3. */
export function scaledSigmoid(x: number): number {
  if (x > 3) return -1;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}

/** NAB's probation length: min(floor(p·n), p·5000). */
export function probationLength(rows: number, percent = PROBATION_PERCENT): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

/** Maps [start, end] times to inclusive row-index ranges (first row ≥ start, last row ≤ end). */
export function windowRows(times: Float64Array, windows: readonly (readonly [number, number])[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const [start, end] of windows) {
    let first = 0;
    while (first < times.length && (times[first] ?? 0) < start) first++;
    let last = times.length - 1;
    while (last >= 0 && (times[last] ?? 0) > end) last--;
    if (first <= last) ranges.push([first, last]);
  }
  return ranges;
}

/**
 * Sweep scores of one file, exactly as NAB computes them: inside a window a row earns
 * scaledSigmoid(relative position)·tp/maxTP (earlier is better); outside, fp·scaledSigmoid of its
 * distance past the previous window (−fp before any window).
 */
export function sweepFile(times: Float64Array, scores: Float64Array, windows: readonly (readonly [number, number])[], cost: CostMatrix, firstWindowId: number): SweptFile {
  const n = times.length;
  const ranges = windowRows(times, windows);
  const probation = probationLength(n);
  const maxTp = scaledSigmoid(-1);
  const kept = Math.max(0, n - Math.ceil(probation));
  const out: SweptFile = { scores: new Float64Array(kept), sweep: new Float64Array(kept), window: new Int32Array(kept), scorableWindows: [] };
  let next = 0;
  let current = -1;
  let right = -1;
  let width = 0;
  let prevRight = -1;
  let prevWidth = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const range = ranges[next];
    if (current < 0 && range !== undefined && i === range[0]) {
      current = next++;
      right = range[1];
      width = right - range[0] + 1;
    }
    let weighted: number;
    if (current >= 0) weighted = (scaledSigmoid(-(right - i + 1) / width) * cost.tpWeight) / maxTp;
    else if (prevRight < 0) weighted = -cost.fpWeight;
    else weighted = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1)) * cost.fpWeight;
    if (i >= probation) {
      const id = current >= 0 ? firstWindowId + current : -1;
      if (id >= 0 && out.scorableWindows[out.scorableWindows.length - 1] !== id) out.scorableWindows.push(id);
      out.scores[k] = scores[i] ?? 0;
      out.sweep[k] = weighted;
      out.window[k++] = id;
    }
    if (current >= 0 && i === right) {
      prevRight = i;
      prevWidth = width;
      current = -1;
    }
  }
  return out;
}
