import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exponentialBuckets } from './exponential-buckets.js';
import type { ExponentialHistogramPoint } from './model.js';

const point = (overrides: Partial<ExponentialHistogramPoint>): ExponentialHistogramPoint => ({
  attributes: [], startMs: 0, timeMs: 0, flags: 0, count: 0, sum: undefined, scale: 0, zeroCount: 0, zeroThreshold: 0,
  positive: { offset: 0, counts: [] }, negative: { offset: 0, counts: [] }, ...overrides,
});

describe('exponentialBuckets', () => {
  it('keeps scale 0 buckets as powers of two, skipping empty ones', () => {
    assert.deepEqual(exponentialBuckets(point({ positive: { offset: -2, counts: [1, 0, 2] } })), [[0.5, 1], [2, 3]]);
  });

  it('merges finer scales down to scale 0', () => {
    // Scale 3: base 2^(1/8); indices 0..7 all lie in (1, 2], index 8 in (2, 2^(9/8)].
    assert.deepEqual(exponentialBuckets(point({ scale: 3, positive: { offset: 0, counts: [1, 1, 1, 1, 1, 1, 1, 1, 5] } })), [[2, 8], [4, 13]]);
  });

  it('keeps coarser scales as they are', () => {
    // Scale -1: base 4; index 1 is (4, 16].
    assert.deepEqual(exponentialBuckets(point({ scale: -1, positive: { offset: 1, counts: [3] } })), [[16, 3]]);
  });

  it('puts negative buckets first, then the zero bucket at zero_threshold', () => {
    const buckets = exponentialBuckets(point({ zeroCount: 2, zeroThreshold: 0.001, negative: { offset: 0, counts: [1, 4] }, positive: { offset: 0, counts: [5] } }));
    assert.deepEqual(buckets, [[-2, 4], [-1, 5], [0.001, 7], [2, 12]]);
  });
});
