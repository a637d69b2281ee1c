import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Labels, Sample } from '../../signals/index.js';
import { bucketIncrease, quantileOf } from './histogram-quantile.js';
import { SeriesSemantics } from './semantics.js';

const BOUNDS = ['0.1', '0.5', '1', '+Inf'];

/** One scrape of `latency_seconds` on entity `api`: cumulative counts per bound in BOUNDS order, then `_count` and `_sum`. */
function scrape(time: number, cumulative: number[], labels: Labels = { route: '/x' }, bounds = BOUNDS): Sample[] {
  const buckets = bounds.map((le, i): Sample => ({ entityId: 'api', metric: 'latency_seconds_bucket', labels: { ...labels, le }, kind: 'counter', time, value: cumulative[i] ?? 0 }));
  const total = cumulative.at(-1) ?? 0;
  return [
    ...buckets,
    { entityId: 'api', metric: 'latency_seconds_count', labels, kind: 'counter', time, value: total },
    { entityId: 'api', metric: 'latency_seconds_sum', labels, kind: 'counter', time, value: total * 0.3 },
  ];
}

const quantiles = (samples: Sample[]) => samples.filter((s) => s.metric === 'latency_seconds').map((s) => [s.labels.quantile, s.time, s.value]);
const names = (samples: Sample[]) => samples.map((s) => s.metric);

void describe('quantileOf', () => {
  const increase = bucketIncrease(new Map(), new Map([[0.1, 50], [0.5, 90], [1, 100], [Infinity, 100]]));

  void it('interpolates within the bucket the rank falls in, from 0 in the first', () => {
    assert.equal(quantileOf(0.5, increase), 0.1);
    assert.ok(Math.abs((quantileOf(0.25, increase) ?? 0) - 0.05) < 1e-12);
    assert.ok(Math.abs((quantileOf(0.7, increase) ?? 0) - 0.3) < 1e-12);
    assert.ok(Math.abs((quantileOf(0.99, increase) ?? 0) - 0.95) < 1e-12);
  });

  void it('gives the highest finite bound for a rank in +Inf, and nothing without observations', () => {
    const tail = bucketIncrease(new Map(), new Map([[0.1, 1], [1, 2], [Infinity, 10]]));
    assert.equal(quantileOf(0.9, tail), 1);
    assert.equal(quantileOf(0.5, bucketIncrease(new Map(), new Map([[1, 0], [Infinity, 0]]))), undefined);
  });

  void it('counts a bucket that went down from zero and keeps counts rising with the bound', () => {
    const increase = bucketIncrease(new Map([[0.1, 100], [1, 150], [Infinity, 160]]), new Map([[0.1, 5], [1, 160], [Infinity, 170]]));
    assert.deepEqual(increase.map((b) => b.count), [5, 10, 10]);
  });
});

