/** Tests of the Loghub-2.0 metrics on tiny hand-computed cases. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreParse } from './metrics.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

describe('scoreParse', () => {
  it('scores a perfect parse 1 everywhere', () => {
    const truth = ['a <*>', 'a <*>', 'b'];
    assert.deepEqual(scoreParse(truth, truth), { ga: 1, pa: 1, fga: 1, fta: 1 });
  });

  it('counts a split true group as wrong for all its lines', () => {
    // truth groups: A = {0,1}, B = {2}; parsed: {0}, {1}, {2} with B's text right.
    const s = scoreParse(['A', 'A', 'B'], ['x', 'y', 'B']);
    close(s.ga, 1 / 3); // only line 2
    close(s.pa, 1 / 3);
    // groups: 1 right of 3 parsed and 2 true: P = 1/3, R = 1/2, F1 = 0.4
    close(s.fga, 0.4);
    close(s.fta, 0.4);
  });

  it('counts merged true groups as wrong and a right group with the wrong text as grouped but not parsed', () => {
    // truth A = {0,1}, B = {2}, C = {3}; parsed: {0,1} as "a", {2,3} as "B".
    const s = scoreParse(['A', 'A', 'B', 'C'], ['a', 'a', 'B', 'B']);
    close(s.ga, 0.5);
    close(s.pa, 0.25);
    close(s.fga, (2 * (1 / 2) * (1 / 3)) / (1 / 2 + 1 / 3)); // P = 1/2, R = 1/3
    close(s.fta, 0); // "a" has the wrong text, "B" holds two true groups
  });

  it('keys parsed groups by template text, so equal texts count as one group', () => {
    const s = scoreParse(['A', 'B'], ['same', 'same']);
    close(s.ga, 0);
    close(s.fga, 0);
  });

  it('leaves out lines with no true template', () => {
    const s = scoreParse(['A', '', 'B'], ['A', 'junk', 'B']);
    assert.deepEqual(s, { ga: 1, pa: 1, fga: 1, fta: 1 });
  });

  it('rejects misaligned inputs', () => {
    assert.throws(() => scoreParse(['A'], []), /1 lines, parsed 0/);
  });
});
