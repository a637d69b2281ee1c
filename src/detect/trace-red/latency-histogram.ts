/**
 * A fixed log-scale histogram of durations: 64 buckets of about ±10% from 0.01 ms to ~20 min, so
 * percentiles of any window cost 64 counters, not the window's spans.
 */

const BUCKETS = 64;
const MIN_MS = 0.01;
/** Each bucket is this factor wider than the one before. */
const GROWTH = 1.35;
const LOG_GROWTH = Math.log(GROWTH);

export function bucketOf(durationMs: number): number {
  if (!(durationMs > MIN_MS)) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(durationMs / MIN_MS) / LOG_GROWTH));
}

/** The upper edge of a bucket, in ms: a percentile is reported as the edge of the bucket it falls in. */
export function upperEdgeOf(bucket: number): number {
  return MIN_MS * GROWTH ** bucket;
}

export function emptyHistogram(): Uint32Array {
  return new Uint32Array(BUCKETS);
}

/** The q-quantile (0..1) of the counted durations, or NaN when there are none. */
export function quantileOf(histogram: Uint32Array, total: number, q: number): number {
  if (total === 0) return Number.NaN;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket] ?? 0;
    if (seen >= rank) return upperEdgeOf(bucket);
  }
  return upperEdgeOf(histogram.length - 1);
}
