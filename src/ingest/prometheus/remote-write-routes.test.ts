import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { compressSync } from 'snappy';
import { OverloadedError } from '../sink.js';
import type { WriteSeries } from './encode-write-request.js';
import { encodeWriteRequest, encodeWriteRequestProto } from './encode-write-request.js';
import type { RemoteWriteTestApp } from './remote-write-app.testing.js';
import { assertRefused, postWrite, remoteWriteTestApp, writeHeaders as headers } from './remote-write-app.testing.js';

const T = Date.UTC(2026, 0, 1, 12);
const good: WriteSeries[] = [
  { labels: { __name__: 'http_requests_total', job: 'checkout', instance: 'web-1:8080', code: '500' }, samples: [{ value: 7, timestamp: T }, { value: 9, timestamp: T + 15_000 }] },
  { labels: { __name__: 'node_load1', instance: 'db-1:9100', job: 'node' }, samples: [{ value: 0.5, timestamp: T }] },
];

describe('POST /api/v1/write', () => {
  let t: RemoteWriteTestApp;
  before(async () => { t = await remoteWriteTestApp({ bodyLimit: 64 * 1024, maxDecodedBytes: 256 * 1024 }); });
  after(async () => { await t.app.close(); });
  beforeEach(() => { t.sink.samples.length = 0; t.sink.refuseWith = undefined; });

  const write = (payload: Buffer | string, extra: Record<string, string> = {}) => postWrite(t, payload, extra);
  const rejected = (payload: Buffer | string, status: number, code: string, message: RegExp, extra: Record<string, string> = {}) =>
    assertRefused(t, payload, status, code, message, extra);

  it('accepts a request with 204 and hands over samples with entity, metric, labels and kind', async () => {
    const response = await write(encodeWriteRequest(good));
    assert.equal(response.statusCode, 204, response.body);
    assert.deepEqual(t.sink.sources, ['remote_write']);
    assert.equal(t.sink.samples.length, 3);
    assert.deepEqual(t.sink.samples[0], {
      entityId: 'host:web-1', metric: 'http_requests_total', kind: 'counter', time: T, value: 7,
      labels: { job: 'checkout', instance: 'web-1:8080', code: '500' },
    });
    assert.equal(t.sink.samples[2]?.entityId, 'host:db-1');
    assert.equal(t.sink.samples[2]?.kind, 'gauge');
  });

  it('takes the kind from metadata sent in an earlier request', async () => {
    const metadataOnly = await write(encodeWriteRequest([], [{ type: 1, family: 'jobs_processed' }, { type: 3, family: 'latency_seconds' }]));
    assert.equal(metadataOnly.statusCode, 204);
    await write(encodeWriteRequest([
      { labels: { __name__: 'jobs_processed', job: 'w' }, samples: [{ value: 1, timestamp: T }] },
      { labels: { __name__: 'latency_seconds_bucket', le: '0.1', job: 'w' }, samples: [{ value: 1, timestamp: T }] },
    ]));
    assert.deepEqual(t.sink.samples.map((s) => s.kind), ['counter', 'counter']);
  });

  it('hands a staleness marker on after the series\' samples, flagged stale, not as an error or a value', async () => {
    const own = await remoteWriteTestApp();
    const response = await own.app.inject({ method: 'POST', url: '/api/v1/write', headers, payload: encodeWriteRequest([
      { labels: { __name__: 'up', job: 'api', instance: 'a:1' }, samples: [{ value: 1, timestamp: T }, { value: 0, timestamp: T + 1000, stale: true }] },
    ]) });
    assert.equal(response.statusCode, 204);
    const labels = { job: 'api', instance: 'a:1' };
    assert.deepEqual(own.sink.samples, [
      { entityId: 'host:a', metric: 'up', labels, kind: 'gauge', time: T, value: 1 },
      { entityId: 'host:a', metric: 'up', labels, kind: 'gauge', time: T + 1000, value: 0, stale: true },
    ]);
    assert.match(await own.metrics.registry.metrics(), /opsight_prometheus_stale_markers_total\{source="remote_write"\} 1/);
    await own.app.close();
  });

  it('skips an ordinary NaN or ±Inf value (e.g. an empty summary quantile) and keeps the rest of the request', async () => {
    const response = await write(encodeWriteRequest([
      { labels: { __name__: 'rpc_seconds', quantile: '0.5', job: 'api' }, samples: [{ value: Number.NaN, timestamp: T }, { value: Infinity, timestamp: T + 1 }] },
      { labels: { __name__: 'rpc_seconds_count', job: 'api' }, samples: [{ value: 0, timestamp: T }] },
    ]));
    assert.equal(response.statusCode, 204);
    assert.deepEqual(t.sink.samples.map((s) => s.metric), ['rpc_seconds_count']);
    assert.match(await t.metrics.registry.metrics(), /opsight_prometheus_points_skipped_total\{source="remote_write",reason="nan_or_inf"\} 2/);
  });

  it('answers 204 to an empty WriteRequest without calling the sink', async () => {
    const before = t.sink.sources.length;
    assert.equal((await write(compressSync(Buffer.alloc(0)))).statusCode, 204);
    assert.equal(t.sink.sources.length, before);
  });

  it('rejects corrupt snappy', () => rejected(Buffer.from([0x20, 0xff, 0xfe, 0x01, 0x02]), 400, 'OPS_ERR_VALIDATION', /not valid snappy/));
  it('rejects an uncompressed protobuf body', () => rejected(encodeWriteRequestProto(good), 400, 'OPS_ERR_VALIDATION', /snappy|protobuf/));
  it('rejects a truncated protobuf, naming the series', () => {
    const proto = encodeWriteRequestProto(good);
    return rejected(compressSync(proto.subarray(0, proto.length - 4)), 400, 'OPS_ERR_VALIDATION', /not a valid protobuf WriteRequest: timeseries\[1\]/);
  });
  it('rejects random bytes that decompress', () => rejected(compressSync(Buffer.from([0x0a, 0x05, 0xff, 0xff, 0xff])), 400, 'OPS_ERR_VALIDATION', /protobuf/));
  it('rejects an empty body', () => rejected(Buffer.alloc(0), 400, 'OPS_ERR_VALIDATION', /body is empty/));
  it('rejects JSON with 415', () => rejected('{"timeseries":[]}', 415, 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', /application\/x-protobuf/, { 'content-type': 'application/json' }));
  it('rejects a missing Content-Type with 415', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/write', payload: encodeWriteRequest(good) });
    assert.equal(response.statusCode, 415);
  });
  it('rejects remote write 2.0 with 415', () => rejected(encodeWriteRequest(good), 415, 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', /io\.prometheus\.write\.v2\.Request/,
    { 'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request' }));
  it('rejects a Content-Encoding other than snappy with 415', () => rejected(encodeWriteRequest(good), 415, 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', /gzip/, { 'content-encoding': 'gzip' }));
  it('rejects an oversize body with 413', () => rejected(Buffer.alloc(70 * 1024, 1), 413, 'OPS_ERR_BODY_TOO_LARGE', /larger/));
  it('rejects a body that would decompress past the limit with 413, before decompressing', () =>
    rejected(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x0f, 0x00]), 413, 'OPS_ERR_BODY_TOO_LARGE', /decompresses to \d+ bytes/));
  it('rejects a timestamp in seconds, naming the sample', () => rejected(encodeWriteRequest([...good, { labels: { __name__: 'x' }, samples: [{ value: 1, timestamp: T / 1000 }] }]),
    400, 'OPS_ERR_VALIDATION', /timeseries\[2\]\.samples\[0\]\.timestamp: timestamp 1767268800 is not epoch milliseconds/));
  it('rejects a timestamp in nanoseconds', () => rejected(encodeWriteRequest([{ labels: { __name__: 'x' }, samples: [{ value: 1, timestamp: T * 1e6 }] }]), 400, 'OPS_ERR_VALIDATION', /timestamp/));
  it('rejects a negative timestamp', () => rejected(encodeWriteRequest([{ labels: { __name__: 'x' }, samples: [{ value: 1, timestamp: -5 }] }]), 400, 'OPS_ERR_VALIDATION', /timestamp -5/));
  it('rejects a missing timestamp (zero)', () => rejected(encodeWriteRequest([{ labels: { __name__: 'x' }, samples: [{ value: 1, timestamp: 0 }] }]), 400, 'OPS_ERR_VALIDATION', /timestamp 0/));
  it('rejects a series without __name__', () => rejected(encodeWriteRequest([{ labels: { job: 'x' }, samples: [{ value: 1, timestamp: T }] }]), 400, 'OPS_ERR_VALIDATION', /timeseries\[0\]\.labels: no __name__/));
  it('rejects an invalid label name', () => rejected(encodeWriteRequest([{ labels: { __name__: 'x', 'bad-name': 'v' }, samples: [{ value: 1, timestamp: T }] }]), 400, 'OPS_ERR_VALIDATION', /invalid label name "bad-name"/));
  it('rejects an invalid metric name', () => rejected(encodeWriteRequest([{ labels: { __name__: '1x' }, samples: [{ value: 1, timestamp: T }] }]), 400, 'OPS_ERR_VALIDATION', /invalid metric name "1x"/));

  it('counts rejections by reason', async () => {
    assert.match(await t.metrics.registry.metrics(), /opsight_ingest_rejected_total\{source="remote_write",reason="corrupt_snappy"\} \d/);
  });

  it('answers 503 with Retry-After when the pipeline is behind, so Prometheus retries', async () => {
    t.sink.refuseWith = new OverloadedError(1);
    const response = await write(encodeWriteRequest(good));
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '1');
    assert.equal(response.json<{ error: { code: string; retryable: boolean } }>().error.retryable, true);
    assert.equal(t.sink.samples.length, 0);
  });

  it('answers 503 when the sink fails otherwise', async () => {
    t.sink.refuseWith = new Error('disk full');
    const response = await write(encodeWriteRequest(good));
    assert.equal(response.statusCode, 503);
    assert.ok(response.headers['retry-after'] !== undefined);
  });
});
