/** Tests of the leave-one-dataset-out choice on small made-up score tables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minerConfig } from '../../detect/log/miner-config.js';
import { choosePoint, leaveOneOut, MINER_GRID, type GridPoint } from './leave-one-out.js';
import type { ParseScores } from './metrics.js';

const s = (ga: number, pa = 0): ParseScores => ({ ga, pa, fga: ga, fta: pa });
const grid: GridPoint[] = [{ similarity: 0.5, minVariants: 3 }, { similarity: 0.7, minVariants: 5 }];

describe('leave one dataset out', () => {
  it('chooses by mean GA on the datasets used, then PA, then the first point', () => {
    const scores = [[s(1), s(0.5), s(0.9)], [s(0.8), s(1), s(0.9)]];
    assert.equal(choosePoint(scores, [0, 2]), 0);
    assert.equal(choosePoint(scores, [1, 2]), 1);
    assert.equal(choosePoint([[s(1, 0.2)], [s(1, 0.4)]], [0]), 1, 'a GA tie goes to the better PA');
    assert.equal(choosePoint([[s(1, 0.4)], [s(1, 0.4)]], [0]), 0, 'a full tie goes to the first');
  });

  it('scores each dataset with the point chosen on the others, never on itself', () => {
    // Point 0 is best on A and B, point 1 only on C: held out, C gets point 0 although point 1 suits it.
    const scores = [[s(1), s(1), s(0.2)], [s(0.9), s(0.9), s(1)]];
    const result = leaveOneOut(grid, ['A', 'B', 'C'], scores);
    assert.deepEqual(result.folds.map((f) => [f.heldOut, f.chosen.similarity, f.scores.ga]), [['A', 0.7, 0.9], ['B', 0.7, 0.9], ['C', 0.5, 0.2]]);
    assert.ok(Math.abs(result.average.ga - (0.9 + 0.9 + 0.2) / 3) < 1e-9);
    assert.deepEqual(result.chosenOnAll, grid[1]);
    assert.ok(Math.abs((result.folds[2]?.trainGa ?? 0) - 1) < 1e-9);
  });

  it('has the default settings in its grid (the bench reports whether they are the ones chosen on all datasets)', () => {
    const { similarity, minVariants } = minerConfig();
    assert.ok(MINER_GRID.some((p) => p.similarity === similarity && p.minVariants === minVariants));
  });
});
