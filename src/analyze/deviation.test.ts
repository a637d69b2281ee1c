import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deviationAfter } from './index.js';

const window = (...values: number[]) => values.map((value, i) => ({ time: 1000 * (i + 1), value }));

describe('deviationAfter', () => {
  it('scores a shift in baseline deviations, with its onset the first point past the threshold', () => {
    const deviation = deviationAfter([10, 11, 9, 10, 12, 8, 10], window(10.5, 30, 40));
    assert.equal(deviation?.since, 2000);
    assert.equal(deviation?.direction, 'up');
    assert.ok((deviation?.strength ?? 0) > 10);
  });

  it("does not score a series' usual leaps as a fault", () => {
    const leaping = [0.005, 0.005, 28, 0.005, 0.005, 0.005, 28, 0.005, 0.005, 0.005];
    assert.ok((deviationAfter(leaping, window(28.5))?.strength ?? Infinity) < 3);
  });

  it('judges a series flat at zero before the start by the size it reached, not with an infinite score', () => {
    const deviation = deviationAfter([0, 0, 0, 0, 0, 0], window(0, 5));
    assert.equal(deviation?.strength, 20);
    assert.equal(deviation?.since, 2000);
  });

  it('needs a baseline and a window of finite values', () => {
    assert.equal(deviationAfter([1, 2, NaN, 3], window(100)), undefined);
    assert.equal(deviationAfter([1, 2, 3, 4, 5], window(NaN)), undefined);
    assert.equal(deviationAfter([10, 11, 9, 10, 12], window(10))?.since, undefined);
  });
});
