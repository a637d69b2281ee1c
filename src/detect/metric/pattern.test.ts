import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RATE_FLOOR, shapeSurprise } from './pattern.js';
import { CONTEXT_BITS, emptyState, HOUR_BITS, PATTERN_BITS, S, wordsOf } from './state.js';

const LEVELS = 8;
const ORDER = 3;

/** A state whose series has shown only the alternating shapes 0-1-0 and 1-0-1 for a long time. */
function quietState(): { state: Float64Array; words: Int32Array } {
  const state = emptyState();
  const words = wordsOf(state);
  for (let i = 0; i < 3000; i++) shapeSurprise(state, words, i % 2, LEVELS, ORDER);
  return { state, words };
}

void describe('shapeSurprise', () => {
  void it('keeps a believed usual rate of at least RATE_FLOOR', () => {
    assert.ok(RATE_FLOOR > 0 && RATE_FLOOR < 0.05);
  });

  void it('scores known shapes 0', () => {
    const { state, words } = quietState();
    assert.equal(shapeSurprise(state, words, 0, LEVELS, ORDER), 0);
    assert.equal(shapeSurprise(state, words, 1, LEVELS, ORDER), 0);
  });

  void it('does not make one new shape on a quiet series many σ (below the detector minimum of 5)', () => {
    const { state, words } = quietState();
    const surprise = shapeSurprise(state, words, 7, LEVELS, ORDER);
    assert.ok(surprise > 0 && surprise < 5, `one novelty scored ${surprise}`);
  });

  void it('makes a run of new shapes news', () => {
    const { state, words } = quietState();
    const surprises = [7, 5, 3, 6, 2, 4].map((bin) => shapeSurprise(state, words, bin, LEVELS, ORDER));
    assert.ok(Math.max(...surprises) > 8, `a run of novelties peaked at ${Math.max(...surprises)}`);
  });

  void it('keeps the bit sets inside the state, two 32-bit words per slot, so they serialise with it', () => {
    const { state, words } = quietState();
    assert.equal(words.byteLength, (PATTERN_BITS + HOUR_BITS + CONTEXT_BITS) / 8);
    assert.equal(words.byteOffset, state.byteOffset + S.words * 8);
    assert.ok(S.words + words.byteLength / 8 <= S.hourly, 'the words end before the next slots');
    const copy = new Float64Array(state);
    assert.equal(shapeSurprise(copy, wordsOf(copy), 0, LEVELS, ORDER), 0, 'a copied state knows the shapes');
  });
});