void describe('SeriesSemantics', () => {
  void it('turns a histogram into p50, p90 and p99 of each scrape, keeping _count and dropping buckets and _sum', () => {
    const semantics = new SeriesSemantics();
    const first = semantics.apply(scrape(0, [0, 0, 0, 0]));
    assert.deepEqual(names(first), ['latency_seconds_count']);
    const second = semantics.apply(scrape(15_000, [50, 90, 100, 100]));
    assert.deepEqual(names(second).sort(), ['latency_seconds', 'latency_seconds', 'latency_seconds', 'latency_seconds_count']);
    const [p50, p90, p99] = second.filter((s) => s.metric === 'latency_seconds');
    assert.deepEqual(p50?.labels, { route: '/x', quantile: '0.5' });
    assert.equal(p50?.kind, 'gauge');
    assert.equal(p50?.entityId, 'api');
    assert.equal(p50?.value, 0.1);
    assert.equal(p90?.value, 0.5);
    assert.ok(Math.abs((p99?.value ?? 0) - 0.95) < 1e-12);
  });

  void it('computes from the increase since the last scrape, not the totals', () => {
    const semantics = new SeriesSemantics();
    semantics.apply(scrape(0, [1000, 1000, 1000, 1000]));
    const out = quantiles(semantics.apply(scrape(15_000, [1000, 1000, 1100, 1100])));
    assert.deepEqual(out.map(([q]) => q), ['0.5', '0.9', '0.99']);
    assert.ok(out.every(([, , value]) => (value as number) > 0.5));
  });

  void it('with a window, gives quantiles of every observation in it, and forgets what is older', () => {
    const semantics = new SeriesSemantics({ window: 30_000 });
    semantics.apply(scrape(0, [0, 0, 0, 0]));
    semantics.apply(scrape(15_000, [0, 0, 100, 100]));
    const both = quantiles(semantics.apply(scrape(30_000, [100, 100, 200, 200])));
    assert.equal(both[0]?.[2], 0.1, 'half of the 200 in the window are under 0.1');
    const later = quantiles(semantics.apply(scrape(45_000, [200, 200, 300, 300])));
    assert.equal(later[0]?.[2], 0.05, 'the scrape at 15 s has left the window: all 200 are under 0.1');
  });

  void it('emits nothing for a scrape without increase', () => {
    const semantics = new SeriesSemantics();
    semantics.apply(scrape(0, [5, 6, 7, 7]));
    assert.deepEqual(quantiles(semantics.apply(scrape(15_000, [5, 6, 7, 7]))), []);
  });

  void it('waits for the rest of a scrape split across batches', () => {
    const semantics = new SeriesSemantics();
    semantics.apply(scrape(0, [0, 0, 0, 0]));
    const whole = scrape(15_000, [50, 90, 100, 100]);
    assert.deepEqual(quantiles(semantics.apply(whole.slice(0, 2))), []);
    const rest = semantics.apply(whole.slice(2));
    assert.deepEqual(quantiles(rest).map(([q, time]) => [q, time]), [['0.5', 15_000], ['0.9', 15_000], ['0.99', 15_000]]);
    assert.equal(quantiles(rest)[0]?.[2], 0.1);
  });

  void it('reads a counter reset as a restart from zero', () => {
    const semantics = new SeriesSemantics();
    semantics.apply(scrape(0, [5000, 9000, 10_000, 10_000]));
    const out = quantiles(semantics.apply(scrape(15_000, [50, 90, 100, 100])));
    assert.equal(out[0]?.[2], 0.1);
  });

  void it('works without a +Inf bucket, the highest bucket standing in for the total', () => {
    const semantics = new SeriesSemantics();
    const bounds = ['0.1', '0.5', '1'];
    semantics.apply(scrape(0, [0, 0, 0], {}, bounds));
    const out = quantiles(semantics.apply(scrape(15_000, [50, 90, 100], {}, bounds)));
    assert.deepEqual(out.map(([, , value]) => value).slice(0, 2), [0.1, 0.5]);
  });

  void it('keeps the histograms of different labels and entities apart', () => {
    const semantics = new SeriesSemantics();
    semantics.apply([...scrape(0, [0, 0, 0, 0], { route: '/a' }), ...scrape(0, [0, 0, 0, 0], { route: '/b' })]);
    const out = semantics.apply([...scrape(15_000, [100, 100, 100, 100], { route: '/a' }), ...scrape(15_000, [0, 0, 100, 100], { route: '/b' })]);
    const p50 = out.filter((s) => s.labels.quantile === '0.5').map((s) => [s.labels.route, s.value]);
    assert.deepEqual(p50, [['/a', 0.05], ['/b', 0.75]]);
  });

  void it('passes other series on unchanged, including a summary and a _sum of no histogram', () => {
    const samples: Sample[] = [
      { entityId: 'api', metric: 'cpu_usage_percent', labels: {}, kind: 'gauge', time: 0, value: 40 },
      { entityId: 'api', metric: 'rpc_seconds', labels: { quantile: '0.9' }, kind: 'gauge', time: 0, value: 0.2 },
      { entityId: 'api', metric: 'rpc_seconds_sum', labels: {}, kind: 'counter', time: 0, value: 12 },
      { entityId: 'api', metric: 'odd_bucket', labels: { le: 'high' }, kind: 'counter', time: 0, value: 1 },
    ];
    assert.deepEqual(new SeriesSemantics().apply(samples), samples);
  });

  void it('ends the quantile series when the histogram ends, after what it had pending', () => {
    const semantics = new SeriesSemantics();
    semantics.apply(scrape(0, [0, 0, 0, 0]));
    const stale: Sample = { entityId: 'api', metric: 'latency_seconds_bucket', labels: { route: '/x', le: '0.1' }, kind: 'counter', time: 30_000, value: 0, stale: true };
    const out = semantics.apply([...scrape(15_000, [50, 90, 100, 100]), stale]).filter((s) => s.metric === 'latency_seconds');
    assert.deepEqual(out.map((s) => [s.labels.quantile, s.time, s.stale === true]), [
      ['0.5', 15_000, false], ['0.9', 15_000, false], ['0.99', 15_000, false], ['0.5', 30_000, true], ['0.9', 30_000, true], ['0.99', 30_000, true],
    ]);
    assert.equal(semantics.size, 0);
  });

  void it('drops a scrape that lost some buckets, and starts over when the buckets are redefined', () => {
    const semantics = new SeriesSemantics();
    semantics.apply(scrape(0, [0, 0, 0, 0]));
    assert.deepEqual(quantiles(semantics.apply(scrape(15_000, [50, 90, 100, 100]).slice(1))), []);
    assert.equal(quantiles(semantics.apply(scrape(30_000, [100, 180, 200, 200])))[0]?.[2], 0.1);
    const bounds = ['0.2', '2', '+Inf'];
    assert.deepEqual(quantiles(semantics.apply(scrape(45_000, [200, 200, 200], {}, bounds))), []);
    assert.deepEqual(quantiles(semantics.apply(scrape(60_000, [210, 210, 210], {}, bounds))).length, 3);
  });

  void it('tracks at most maxHistograms, forgetting the least recently scraped', () => {
    const semantics = new SeriesSemantics({ maxHistograms: 2 });
    for (const route of ['/a', '/b', '/c']) semantics.apply(scrape(0, [0, 0, 0, 0], { route }));
    assert.equal(semantics.size, 2);
    const again = semantics.apply([...scrape(15_000, [1, 1, 1, 1], { route: '/a' }), ...scrape(15_000, [1, 1, 1, 1], { route: '/c' })]);
    assert.deepEqual([...new Set(again.filter((s) => s.labels.quantile !== undefined).map((s) => s.labels.route))], ['/c']);
  });
});
