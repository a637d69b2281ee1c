import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sample } from '../../signals/index.js';
import { decodeExport } from './decode.js';
import { encodeMetricsProto } from './encode-metrics.js';
import { fixture } from './fixtures.js';
import { metricsRequestJson } from './json-metrics.js';
import { MAX_POINT_LABELS, mapMetrics } from './map-metrics.js';
import type { HistogramPoint, MetricData, NumberPoint } from './model.js';
import { decodeMetricsProto } from './proto-metrics.js';
import { metricsSignal } from './signals.js';

const T = 1544712660000;

function pick(samples: Sample[], metric: string): [string, number, string][] {
  return samples.filter((s) => s.metric === metric).map((s) => [JSON.stringify(s.labels), s.value, s.kind]);
}

const one = (data: MetricData, name = 'm') => mapMetrics([{ resource: [{ key: 'service.name', value: 'api' }], items: [{ name, data }] }]);
const point = (overrides: Partial<NumberPoint> = {}): NumberPoint => ({ attributes: [], startMs: T - 60_000, timeMs: T, flags: 0, value: 1, ...overrides });

describe('mapMetrics', () => {
  it('rejects a histogram point of 10,000 attributes and 1,000 buckets instead of copying every attribute into every bucket', () => {
    const many: HistogramPoint = {
      ...point(), attributes: Array.from({ length: 10_000 }, (_, i) => ({ key: `a${i}`, value: 'v' })),
      count: 1000, sum: 1, bucketCounts: Array.from({ length: 1001 }, () => 1), explicitBounds: Array.from({ length: 1000 }, (_, i) => i),
    };
    const limit = { ...point(), attributes: many.attributes.slice(0, MAX_POINT_LABELS) };
    const result = one({ type: 'histogram', points: [many, { ...many, ...limit }], temporality: 2 });
    assert.equal(result.rejections.count, 1);
    assert.match(result.rejections.message('data points'), /point 0: more attributes \(flattened\) than opsight's limit of 128 per data point/);
    assert.equal(result.items.length, 1003, 'the point at the limit is mapped: _count, _sum, 1000 buckets and +Inf');
  });

  const { items: samples, rejections } = decodeExport(metricsSignal, 'json', fixture('metrics'));

  it('maps a cumulative monotonic sum to a counter with the instance label', () => {
    assert.equal(rejections.count, 0);
    assert.deepEqual(pick(samples, 'requests'), [['{"instance":"api-2","code":"200"}', 1200, 'counter']]);
    assert.equal(samples[0]?.entityId, 'service:api');
    assert.equal(samples[0]?.time, T);
  });

  it('maps a delta sum to a per-second rate gauge named <metric>_rate', () => {
    assert.deepEqual(pick(samples, 'jobs_rate'), [['{"instance":"api-2"}', 0.5, 'gauge']]);
  });

  it('maps a non-monotonic cumulative sum and a gauge to gauges, skipping points flagged "no recorded value"', () => {
    assert.deepEqual(pick(samples, 'connections'), [['{"instance":"api-2"}', 12, 'gauge']]);
    assert.deepEqual(pick(samples, 'cpu.utilization'), [['{"instance":"api-2"}', 0.75, 'gauge']]);
  });

  it('maps a histogram to _count, _sum and cumulative _bucket{le} counters', () => {
    assert.deepEqual(pick(samples, 'latency_count'), [['{"instance":"api-2"}', 10, 'counter']]);
    assert.deepEqual(pick(samples, 'latency_sum'), [['{"instance":"api-2"}', 2500.5, 'counter']]);
    assert.deepEqual(pick(samples, 'latency_bucket').map(([labels, value]) => [(JSON.parse(labels) as Record<string, string>).le, value]), [['100', 2], ['500', 7], ['+Inf', 10]]);
  });

  it('maps an exponential histogram to power-of-two le buckets, negatives and the zero bucket first', () => {
    assert.deepEqual(pick(samples, 'size_bucket').map(([labels, value]) => [(JSON.parse(labels) as Record<string, string>).le, value]), [['-1', 2], ['0', 3], ['2', 6], ['4', 9], ['+Inf', 9]]);
    assert.deepEqual(pick(samples, 'size_count').map(([, value]) => value), [9]);
  });

  it('maps a summary to quantile gauges plus _count/_sum, dropping a NaN quantile', () => {
    assert.deepEqual(pick(samples, 'rpc.duration'), [['{"instance":"api-2","quantile":"0.5"}', 0.3, 'gauge']]);
    assert.deepEqual(pick(samples, 'rpc.duration_count').map(([, value, kind]) => [value, kind]), [[100, 'counter']]);
  });

  it('decodes the same samples from protobuf as from JSON', () => {
    const fromJson = metricsRequestJson.parse(JSON.parse(fixture('metrics').toString('utf8')));
    assert.deepEqual(mapMetrics(decodeMetricsProto(encodeMetricsProto(fromJson))), mapMetrics(fromJson));
  });

  it('turns delta histograms into _rate gauges', () => {
    const { items } = one({ type: 'histogram', temporality: 1, points: [{ ...point(), count: 120, sum: 60, bucketCounts: [], explicitBounds: [] }] });
    assert.deepEqual(items.map((s) => [s.metric, s.value, s.kind]), [['m_count_rate', 2, 'gauge'], ['m_sum_rate', 1, 'gauge']]);
  });

  it('rejects NaN and infinite values, naming the metric and point', () => {
    const { items, rejections } = one({ type: 'gauge', points: [point({ value: NaN }), point({ value: Infinity }), point()] });
    assert.equal(items.length, 1);
    assert.match(rejections.message('data points'), /2 data points rejected: resource 0, metric 0 \(m\), point 0: value is NaN, not a finite number; .*point 1: value is Infinity/);
  });

  it('rejects absurd timestamps, a delta point without a start, and an unspecified temporality', () => {
    assert.match(one({ type: 'gauge', points: [point({ timeMs: 1 })] }).rejections.message(''), /time_unix_nano 1000000 ns is outside/);
    assert.match(one({ type: 'sum', temporality: 1, monotonic: true, points: [point({ startMs: 0 })] }).rejections.message(''), /delta point needs start_time_unix_nano/);
    assert.match(one({ type: 'sum', temporality: 0, monotonic: true, points: [point()] }).rejections.message(''), /aggregation_temporality is unspecified/);
  });

  it('rejects a histogram whose buckets do not match its bounds, or whose sum is NaN', () => {
    const bad = { ...point(), count: 3, sum: 1, bucketCounts: [1, 2], explicitBounds: [1, 2] };
    assert.match(one({ type: 'histogram', temporality: 2, points: [bad] }).rejections.message(''), /bucket_counts has 2 entries for 2 explicit_bounds \(needs 3\)/);
    assert.match(one({ type: 'histogram', temporality: 2, points: [{ ...bad, sum: NaN, bucketCounts: [] }] }).rejections.message(''), /sum is NaN/);
    assert.match(one({ type: 'histogram', temporality: 2, points: [{ ...bad, bucketCounts: [1, 1, 1], explicitBounds: [2, 1] }] }).rejections.message(''), /not strictly increasing/);
  });

  it('rejects every point of a metric without a name', () => {
    const { rejections } = one({ type: 'gauge', points: [point(), point()] }, '');
    assert.equal(rejections.count, 2);
    assert.match(rejections.message('data points'), /the metric has no name/);
  });
});
