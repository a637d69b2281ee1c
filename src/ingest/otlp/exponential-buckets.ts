/**
 * Exponential-histogram buckets as cumulative Prometheus `le` buckets. Scales above 0 are
 * downscaled to 0 first, so bounds are powers of two (scale < 0: powers of 2^(2^-scale)): a few
 * stable `le` series per decade instead of up to 160 moving ones. Negative buckets come first,
 * then the zero bucket (le = zero_threshold), then the positive ones.
 */
import type { ExponentialBuckets, ExponentialHistogramPoint } from './model.js';

/** Merges buckets to scale min(scale, 0): index i at scale s lands in i >> (s - target). */
function downscale(buckets: ExponentialBuckets, shift: number): Map<number, number> {
  const merged = new Map<number, number>();
  buckets.counts.forEach((count, i) => {
    if (count === 0) return;
    const index = (buckets.offset + i) >> shift;
    merged.set(index, (merged.get(index) ?? 0) + count);
  });
  return merged;
}

/** Lower boundary of bucket `index` at `scale` (≤ 0): 2^(index · 2^-scale). */
function boundary(index: number, scale: number): number {
  return 2 ** (index * 2 ** -scale);
}

/** [le, cumulative count] pairs in increasing `le`, without the final +Inf bucket. */
export function exponentialBuckets(point: ExponentialHistogramPoint): [number, number][] {
  const scale = Math.min(point.scale, 0);
  const shift = point.scale - scale;
  const negative = downscale(point.negative, shift);
  const positive = downscale(point.positive, shift);
  const out: [number, number][] = [];
  let cumulative = 0;
  // Negative bucket i holds [-base^(i+1), -base^i): its upper bound is -base^i; biggest magnitude first.
  for (const index of [...negative.keys()].sort((a, b) => b - a)) {
    cumulative += negative.get(index) as number;
    out.push([-boundary(index, scale), cumulative]);
  }
  if (point.zeroCount > 0 || negative.size > 0) {
    cumulative += point.zeroCount;
    out.push([point.zeroThreshold, cumulative]);
  }
  for (const index of [...positive.keys()].sort((a, b) => a - b)) {
    cumulative += positive.get(index) as number;
    const le = boundary(index + 1, scale);
    if (le === Infinity) break;
    out.push([le, cumulative]);
  }
  return out;
}
