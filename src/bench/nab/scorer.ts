/** NAB v1.1 scoring of a whole corpus: sweep, best threshold per profile, normalised against the null and perfect detectors. */
import type { Profiles } from './profiles.js';
import type { CostMatrix } from './profiles.js';
import { sweepFile, type SweptFile } from './sweep.js';
import { bestThreshold, scoreAtThreshold, scoreByThreshold } from './threshold-sweep.js';

/** One file's detector output, aligned row by row with its data. */
export interface ScoredFile {
  times: Float64Array;
  scores: Float64Array;
  windows: readonly (readonly [number, number])[];
}

/** A profile's result at one threshold. */
export interface ProfileScore {
  profile: string;
  threshold: number;
  raw: number;
  /** 100·(raw − null)/(perfect − null): the null detector scores 0, the perfect one 100. */
  normalized: number;
  detected: number;
  windows: number;
  falsePositives: number;
}

export interface CorpusScore {
  /** At the threshold chosen by the sweep over all distinct scores (NAB's optimiser). */
  best: ProfileScore[];
  /** At a fixed threshold given by the caller (the detector's own default), when asked. */
  fixed: ProfileScore[];
}

export function normalize(raw: number, nullScore: number, perfect: number): number {
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}

/** Every file's sweep scores under one cost matrix, with corpus-wide window ids. */
export function sweepCorpus(files: readonly ScoredFile[], cost: CostMatrix): SweptFile[] {
  let windowId = 0;
  return files.map((file) => {
    const out = sweepFile(file.times, file.scores, file.windows, cost, windowId);
    windowId += file.windows.length;
    return out;
  });
}

/**
 * NAB's null detector gives every row the same score, so the sweep leaves it two choices: detect
 * nothing (−fnWeight per window) or everything; it keeps the better (on NAB: nothing).
 */
export function nullDetectorScore(swept: readonly SweptFile[], fnWeight: number): number {
  const constant = swept.map((file) => ({ ...file, scores: new Float64Array(file.scores.length) }));
  return bestThreshold(scoreByThreshold(constant, fnWeight)).score;
}

/** Scores every profile. As in NAB: perfect = tpWeight × number of labelled windows; null = the null detector's best. */
export function scoreCorpus(files: readonly ScoredFile[], profiles: Profiles, fixedThreshold?: number): CorpusScore {
  const totalWindows = files.reduce((sum, file) => sum + file.windows.length, 0);
  const result: CorpusScore = { best: [], fixed: [] };
  for (const [profile, { CostMatrix: cost }] of Object.entries(profiles)) {
    const swept = sweepCorpus(files, cost);
    const scorable = swept.reduce((sum, file) => sum + file.scorableWindows.length, 0);
    const nullScore = nullDetectorScore(swept, cost.fnWeight);
    const perfect = cost.tpWeight * totalWindows;
    const rows = scoreByThreshold(swept, cost.fnWeight);
    const make = (row: { threshold: number; score: number; detected: number; falsePositives: number }): ProfileScore => ({
      profile,
      threshold: row.threshold,
      raw: row.score,
      normalized: normalize(row.score, nullScore, perfect),
      detected: row.detected,
      windows: scorable,
      falsePositives: row.falsePositives,
    });
    result.best.push(make(bestThreshold(rows)));
    if (fixedThreshold !== undefined) result.fixed.push(make(scoreAtThreshold(rows, fixedThreshold)));
  }
  return result;
}
