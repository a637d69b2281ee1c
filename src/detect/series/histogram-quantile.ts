/**
 * Quantiles of a Prometheus-style histogram from the increase of its cumulative buckets between
 * two scrapes, by linear interpolation within the bucket the rank falls in (as histogram_quantile).
 */

/** One scrape of a histogram: cumulative count per upper bound (`le`), +Inf as Infinity. */
export type Buckets = ReadonlyMap<number, number>;

/** A bucket of the increase: upper bound and cumulative count of observations at or below it. */
export interface Cumulative {
  le: number;
  count: number;
}

/**
 * The increase of each bucket from `before` to `after`, sorted by bound. A bucket that went down
 * restarted from zero (a counter reset), so its whole value is the increase; a bucket absent
 * from `before` counts from zero too. Counts are made non-decreasing in the bound, because resets
 * seen by some buckets and not others (or float error) can otherwise break that.
 */
export function bucketIncrease(before: Buckets, after: Buckets): Cumulative[] {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  let floor = 0;
  return bounds.map((le) => {
    const now = after.get(le) ?? 0;
    const then = before.get(le) ?? 0;
    floor = Math.max(floor, now >= then ? now - then : now);
    return { le, count: floor };
  });
}

/**
 * The q-quantile (0 < q < 1) of observations counted in `buckets` (cumulative, sorted by bound);
 * undefined when nothing was observed. The first bucket's lower bound is 0 when its upper bound
 * is positive; a rank in the +Inf bucket gives the highest finite bound, as nothing is known
 * above it. Without a +Inf bucket the highest bucket stands in for the total.
 */
export function quantileOf(q: number, buckets: readonly Cumulative[]): number | undefined {
  const total = buckets.at(-1)?.count ?? 0;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  const index = buckets.findIndex((bucket) => bucket.count >= rank);
  const bucket = buckets[index] as Cumulative;
  const below = buckets[index - 1];
  if (bucket.le === Infinity) return below?.le;
  if (below === undefined) {
    if (bucket.le <= 0) return bucket.le;
    return bucket.le * (rank / bucket.count);
  }
  const inside = bucket.count - below.count;
  if (inside <= 0) return bucket.le;
  return below.le + (bucket.le - below.le) * ((rank - below.count) / inside);
}
