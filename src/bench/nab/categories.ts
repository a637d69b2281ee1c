/**
 * NAB's score split by category (the folders of data/), and the held-out score by leave-one-category-out:
 * each category scored at the threshold that is best on all the others, as a method chosen on the other
 * categories would meet it. A change that lifts the total by lifting one category is visible here.
 */
import type { Profiles } from './profiles.js';
import { normalize, nullDetectorScore, sweepCorpus, type ScoredFile } from './scorer.js';
import type { SweptFile } from './sweep.js';
import { bestThreshold, scoreAtThreshold, scoreByThreshold } from './threshold-sweep.js';

export interface CategorisedFile extends ScoredFile {
  category: string;
}

/** One category under one profile. */
export interface CategoryScore {
  category: string;
  files: number;
  /** Scorable windows, and those detected at the corpus' best threshold. */
  windows: number;
  detected: number;
  falsePositives: number;
  /**
   * Points this category adds to the normalised score over detecting nothing in it, at the corpus'
   * best threshold; they sum to the score when the null detector's best is detecting nothing (on NAB).
   */
  points: number;
  /** The same at the threshold best on every other category. */
  heldOutPoints: number;
}

export interface ProfileCategories {
  profile: string;
  categories: CategoryScore[];
  /** The normalised score of the held-out scores together. */
  heldOut: number;
}

function scorableWindows(files: readonly SweptFile[]): number {
  return files.reduce((sum, file) => sum + file.scorableWindows.length, 0);
}

/** Splits the score of every profile by category; `thresholds` are the corpus' best, one per profile in order. */
export function scoreByCategory(files: readonly CategorisedFile[], profiles: Profiles, thresholds: readonly number[]): ProfileCategories[] {
  const names = [...new Set(files.map((file) => file.category))];
  const totalWindows = files.reduce((sum, file) => sum + file.windows.length, 0);
  return Object.entries(profiles).map(([profile, { CostMatrix: cost }], index) => {
    const swept = sweepCorpus(files, cost);
    const nullScore = nullDetectorScore(swept, cost.fnWeight);
    const perfect = cost.tpWeight * totalWindows;
    const points = (raw: number) => (100 * raw) / (perfect - nullScore);
    let heldOutRaw = 0;
    const categories = names.map((category): CategoryScore => {
      const inside = swept.filter((_, i) => files[i]?.category === category);
      const rows = scoreByThreshold(inside, cost.fnWeight);
      const others = bestThreshold(scoreByThreshold(swept.filter((_, i) => files[i]?.category !== category), cost.fnWeight));
      const nothing = cost.fnWeight * scorableWindows(inside);
      const atBest = scoreAtThreshold(rows, thresholds[index] ?? 1.1);
      const heldOut = scoreAtThreshold(rows, others.threshold).score;
      heldOutRaw += heldOut;
      return {
        category,
        files: inside.length,
        windows: scorableWindows(inside),
        detected: atBest.detected,
        falsePositives: atBest.falsePositives,
        points: points(atBest.score + nothing),
        heldOutPoints: points(heldOut + nothing),
      };
    });
    return { profile, categories, heldOut: normalize(heldOutRaw, nullScore, perfect) };
  });
}
