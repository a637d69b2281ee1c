/**
 * How close a grouping of alerts into incidents is to the true one: pairwise precision, recall and F1
 * over alert pairs (a pair is positive when both alerts are in the same incident), the adjusted Rand
 * index, and compression. Pure: two labels per alert in, figures out.
 */

/** Pair counts of one grouping against the truth; counts of several runs add up (their pairs never mix). */
export interface PairCounts {
  alerts: number;
  /** Pairs in the same true incident. */
  truePairs: number;
  /** Pairs put in the same incident. */
  predictedPairs: number;
  /** Pairs in the same incident in both. */
  agreeingPairs: number;
}

export interface GroupingScores {
  precision: number;
  recall: number;
  f1: number;
  adjustedRand: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function sizesOf(labels: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const label of labels) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  return sizes;
}

const pairsWithin = (sizes: Map<string, number>) => [...sizes.values()].reduce((sum, size) => sum + pairs(size), 0);

/** `truth[i]` and `predicted[i]` are the true and the given incident of alert i. */
export function pairCounts(truth: readonly string[], predicted: readonly string[]): PairCounts {
  if (truth.length !== predicted.length) throw new Error(`${truth.length} true labels against ${predicted.length} predicted ones`);
  // A JSON pair cannot be confused with another whatever the labels hold.
  const both = truth.map((label, index) => JSON.stringify([label, predicted[index]]));
  return {
    alerts: truth.length, truePairs: pairsWithin(sizesOf(truth)), predictedPairs: pairsWithin(sizesOf(predicted)), agreeingPairs: pairsWithin(sizesOf(both)),
  };
}

export function addCounts(a: PairCounts, b: PairCounts): PairCounts {
  return {
    alerts: a.alerts + b.alerts, truePairs: a.truePairs + b.truePairs,
    predictedPairs: a.predictedPairs + b.predictedPairs, agreeingPairs: a.agreeingPairs + b.agreeingPairs,
  };
}

export const NO_PAIRS: PairCounts = { alerts: 0, truePairs: 0, predictedPairs: 0, agreeingPairs: 0 };

/**
 * Precision is 1 when nothing was put together (no false pair), recall 1 when nothing belongs together.
 * The adjusted Rand index is Hubert and Arabie's: 1 for the true grouping, about 0 for a random one of the
 * same sizes; 1 too when both groupings are all single alerts or all one incident (the only ways its
 * denominator is 0, and then they agree).
 */
export function scoresOf(counts: PairCounts): GroupingScores {
  const { truePairs, predictedPairs, agreeingPairs } = counts;
  const precision = predictedPairs === 0 ? 1 : agreeingPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : agreeingPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const expected = pairs(counts.alerts) === 0 ? 0 : (truePairs * predictedPairs) / pairs(counts.alerts);
  const most = (truePairs + predictedPairs) / 2;
  const adjustedRand = most === expected ? 1 : (agreeingPairs - expected) / (most - expected);
  return { precision, recall, f1, adjustedRand };
}

/** 1 − incidents / alerts: the share of alerts a responder is spared; 0 without alerts. */
export function compression(alerts: number, incidents: number): number {
  return alerts === 0 ? 0 : 1 - incidents / alerts;
}
