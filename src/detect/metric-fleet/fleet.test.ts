import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Sample } from '../../signals/index.js';
import { configSchema } from '../../config/schema.js';
import { MetricFleet, RECURRENCE_ENTRY } from './fleet.js';
import { metricFleetConfigSchema, type MetricFleetOptions } from './fleet-config.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
let ids = 0;
const newId = () => `id-${++ids}`;

function sample(metric: string, i: number, value: number, labels: Record<string, string> = { instance: 'web-1:9100' }): Sample {
  return { entityId: 'host:web-1', metric, labels, kind: 'gauge', time: T0 + i * MIN, value };
}

/** A noisy daily-ish signal with a spike of `spikeLength` points at `spikeAt`. */
function latency(i: number, spikeAt: number, spikeLength: number): number {
  const base = 100 + 10 * Math.sin((2 * Math.PI * i) / 1440) + ((i * 7919) % 13) - 6;
  return i >= spikeAt && i < spikeAt + spikeLength ? base + 400 : base;
}

const configured = (options: MetricFleetOptions) => metricFleetConfigSchema.parse(options);

describe('MetricFleet', () => {
  it('raises one anomaly alert for a spike, with evidence, and resolves it when the series is normal again', () => {
    const fleet = new MetricFleet(configured({}), newId, () => T0);
    const events = [];
    const anomalies = [];
    for (let i = 0; i < 3000; i++) {
      const found = fleet.observe([sample('http_latency_ms', i, latency(i, 2500, 5))]);
      events.push(...found.events);
      anomalies.push(...found.anomalies);
    }
    const firing = events.filter((e) => e.status === 'firing');
    const resolved = events.filter((e) => e.status === 'resolved');
    const inSpike = (time: number) => time >= T0 + 2500 * MIN && time < T0 + 2505 * MIN;
    const spike = firing.find((e) => inSpike(e.time));
    assert.ok(spike !== undefined, 'no alert for the spike');
    assert.equal(spike.severity, 'critical');
    assert.equal(spike.labels.alertname, 'MetricAnomaly');
    assert.match(spike.annotations.summary ?? '', /4\d\d(\.\d+)? is .*σ above the expected/);
    assert.equal(new Set(firing.map((e) => e.dedupKey)).size, 1, 'every episode of a series shares one alert identity');
    assert.equal(resolved.length, firing.length, 'every episode resolves');
    assert.deepEqual(firing.filter((e) => !inSpike(e.time)).map((e) => e.annotations.summary), [], 'false alarms on a benign seasonal series');
    const evidence = anomalies.find((a) => inSpike(a.time));
    assert.ok(evidence !== undefined && evidence.actual !== undefined && evidence.upper !== undefined && evidence.actual > evidence.upper);
  });

  it('continues identically after snapshot and restore', () => {
    const one = new MetricFleet(configured({}), () => 'x', () => T0);
    for (let i = 0; i < 2000; i++) one.observe([sample('cpu', i, latency(i, 99999, 0))]);
    const two = new MetricFleet(configured({}), () => 'x', () => T0);
    assert.deepEqual(two.restore(new Map(one.snapshot())), { restored: 1, skipped: 0, problems: [] });
    for (let i = 2000; i < 2600; i++) {
      const value = latency(i, 2300, 8);
      assert.deepEqual(two.observe([sample('cpu', i, value)]), one.observe([sample('cpu', i, value)]));
    }
  });

  it('skips corrupt and outdated snapshot entries with the reason, and restores the others', () => {
    const source = new MetricFleet(configured({}), newId);
    for (let i = 0; i < 50; i++) source.observe([sample('cpu', i, 10 + (i % 3))]);
    const [[key, good]] = [...source.snapshot()] as [[string, string]];
    const entry = JSON.parse(good) as Record<string, unknown>;
    const corrupt = new Map([
      [key, good],
      ['a{}', '{not json'],
      ['b{}', JSON.stringify({ ...entry, metric: 'b', labels: {}, alert: { firing: 'yes' } })],
      ['c{}', JSON.stringify({ ...entry, metric: 'c', labels: {}, detector: Buffer.from('short').toString('base64') })],
      ['d{}', good],
      [RECURRENCE_ENTRY, JSON.stringify([['move', [['episode', 'then']]]])],
    ]);
    const fleet = new MetricFleet(configured({}), newId);
    const { restored, skipped, problems } = fleet.restore(corrupt);
    assert.deepEqual([restored, skipped, fleet.size], [1, 5, 1]);
    assert.match(problems[4] ?? '', /^recurrence memory: 0\.1\.0\.1: .*number/);
    assert.match(problems[0] ?? '', /^a\{\}: not JSON/);
    assert.match(problems[1] ?? '', /^b\{\}: alert\.firing: .*boolean/);
    assert.match(problems[2] ?? '', /^c\{\}: detector state must be \d+ bytes, got 5/);
    assert.match(problems[3] ?? '', /^d\{\}: holds the series cpu\{instance="web-1:9100"\}, not this one/);
  });

  it('reports at most ten reasons however many entries are skipped', () => {
    const fleet = new MetricFleet(configured({}), newId);
    const result = fleet.restore(new Map(Array.from({ length: 500 }, (_, i) => [`s${i}{}`, '[]'])));
    assert.equal(result.skipped, 500);
    assert.equal(result.problems.length, 10);
  });

  it('raises a predictive alert before a falling disk reaches zero, within the horizon serve reads from its configuration', () => {
    const served = configSchema.parse({ detect: { metrics: { forecasts: [{ metric: 'disk_free_bytes', threshold: 0, horizon: '6h', name: 'disk full' }] } } });
    const fleet = new MetricFleet(served.detect.metrics, newId, () => T0);
    const events = [];
    for (let i = 0; i < 600; i++) events.push(...fleet.observe([sample('disk_free_bytes', i, 1e9 - i * 1.5e6)]).events);
    const predicted = events.find((e) => e.labels.alertname === 'PredictedThreshold');
    assert.ok(predicted !== undefined, 'no predictive alert');
    assert.equal(predicted.status, 'firing');
    assert.match(predicted.annotations.summary ?? '', /disk full in about/);
    const crossesAt = T0 + (1e9 / 1.5e6) * MIN;
    assert.ok(predicted.time < crossesAt && predicted.time >= crossesAt - 6 * 3_600_000);
  });

  it('keeps an excursion five other pods made before, hours apart, as evidence without an alert', () => {
    const fleet = new MetricFleet(configured({}), newId, () => T0);
    const pods = 7;
    const spikeAt = (pod: number) => 2500 + pod * 90;
    const alerted = new Set<string>();
    const spiked = new Set<string>();
    for (let i = 0; i < spikeAt(pods - 1) + 30; i++) {
      const batch = Array.from({ length: pods }, (_, pod) => sample('http_latency_ms', i, latency(i, spikeAt(pod), 5), { pod: `web-${pod}` }));
      const found = fleet.observe(batch);
      for (const e of found.events) if (e.status === 'firing') alerted.add(e.labels.pod ?? '');
      for (const a of found.anomalies) if (a.time >= T0 + 2500 * MIN) spiked.add(a.subject);
    }
    assert.deepEqual([...alerted].sort(), ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    assert.equal(spiked.size, pods, 'every spike is still an anomaly');
    const restarted = new MetricFleet(configured({}), newId, () => T0);
    restarted.restore(new Map(fleet.snapshot()));
    assert.deepEqual([...restarted.snapshot()], [...fleet.snapshot()], 'a restart forgot the habits learned');
  });

  it('forgets the least recently seen series beyond maxSeries', () => {
    const fleet = new MetricFleet(configured({ maxSeries: 2 }), newId);
    fleet.observe([sample('a', 0, 1), sample('b', 0, 1), sample('a', 1, 1), sample('c', 1, 1)]);
    assert.equal(fleet.size, 2);
    assert.deepEqual([...new Map(fleet.snapshot()).keys()].filter((key) => key !== RECURRENCE_ENTRY).sort(), ['a{instance="web-1:9100"}', 'c{instance="web-1:9100"}']);
  });

  it('resolves the firing alert of a series it forgets, at the series\' last point', () => {
    const fleet = new MetricFleet(configured({ maxSeries: 1 }), newId, () => T0);
    const events = [];
    for (let i = 0; i < 2505; i++) events.push(...fleet.observe([sample('http_latency_ms', i, latency(i, 2500, 5))]).events);
    const firing = events.filter((e) => e.status === 'firing').at(-1);
    assert.ok(firing !== undefined && firing.time >= T0 + 2500 * MIN, 'the spike is not firing');
    const evicted = fleet.observe([sample('other', 2505, 1)]).events;
    assert.deepEqual(evicted.map((e) => [e.status, e.dedupKey, e.startsAt, e.endsAt]), [['resolved', firing.dedupKey, firing.startsAt, T0 + 2504 * MIN]]);
    assert.match(evicted[0]?.annotations.summary ?? '', /no longer watched/);
    assert.equal(fleet.size, 1);
  });

  it('resolves the anomaly and predictive alerts of a series ended by a staleness marker, and keeps what it learned', () => {
    const fleet = new MetricFleet(configured({ forecasts: [{ metric: 'disk_free_bytes', threshold: 0, horizon: '6h', name: 'disk full' }] }), newId, () => T0);
    const events = [];
    for (let i = 0; i < 2505; i++) {
      events.push(...fleet.observe([sample('http_latency_ms', i, latency(i, 2500, 5)), sample('disk_free_bytes', i, 4e9 - i * 1.5e6)]).events);
    }
    const firing = new Map(events.filter((e) => e.status === 'firing').sort((a, b) => (a.dedupKey ?? '').localeCompare(b.dedupKey ?? '')).map((e) => [e.dedupKey, e]));
    assert.deepEqual([...firing.values()].map((e) => e.labels.alertname).sort(), ['MetricAnomaly', 'PredictedThreshold']);
    assert.deepEqual(events.filter((e) => e.status === 'resolved'), []);
    const learned = new Map(fleet.snapshot());

    const stale = (metric: string): Sample => ({ ...sample(metric, 2505, 0), stale: true });
    const ended = fleet.observe([stale('disk_free_bytes'), stale('http_latency_ms'), stale('never_seen')]);
    assert.deepEqual(ended.anomalies, []);
    assert.deepEqual(ended.events.map((e) => [e.status, e.dedupKey, e.startsAt, e.endsAt]),
      [...firing.values()].map((e) => ['resolved', e.dedupKey, e.startsAt, T0 + 2505 * MIN]));
    assert.ok(ended.events.every((e) => /series ended/.test(e.annotations.summary ?? '')));
    assert.equal(fleet.size, 2, 'a staleness marker of an unknown series started watching it');
    assert.deepEqual(fleet.observe([stale('http_latency_ms')]).events, [], 'resolved twice');

    const detectorOf = (entries: Map<string, string>, metric: string) =>
      (JSON.parse([...entries].find(([key]) => key.startsWith(metric))?.[1] ?? '{}') as { detector?: string }).detector;
    assert.equal(detectorOf(new Map(fleet.snapshot()), 'http_latency_ms'), detectorOf(learned, 'http_latency_ms'), 'the marker changed what the series learned');
  });

  it('ignores NaN, Inf and out-of-order points without poisoning the series', () => {
    const fleet = new MetricFleet(configured({}), newId);
    const clean = new MetricFleet(configured({}), newId);
    for (let i = 0; i < 500; i++) {
      fleet.observe([sample('q', i, latency(i, 99999, 0))]);
      clean.observe([sample('q', i, latency(i, 99999, 0))]);
    }
    const bad = fleet.observe([sample('q', 500, Number.NaN), sample('q', 501, Number.POSITIVE_INFINITY), sample('q', 100, 5)]);
    assert.deepEqual(bad, { anomalies: [], events: [] });
    assert.deepEqual(new Map(fleet.snapshot()), new Map(clean.snapshot()), 'bad points changed what the series learned');
  });

  it('keeps the recent points of each series with the band explain() gives, bounded, for charts', () => {
    const fleet = new MetricFleet(configured({ recentPoints: 50 }), newId, () => T0);
    const anomalies = [];
    for (let i = 0; i < 400; i++) {
      anomalies.push(...fleet.observe([sample('http_latency_ms', i, latency(i, 390, 3)), sample('http_latency_ms', i, 5, { instance: 'web-2:9100' })]).anomalies);
    }
    const [web1] = fleet.recentPoints({ key: 'http_latency_ms{instance="web-1:9100"}' });
    assert.ok(web1 !== undefined);
    assert.equal(web1.points.length, 50);
    assert.equal(web1.capacity, 50);
    assert.deepEqual([web1.points[0]?.time, web1.points.at(-1)?.time], [T0 + 350 * MIN, T0 + 399 * MIN]);
    // An anomaly stores the band explain() gives: the point kept at its time has the same one, to single precision.
    const spike = anomalies.find((a) => a.time === T0 + 390 * MIN);
    const kept = web1.points.find((p) => p.time === spike?.time);
    assert.ok(spike !== undefined && kept !== undefined, 'the spike is an anomaly, its point kept');
    for (const field of ['actual', 'expected', 'lower', 'upper'] as const) {
      assert.ok(Math.abs((kept[field] ?? NaN) - (spike[field] ?? NaN)) <= 1e-6 * Math.abs(spike[field] ?? NaN), `${field}: ${kept[field]} kept, ${spike[field]} stored`);
    }
    assert.ok(kept.anomalous, 'the spike is marked');
    assert.ok(web1.points.filter((p) => p.time < T0 + 390 * MIN).every((p) => !p.anomalous), 'the normal points are not');
    assert.deepEqual(fleet.recentPoints({ entityId: 'host:web-1', metric: 'http_latency_ms' }).map((s) => s.key), ['http_latency_ms{instance="web-1:9100"}', 'http_latency_ms{instance="web-2:9100"}']);
    assert.deepEqual(fleet.recentPoints({ key: 'nope' }), []);
    assert.deepEqual(new MetricFleet(configured({ recentPoints: 0 }), newId).recentPoints({ key: 'http_latency_ms{instance="web-1:9100"}' }), [], 'none kept when recentPoints is 0');
  });
});
