/** The NAB benchmark end to end: load a corpus, run the detector (or read existing results), write results, score. */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { scoreByCategory, type ProfileCategories } from './categories.js';
import { loadCorpus } from './corpus.js';
import { NAB_PROFILES, parseProfiles, type Profiles } from './profiles.js';
import { readResults, writeResults } from './results-io.js';
import { runDetector } from './runner.js';
import { scoreCorpus, type ProfileScore } from './scorer.js';

export const DETECTOR_NAME = 'opsight';

export interface NabBenchOptions {
  data: string;
  out: string;
  /** Score this existing results folder instead of running the detector. */
  results?: string;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface NabBenchReport {
  detector: string;
  files: number;
  points: number;
  windows: number;
  /** Normalised scores at the threshold NAB's sweep finds best, per profile. */
  scores: ProfileScore[];
  /** Normalised scores at the detector's own default threshold (absent when scoring existing results). */
  atDefault: ProfileScore[];
  /** Each profile's score split by category, and the held-out (leave-one-category-out) score. */
  categories: ProfileCategories[];
  defaultThreshold: number | undefined;
  pointsPerSecond: number | undefined;
  stateBytesPerSeries: number | undefined;
  resultsDir: string;
}

function loadProfiles(data: string): Profiles {
  const path = join(data, 'profiles.json');
  return existsSync(path) ? parseProfiles(JSON.parse(readFileSync(path, 'utf8'))) : NAB_PROFILES;
}

export function runNabBench(options: NabBenchOptions): NabBenchReport {
  const files = loadCorpus(options.data);
  if (files.length === 0) throw new Error(`no labelled data files under ${options.data}/data`);
  const profiles = loadProfiles(options.data);
  const progress = (done: number, label: string) => options.onProgress?.(done, files.length, label);
  let detector: string;
  let scores: Float64Array[];
  let run: ReturnType<typeof runDetector> | undefined;
  let resultsDir: string;
  if (options.results !== undefined) {
    ({ detector, scores } = readResults(options.results, files));
    resultsDir = options.results;
  } else {
    detector = DETECTOR_NAME;
    run = runDetector(files, {}, (done) => progress(done, files[done - 1]?.key ?? ''));
    scores = run.scores;
    resultsDir = writeResults(options.out, detector, files, scores);
  }
  const scored = files.map((file, i) => ({ category: file.category, times: file.times, scores: scores[i] ?? new Float64Array(0), windows: file.windows }));
  const result = scoreCorpus(scored, profiles, run?.threshold);
  const categories = scoreByCategory(
    scored,
    profiles,
    result.best.map((score) => score.threshold),
  );
  return {
    detector,
    files: files.length,
    points: files.reduce((sum, file) => sum + file.values.length, 0),
    windows: files.reduce((sum, file) => sum + file.windows.length, 0),
    scores: result.best,
    atDefault: result.fixed,
    categories,
    defaultThreshold: run?.threshold,
    pointsPerSecond: run?.pointsPerSecond,
    stateBytesPerSeries: run?.stateBytes,
    resultsDir,
  };
}
