/**
 * Leave-one-dataset-out choice of the miner's settings: for each dataset, the grid point with the best mean GA
 * (then PA) on the other datasets, scored on the one left out. What it reports is how the miner does on a log
 * format its settings were not chosen on. Pure: scores in, choices out.
 */
import type { ParseScores } from './metrics.js';

/** The miner's tunable settings that the benchmark chooses among. */
export interface GridPoint {
  similarity: number;
  minVariants: number;
}

/** Drain's usual range of similarity thresholds, and how many distinct words open a word position. */
export const MINER_GRID: readonly GridPoint[] = [0.5, 0.6, 0.7, 0.8, 0.9].flatMap((similarity) =>
  [3, 4, 5, 6].map((minVariants) => ({ similarity, minVariants })),
);

export interface Fold {
  heldOut: string;
  chosen: GridPoint;
  /** Mean GA of the chosen point on the other datasets. */
  trainGa: number;
  /** The held-out dataset's scores with the chosen point. */
  scores: ParseScores;
}

export interface LeaveOneOutResult {
  folds: Fold[];
  /** Mean of the held-out scores. */
  average: ParseScores;
  /** The point chosen on all datasets (what the default should be). */
  chosenOnAll: GridPoint;
}

export function meanScores(scores: readonly ParseScores[]): ParseScores {
  const mean = (pick: (s: ParseScores) => number) => (scores.length === 0 ? 0 : scores.reduce((sum, s) => sum + pick(s), 0) / scores.length);
  return { ga: mean((s) => s.ga), pa: mean((s) => s.pa), fga: mean((s) => s.fga), fta: mean((s) => s.fta) };
}

/** Differences below this are ties (float sums of the same scores in another order). */
const TIE = 1e-9;

/** The index of the grid point with the best mean GA over the datasets `used`, then the best mean PA, then the first. */
export function choosePoint(scores: readonly (readonly ParseScores[])[], used: readonly number[]): number {
  let best = -1;
  let bestGa = -1;
  let bestPa = -1;
  scores.forEach((row, point) => {
    const { ga, pa } = meanScores(used.map((d) => row[d] as ParseScores));
    if (ga > bestGa + TIE || (ga > bestGa - TIE && pa > bestPa + TIE)) [best, bestGa, bestPa] = [point, ga, pa];
  });
  return best;
}

/** `scores[point][dataset]`: each dataset's scores with each grid point, datasets in the order of `names`. */
export function leaveOneOut(grid: readonly GridPoint[], names: readonly string[], scores: readonly (readonly ParseScores[])[]): LeaveOneOutResult {
  const all = names.map((_, d) => d);
  const folds = names.map((heldOut, d) => {
    const others = all.filter((o) => o !== d);
    const point = choosePoint(scores, others);
    return { heldOut, chosen: grid[point] as GridPoint, trainGa: meanScores(others.map((o) => scores[point]?.[o] as ParseScores)).ga, scores: scores[point]?.[d] as ParseScores };
  });
  return { folds, average: meanScores(folds.map((f) => f.scores)), chosenOnAll: grid[choosePoint(scores, all)] as GridPoint };
}
