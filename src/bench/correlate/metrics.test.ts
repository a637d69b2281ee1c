/** Tests of the grouping metrics on hand-computed cases. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCounts, compression, pairCounts, scoresOf } from './metrics.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

describe('pairwise scores and the adjusted Rand index', () => {
  it('scores a grouping that only renames the incidents 1 everywhere', () => {
    const scores = scoresOf(pairCounts(['a', 'a', 'b', 'c', 'c'], ['x', 'x', 'y', 'z', 'z']));
    assert.deepEqual(scores, { precision: 1, recall: 1, f1: 1, adjustedRand: 1 });
  });

  it('counts the pairs of a partly wrong grouping', () => {
    // truth {0,1,2} {3,4}; given {0,1} {2,3,4}. True pairs 3+1 = 4, given pairs 1+3 = 4, agreeing (0,1) and (3,4) = 2.
    const counts = pairCounts(['a', 'a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y', 'y']);
    assert.deepEqual(counts, { alerts: 5, truePairs: 4, predictedPairs: 4, agreeingPairs: 2 });
    const scores = scoresOf(counts);
    close(scores.precision, 0.5);
    close(scores.recall, 0.5);
    close(scores.f1, 0.5);
    // expected agreeing pairs 4 × 4 / C(5,2) = 1.6; ARI = (2 − 1.6) / ((4 + 4) / 2 − 1.6) = 1/6.
    close(scores.adjustedRand, 1 / 6);
  });

  it('gives every alert its own incident precision 1 and recall 0, and no better than chance', () => {
    const scores = scoresOf(pairCounts(['a', 'a', 'a'], ['x', 'y', 'z']));
    assert.deepEqual(scores, { precision: 1, recall: 0, f1: 0, adjustedRand: 0 });
  });

  it('gives one incident for unrelated alerts recall 1 and precision 0', () => {
    const scores = scoresOf(pairCounts(['a', 'b', 'c'], ['x', 'x', 'x']));
    assert.deepEqual(scores, { precision: 0, recall: 1, f1: 0, adjustedRand: 0 });
  });

  it('does not confuse labels that would run together as text', () => {
    assert.equal(pairCounts(['a', 'a'], ['b:c', 'b']).agreeingPairs, 0);
    assert.equal(pairCounts(['a:b', 'a'], ['c', 'b:c']).agreeingPairs, 0);
  });

  it('adds the counts of separate runs as one grouping whose runs never share an incident', () => {
    const first = pairCounts(['a', 'a', 'b'], ['x', 'x', 'x']);
    const second = pairCounts(['c', 'c'], ['y', 'z']);
    const pooled = pairCounts(['1a', '1a', '1b', '2c', '2c'], ['1x', '1x', '1x', '2y', '2z']);
    assert.deepEqual(addCounts(first, second), pooled);
  });

  it('refuses labels of different lengths', () => {
    assert.throws(() => pairCounts(['a'], []), /1 true labels against 0/);
  });
});

describe('compression', () => {
  it('is the share of alerts spared: 10 alerts in 2 incidents compress by 0.8', () => {
    close(compression(10, 2), 0.8);
    assert.equal(compression(0, 0), 0);
  });
});
