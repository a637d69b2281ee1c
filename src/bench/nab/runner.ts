/** Runs one fresh detector per file of a corpus, and times the detector alone (single core, no I/O in the timed loop). */
import { MetricDetector } from '../../detect/metric/detector.js';
import type { DetectorOptions } from '../../detect/metric/config.js';
import { STATE_BYTES } from '../../detect/metric/state.js';
import type { NabFile } from './corpus.js';

export interface RunResult {
  /** Per file, one score in [0, 1] per data row. */
  scores: Float64Array[];
  points: number;
  /** Nanoseconds of the fastest timed pass over the whole corpus. */
  elapsedNs: number;
  pointsPerSecond: number;
  stateBytes: number;
  /** The detector's own alerting threshold (from its config, not from the labels). */
  threshold: number;
}

/** One pass over every file with fresh detectors; returns the nanoseconds spent inside `update`. */
function pass(files: readonly NabFile[], options: DetectorOptions, sink?: Float64Array[], onFile?: (done: number) => void): number {
  let elapsed = 0n;
  files.forEach((file, index) => {
    const detector = new MetricDetector(options);
    const out = new Float64Array(file.values.length);
    const { times, values } = file;
    const start = process.hrtime.bigint();
    for (let i = 0; i < values.length; i++) out[i] = detector.update(times[i] ?? NaN, values[i] ?? NaN);
    elapsed += process.hrtime.bigint() - start;
    sink?.push(out);
    onFile?.(index + 1);
  });
  return Number(elapsed);
}

/**
 * Scores every file, then times `timingPasses` more passes and keeps the fastest: on a shared
 * machine the fastest pass is the one least disturbed by other processes. `onFile` reports progress.
 * @default timingPasses 2
 */
export function runDetector(files: readonly NabFile[], options: DetectorOptions = {}, onFile?: (done: number) => void, timingPasses = 2): RunResult {
  const scores: Float64Array[] = [];
  let elapsedNs = pass(files, options, scores, onFile);
  for (let i = 0; i < timingPasses; i++) elapsedNs = Math.min(elapsedNs, pass(files, options));
  const points = files.reduce((sum, file) => sum + file.values.length, 0);
  const threshold = new MetricDetector(options).config.threshold;
  return { scores, points, elapsedNs, pointsPerSecond: elapsedNs > 0 ? (points * 1e9) / elapsedNs : 0, stateBytes: STATE_BYTES, threshold };
}
