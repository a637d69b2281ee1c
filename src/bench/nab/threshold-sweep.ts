/** NAB v1.1's threshold sweep (Sweeper.calcScoreByThreshold) over the pooled rows of a whole corpus. */
import type { SweptFile } from './sweep.js';

/** The corpus score if every row scoring at or above `threshold` is a detection. */
export interface ThresholdScore {
  threshold: number;
  score: number;
  /** Windows with at least one detection. */
  detected: number;
  /** Detections outside every window. */
  falsePositives: number;
}

interface Pool {
  scores: Float64Array;
  sweep: Float64Array;
  window: Int32Array;
  windows: number;
}

function pool(files: readonly SweptFile[]): Pool {
  const total = files.reduce((sum, file) => sum + file.scores.length, 0);
  const out: Pool = { scores: new Float64Array(total), sweep: new Float64Array(total), window: new Int32Array(total), windows: 0 };
  let offset = 0;
  for (const file of files) {
    out.scores.set(file.scores, offset);
    out.sweep.set(file.sweep, offset);
    out.window.set(file.window, offset);
    offset += file.scores.length;
    for (const id of file.scorableWindows) out.windows = Math.max(out.windows, id + 1);
  }
  return out;
}

function scorableWindowIds(files: readonly SweptFile[]): number[] {
  return files.flatMap((file) => file.scorableWindows);
}

/**
 * Every distinct score is tried as a threshold, from high to low (plus 1.1: detect nothing); each
 * window counts its best detection (or −fnWeight if missed), each outside detection its sweep score.
 */
export function scoreByThreshold(files: readonly SweptFile[], fnWeight: number): ThresholdScore[] {
  const rows = pool(files);
  const best = new Float64Array(rows.windows);
  const ids = scorableWindowIds(files);
  for (const id of ids) best[id] = -fnWeight;
  let score = -fnWeight * ids.length;
  let detected = 0;
  let falsePositives = 0;
  const order = Uint32Array.from({ length: rows.scores.length }, (_, i) => i).sort((a, b) => (rows.scores[b] ?? 0) - (rows.scores[a] ?? 0));
  const out: ThresholdScore[] = [];
  let threshold = 1.1;
  for (const i of order) {
    const value = rows.scores[i] ?? 0;
    if (value !== threshold) {
      out.push({ threshold, score, detected, falsePositives });
      threshold = value;
    }
    const id = rows.window[i] ?? -1;
    const sweep = rows.sweep[i] ?? 0;
    if (id < 0) {
      score += sweep;
      falsePositives++;
    } else if (sweep > (best[id] ?? 0)) {
      if ((best[id] ?? 0) === -fnWeight) detected++;
      score += sweep - (best[id] ?? 0);
      best[id] = sweep;
    }
  }
  out.push({ threshold, score, detected, falsePositives });
  return out;
}

/** The best row of a sweep; ties go to the higher threshold, as NAB's stable sort does. */
export function bestThreshold(rows: readonly ThresholdScore[]): ThresholdScore {
  let best = rows[0] ?? { threshold: 1.1, score: 0, detected: 0, falsePositives: 0 };
  for (const row of rows) if (row.score > best.score) best = row;
  return best;
}

/** The score at a fixed threshold (rows scoring ≥ threshold are detections), e.g. a detector's own default. */
export function scoreAtThreshold(rows: readonly ThresholdScore[], threshold: number): ThresholdScore {
  let match = rows[0] ?? { threshold, score: 0, detected: 0, falsePositives: 0 };
  for (const row of rows) {
    if (row.threshold < threshold) break;
    match = row;
  }
  return { ...match, threshold };
}
