/**
 * The series each OTLP data point becomes, Prometheus-style: a histogram is `_count`, `_sum` and
 * cumulative `_bucket{le}`; a summary is `{quantile}` plus `_count`/`_sum`. Each function checks
 * the whole point first and returns a problem instead of series, so a point is all or nothing.
 */
import type { ExponentialHistogramPoint, HistogramPoint, NumberPoint, SummaryPoint } from './model.js';
import { exponentialBuckets } from './exponential-buckets.js';

/** total: only grows (counter when cumulative); updown: a running sum; level: a gauge reading. */
export type SeriesShape = 'total' | 'updown' | 'level';

export interface SeriesValue {
  suffix: string;
  value: number;
  shape: SeriesShape;
  /** An extra label (`le`, `quantile`). */
  label?: [string, string];
}

const finite = Number.isFinite;

/** `le` and `quantile` values as Prometheus writes them ("0.005", "+Inf"). */
export function boundText(bound: number): string {
  if (bound === Infinity) return '+Inf';
  if (bound === -Infinity) return '-Inf';
  return String(bound);
}

export function numberSeries(point: NumberPoint, shape: SeriesShape): SeriesValue[] | string {
  if (!finite(point.value)) return `value is ${point.value}, not a finite number`;
  return [{ suffix: '', value: point.value, shape }];
}

function countAndSum(count: number, sum: number | undefined): SeriesValue[] | string {
  if (!finite(count) || count < 0) return `count is ${count}`;
  if (sum !== undefined && !finite(sum)) return `sum is ${sum}, not a finite number`;
  const series: SeriesValue[] = [{ suffix: '_count', value: count, shape: 'total' }];
  if (sum !== undefined) series.push({ suffix: '_sum', value: sum, shape: 'total' });
  return series;
}

function bucketProblem(point: HistogramPoint): string | undefined {
  const { bucketCounts: counts, explicitBounds: bounds } = point;
  if (counts.length === 0) return undefined;
  if (counts.length !== bounds.length + 1) return `bucket_counts has ${counts.length} entries for ${bounds.length} explicit_bounds (needs ${bounds.length + 1})`;
  for (let i = 0; i < bounds.length; i++) {
    const bound = bounds[i] as number;
    if (!finite(bound)) return `explicit_bounds[${i}] is ${bound}`;
    if (i > 0 && bound <= (bounds[i - 1] as number)) return 'explicit_bounds are not strictly increasing';
  }
  return undefined;
}

export function histogramSeries(point: HistogramPoint): SeriesValue[] | string {
  const series = countAndSum(point.count, point.sum);
  const problem = typeof series === 'string' ? series : bucketProblem(point);
  if (problem !== undefined) return problem;
  const list = series as SeriesValue[];
  if (point.bucketCounts.length === 0) return list;
  let cumulative = 0;
  point.explicitBounds.forEach((bound, i) => {
    cumulative += point.bucketCounts[i] as number;
    list.push({ suffix: '_bucket', value: cumulative, shape: 'total', label: ['le', boundText(bound)] });
  });
  list.push({ suffix: '_bucket', value: point.count, shape: 'total', label: ['le', '+Inf'] });
  return list;
}

export function exponentialSeries(point: ExponentialHistogramPoint): SeriesValue[] | string {
  const series = countAndSum(point.count, point.sum);
  if (typeof series === 'string') return series;
  if (!finite(point.zeroThreshold) || point.zeroThreshold < 0) return `zero_threshold is ${point.zeroThreshold}`;
  if (point.scale < -10 || point.scale > 20) return `scale ${point.scale} is outside -10..20`;
  for (const [le, value] of exponentialBuckets(point)) {
    series.push({ suffix: '_bucket', value, shape: 'total', label: ['le', boundText(le)] });
  }
  series.push({ suffix: '_bucket', value: point.count, shape: 'total', label: ['le', '+Inf'] });
  return series;
}

export function summarySeries(point: SummaryPoint): SeriesValue[] | string {
  const series = countAndSum(point.count, point.sum);
  if (typeof series === 'string') return series;
  for (const { quantile, value } of point.quantiles) {
    if (!finite(quantile) || quantile < 0 || quantile > 1) return `quantile ${quantile} is outside 0..1`;
    // A NaN quantile is Prometheus's "no observations in the window": that series has no point now.
    if (finite(value)) series.push({ suffix: '', value, shape: 'level', label: ['quantile', boundText(quantile)] });
  }
  return series;
}
