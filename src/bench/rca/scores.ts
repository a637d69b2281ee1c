/** RCAEval's accuracy of a ranking: AC@k, the share of cases whose true cause is in the top k, and Avg@5, the mean of AC@1 to AC@5. */

export interface RankedCase {
  truth: string;
  /** Best first. */
  ranking: readonly string[];
}

export interface Accuracy {
  cases: number;
  /** AC@1 to AC@5. */
  acAt: [number, number, number, number, number];
  avgAt5: number;
}

export function accuracy(cases: readonly RankedCase[]): Accuracy {
  const share = (k: number) => (cases.length === 0 ? 0 : cases.filter(({ truth, ranking }) => ranking.slice(0, k).includes(truth)).length / cases.length);
  const acAt: Accuracy['acAt'] = [share(1), share(2), share(3), share(4), share(5)];
  return { cases: cases.length, acAt, avgAt5: acAt.reduce((sum, value) => sum + value, 0) / 5 };
}
