import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S, emptyState } from './state.js';
import { stuckSurprise } from './stuck.js';

/** A state after `n` points of `f`, counted as the detector counts them. */
function after(n: number, f: (i: number) => number): Float64Array {
  const s = emptyState();
  for (let i = 0; i < n; i++) {
    stuckSurprise(s, f(i));
    s[S.count] = i + 1;
  }
  return s;
}

void describe('stuckSurprise', () => {
  void it('is 0 when the value changes', () => {
    const s = after(500, (i) => i % 7);
    assert.equal(stuckSurprise(s, 3.5), 0);
  });

  void it('grows with a run of exact repeats on a series that rarely repeats', () => {
    const s = after(1000, (i) => Math.sin(i));
    const run = Array.from({ length: 10 }, () => stuckSurprise(s, 0.25));
    assert.ok(run.every((x, i) => i === 0 || x > (run[i - 1] ?? 0)), 'monotone');
    assert.ok((run[9] ?? 0) > 7, `ten repeats scored ${run[9]}`);
  });

  void it('barely moves on a series that repeats all the time (a constant)', () => {
    const s = after(1000, () => 7);
    assert.ok(stuckSurprise(s, 7) < 5, 'below the minimum surprise');
    const before = stuckSurprise(s, 7);
    assert.ok(stuckSurprise(s, 7) / before < 1.03, 'the next repeat is not news');
  });

  void it('judges repeats by how often this series repeats', () => {
    const rare = after(1000, (i) => Math.sin(i));
    const often = after(1000, (i) => Math.floor(i / 3));
    for (let i = 0; i < 4; i++) {
      stuckSurprise(rare, 9);
      stuckSurprise(often, 9);
    }
    assert.ok(stuckSurprise(rare, 9) > 2 * stuckSurprise(often, 9));
  });
});
