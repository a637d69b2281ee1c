import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RATE_FLOOR, shapeSurprise } from './pattern.js';
import { emptyState } from './state.js';

const LEVELS = 8;
const ORDER = 3;

/** A state whose series has shown only the alternating shapes 0-1-0 and 1-0-1 for a long time. */
function quietState(): Float64Array {
  const state = emptyState();
  for (let i = 0; i < 3000; i++) shapeSurprise(state, i % 2, LEVELS, ORDER);
  return state;
}

void describe('shapeSurprise', () => {
  void it('keeps a believed usual rate of at least RATE_FLOOR', () => {
    assert.ok(RATE_FLOOR > 0 && RATE_FLOOR < 0.05);
  });

  void it('scores known shapes 0', () => {
    const state = quietState();
    assert.equal(shapeSurprise(state, 0, LEVELS, ORDER), 0);
    assert.equal(shapeSurprise(state, 1, LEVELS, ORDER), 0);
  });

  void it('does not make one new shape on a quiet series many σ (below the detector minimum of 5)', () => {
    const surprise = shapeSurprise(quietState(), 7, LEVELS, ORDER);
    assert.ok(surprise > 0 && surprise < 5, `one novelty scored ${surprise}`);
  });

  void it('makes a run of new shapes news', () => {
    const state = quietState();
    const surprises = [7, 5, 3, 6, 2, 4].map((bin) => shapeSurprise(state, bin, LEVELS, ORDER));
    assert.ok(Math.max(...surprises) > 8, `a run of novelties peaked at ${Math.max(...surprises)}`);
  });
});
