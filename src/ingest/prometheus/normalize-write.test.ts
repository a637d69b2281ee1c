import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WriteSeries } from './encode-write-request.js';
import { encodeWriteRequestProto, seriesOfSamples } from './encode-write-request.js';
import { MetadataTypes } from './metric-kind.js';
import { normalizeWriteRequest, plainContext } from './normalize-write.js';
import { SeriesCache } from './series-cache.js';
import { double, field, label, sample, staleNaN } from './write-fixtures.testing.js';
import { decodeWriteRequest } from './write-request.js';
import { remoteWriteDefaults } from './config.js';
import { WriteProblem } from './write-problem.js';

const T = Date.UTC(2026, 0, 1);
const decode = (series: WriteSeries[]) => decodeWriteRequest(encodeWriteRequestProto(series));

describe('normalizeWriteRequest', () => {
  it('maps labels to entity, metric, labels and kind, dropping empty label values', () => {
    const result = normalizeWriteRequest(decode([{ labels: { __name__: 'http_requests_total', service: 'checkout', pod: '', code: '200' }, samples: [{ value: 3, timestamp: T }] }]), plainContext());
    assert.deepEqual(result.samples, [{ entityId: 'service:checkout', metric: 'http_requests_total', labels: { service: 'checkout', code: '200' }, kind: 'counter', time: T, value: 3 }]);
  });

  it('reuses a cached series and recomputes its kind when metadata changes', () => {
    const types = new MetadataTypes();
    const cache = new SeriesCache(10);
    const request = decode([{ labels: { __name__: 'jobs_done', job: 'w' }, samples: [{ value: 1, timestamp: T }] }]);
    const first = normalizeWriteRequest(request, { ...plainContext(), types: types.lookup, typesVersion: types.version, cache });
    assert.equal(first.samples[0]?.kind, 'gauge');
    assert.equal(cache.size, 1);
    types.learn([{ type: 1, family: 'jobs_done' }]);
    const second = normalizeWriteRequest(request, { ...plainContext(), types: types.lookup, typesVersion: types.version, cache });
    assert.equal(second.samples[0]?.kind, 'counter');
    assert.equal(second.samples[0]?.labels, first.samples[0]?.labels, 'the cached labels object is shared');
    assert.ok(Object.isFrozen(second.samples[0]?.labels));
  });

  it('still checks the timestamps of a cached series', () => {
    const context = { ...plainContext(), cache: new SeriesCache(10) };
    normalizeWriteRequest(decode([{ labels: { __name__: 'x' }, samples: [{ value: 1, timestamp: T }] }]), context);
    assert.throws(() => normalizeWriteRequest(decode([{ labels: { __name__: 'x' }, samples: [{ value: 1, timestamp: 5 }] }]), context), /timestamp 5/);
  });

  it('lists up to ten problems of the whole request and returns nothing', () => {
    const bad = Array.from({ length: 15 }, (_, i): WriteSeries => ({ labels: { job: String(i) }, samples: [{ value: 1, timestamp: T }] }));
    assert.throws(() => normalizeWriteRequest(decode(bad), plainContext()), (error: unknown) => {
      assert.ok(error instanceof WriteProblem);
      assert.equal(error.reason, 'bad_labels');
      assert.equal(error.issues.length, 10);
      assert.equal(error.issues[9]?.path, 'timeseries[9].labels');
      return true;
    });
  });

  describe('with the label limit raised to 100,000, in time linear in the labels', () => {
    const context = () => ({ ...plainContext(), limits: { ...remoteWriteDefaults, maxLabelsPerSeries: 100_000 } });
    const oneSeries = (labels: number[][]) => decodeWriteRequest(Uint8Array.from(field(1, [...labels.flat(), ...sample(double(1), T)])), context().limits);
    const names = (count: number) => Array.from({ length: count }, (_, i) => label(`l${i}`, 'v'));

    it('reports 8,000 copies of one label as one duplicate, not one issue per pair', () => {
      const request = oneSeries([label('__name__', 'x'), ...Array.from({ length: 8_000 }, () => label('a', 'v'))]);
      assert.throws(() => normalizeWriteRequest(request, context()), (error: unknown) => {
        assert.ok(error instanceof WriteProblem);
        assert.deepEqual(error.issues, [{ path: 'timeseries[0].labels[2]', message: 'duplicate label name "a"' }]);
        return true;
      });
    });

    it('accepts 60,000 distinct labels, sorted as Prometheus sends them', () => {
      const labels = Object.fromEntries([['__name__', 'x'], ...Array.from({ length: 60_000 }, (_, i) => [`l${i}`, 'v'])]) as Record<string, string>;
      const result = normalizeWriteRequest(decodeWriteRequest(encodeWriteRequestProto([{ labels, samples: [{ value: 1, timestamp: T }] }]), context().limits), context());
      assert.equal(Object.keys(result.samples[0]?.labels ?? {}).length, 60_000);
    });

    it('finds a duplicate among 60,000 unsorted labels', () => {
      const request = oneSeries([label('__name__', 'x'), ...names(60_000), label('l7', 'again')]);
      assert.throws(() => normalizeWriteRequest(request, context()), /timeseries\[0\]\.labels\[60001\]: duplicate label name "l7"/);
    });

    it('lists at most ten issues for 60,000 invalid label names', () => {
      const request = oneSeries([label('__name__', 'x'), ...Array.from({ length: 60_000 }, (_, i) => label(`${i}bad`, 'v'))]);
      assert.throws(() => normalizeWriteRequest(request, context()), (error: unknown) => error instanceof WriteProblem && error.issues.length === 10);
    });
  });

  it('turns 150,000 stale markers of one series into 150,000 samples flagged stale, in order', () => {
    const markers = Array.from({ length: 150_000 }, (_, i) => sample(staleNaN, T + i)).flat();
    const result = normalizeWriteRequest(decodeWriteRequest(Uint8Array.from(field(1, [...label('__name__', 'x'), ...sample(double(3), T - 1), ...markers]))), plainContext());
    assert.equal(result.staleMarkers, 150_000);
    assert.equal(result.samples.length, 150_001);
    assert.deepEqual(result.samples[0], { entityId: result.samples[0]?.entityId, metric: 'x', labels: {}, kind: 'gauge', time: T - 1, value: 3 });
    assert.deepEqual(result.samples[150_000], { entityId: result.samples[0]?.entityId, metric: 'x', labels: {}, kind: 'gauge', time: T + 149_999, value: 0, stale: true });
  });

  it('reads back what seriesOfSamples encodes, staleness markers included', () => {
    const labels = { job: 'api', instance: 'web-1:8080' };
    const samples = [
      { entityId: 'host:web-1', metric: 'up', labels, kind: 'gauge' as const, time: T, value: 1 },
      { entityId: 'host:web-1', metric: 'up', labels, kind: 'gauge' as const, time: T + 15_000, value: 0, stale: true as const },
    ];
    const result = normalizeWriteRequest(decodeWriteRequest(encodeWriteRequestProto(seriesOfSamples(samples))), plainContext());
    assert.deepEqual(result.samples, samples);
  });

  it('rejects duplicate label names', () => {
    const request = decodeWriteRequest(Buffer.from([0x0a, 0x1c, 0x0a, 0x0c, 0x0a, 0x08, ...Buffer.from('__name__'), 0x12, 0x00, 0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x31, 0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x32]));
    assert.throws(() => normalizeWriteRequest(request, plainContext()), /duplicate label name "a"/);
  });
});
