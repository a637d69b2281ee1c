import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { encodeWriteRequest } from '../../ingest/prometheus/encode-write-request.js';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';

const MiB = 1024 * 1024;

/** Valid OTLP JSON that expands from a few KB of gzip to `bytes`. */
function paddedTraces(bytes: number): Buffer {
  return gzipSync(Buffer.from(`{"resourceSpans":[]${' '.repeat(bytes)}}`));
}

describe('the shared budget for expanded bodies', () => {
  let t: TestApp;
  before(async () => { t = await startTestApp(storeTargets[0]!, { server: { maxInflightDecodedBytes: 12 * MiB, bodyLimitBytes: 10 * MiB } }); });
  after(async () => { await t.close(); });

  it('refuses with 429 and Retry-After the gzip bodies that would together pass it, and holds nothing after', async () => {
    const body = paddedTraces(4 * MiB);
    assert.ok(body.length < 64 * 1024);
    const headers = { ...t.as('ingest'), 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const replies = await Promise.all(Array.from({ length: 64 }, () => t.app.inject({ method: 'POST', url: '/v1/traces', headers, payload: body })));
    const statuses = replies.map((reply) => reply.statusCode);
    assert.deepEqual([...new Set(statuses)].sort(), [200, 429]);
    for (const reply of replies.filter((r) => r.statusCode === 429)) assert.ok(Number(reply.headers['retry-after']) > 0);
    assert.equal(t.runtime.decodeBudget.inUse, 0);
    assert.equal((await t.app.inject({ method: 'POST', url: '/v1/traces', headers, payload: body })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
  });

  it('answers a remote write that would pass it 503 with Retry-After, which Prometheus retries', async () => {
    const timestamps = Array.from({ length: 800_000 }, (_, i) => Date.UTC(2026, 0, 1) + i * 1000);
    const body = encodeWriteRequest([{ labels: { __name__: 'up', job: 'x' }, samples: timestamps.map((timestamp) => ({ value: 1, timestamp })) }]);
    const reply = await t.app.inject({
      method: 'POST', url: '/api/v1/write', payload: body,
      headers: { ...t.as('ingest'), 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' },
    });
    assert.equal(reply.statusCode, 503);
    assert.ok(Number(reply.headers['retry-after']) > 0);
    assert.match(reply.body, /server\.maxInflightDecodedBytes/);
    assert.equal(t.runtime.decodeBudget.inUse, 0);
  });
});
