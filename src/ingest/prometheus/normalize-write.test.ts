import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WriteSeries } from './encode-write-request.js';
import { encodeWriteRequestProto } from './encode-write-request.js';
import { MetadataTypes } from './metric-kind.js';
import { normalizeWriteRequest, plainContext } from './normalize-write.js';
import { SeriesCache } from './series-cache.js';
import { decodeWriteRequest } from './write-request.js';
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
    const first = normalizeWriteRequest(request, { types: types.lookup, typesVersion: types.version, cache });
    assert.equal(first.samples[0]?.kind, 'gauge');
    assert.equal(cache.size, 1);
    types.learn([{ type: 1, family: 'jobs_done' }]);
    const second = normalizeWriteRequest(request, { types: types.lookup, typesVersion: types.version, cache });
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

  it('rejects duplicate label names', () => {
    const request = decodeWriteRequest(Buffer.from([0x0a, 0x1c, 0x0a, 0x0c, 0x0a, 0x08, ...Buffer.from('__name__'), 0x12, 0x00, 0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x31, 0x0a, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x32]));
    assert.throws(() => normalizeWriteRequest(request, plainContext()), /duplicate label name "a"/);
  });
});
