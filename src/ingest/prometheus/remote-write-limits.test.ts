import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { compressSync } from 'snappy';
import { encodeWriteRequest } from './encode-write-request.js';
import type { RemoteWriteTestApp } from './remote-write-app.testing.js';
import { assertRefused, postWrite, remoteWriteTestApp } from './remote-write-app.testing.js';
import { double, field, label, repeated, sample, staleNaN, varint } from './write-fixtures.testing.js';

const T = Date.UTC(2026, 0, 1, 12);
const MiB = 1024 * 1024;

/** One series from label and sample fields, snappy-compressed as Prometheus sends it. */
const body = (...fields: number[][]) => compressSync(Buffer.from(field(1, fields.flat())));
const many = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
const limitMessage = (key: string, limit: number) => new RegExp(`\\(limit ${limit}, prometheus\\.remoteWrite\\.${key}\\)`);

describe('POST /api/v1/write limits', () => {
  let t: RemoteWriteTestApp;
  before(async () => { t = await remoteWriteTestApp({ bodyLimit: 16 * MiB }); });
  after(async () => { await t.app.close(); });
  beforeEach(() => { t.sink.samples.length = 0; });

  const refused = (payload: Buffer, message: RegExp) => assertRefused(t, payload, 400, 'OPS_ERR_VALIDATION', message);
  const labelLimit = /timeseries\[0\]: more than 128 labels in one series \(limit 128, prometheus\.remoteWrite\.maxLabelsPerSeries\)/;

  it('refuses a 3 KB body of 8,000 copies of one label', () => {
    const payload = body(label('__name__', 'x'), ...many(8_000, () => label('a', 'v')), sample(double(1), T));
    assert.ok(payload.length < 4096);
    return refused(payload, labelLimit);
  });

  it('refuses 60,000 distinct labels', () => refused(body(label('__name__', 'x'), ...many(60_000, (i) => label(`l${i}`, 'v')), sample(double(1), T)), labelLimit));

  it('refuses 50,000 labels interleaved with samples', () =>
    refused(body(label('__name__', 'x'), ...many(50_000, (i) => [...label(`l${i}`, 'v'), ...sample(double(i), T)])), labelLimit));

  it('refuses a label name, a label value or a metric name over its byte limit, naming the label', async () => {
    await refused(body(label('__name__', 'x'), label('n'.repeat(2048), 'v'), sample(double(1), T)),
      /timeseries\[0\]\.labels\[1\]: a label name of 2048 bytes .*\(limit 1024, prometheus\.remoteWrite\.maxLabelNameBytes\)/);
    await refused(body(label('__name__', 'x'), label('a', 'v'.repeat(8192)), sample(double(1), T)), limitMessage('maxLabelValueBytes', 4096));
    await refused(body(label('__name__', 'x'.repeat(5000)), sample(double(1), T)), /labels\[0\]: a label value of 5000 bytes/);
  });

  it('refuses a million empty series', () =>
    refused(compressSync(repeated([0x0a, 0x00], 1_000_000)), /timeseries\[100000\]: more than 100000 timeseries in one request \(limit 100000, prometheus\.remoteWrite\.maxSeriesPerRequest\)/));

  it('refuses a million metadata entries', () => refused(compressSync(repeated([0x1a, 0x00], 1_000_000)), /metadata\[100000\]: more than 100000 metadata entries/));

  it('refuses more than a million samples', () => {
    const payload = compressSync(repeated([0x12, 0x00], 1_000_001, [0x0a, ...varint(2 * 1_000_001)]));
    return refused(payload, /timeseries\[0\]\.samples\[1000000\]: more than 1000000 samples in one request \(limit 1000000, prometheus\.remoteWrite\.maxSamplesPerRequest\)/);
  });

  it('accepts 150,000 stale markers in one series as 150,000 samples flagged stale', async () => {
    const marker = sample(staleNaN, T);
    const prefix = [...label('__name__', 'up'), ...label('job', 'api')];
    const payload = compressSync(repeated(marker, 150_000, [0x0a, ...varint(prefix.length + 150_000 * marker.length), ...prefix]));
    const response = await postWrite(t, payload);
    assert.equal(response.statusCode, 204, response.body);
    assert.equal(t.sink.samples.length, 150_000);
    assert.ok(t.sink.samples.every((s) => s.stale === true));
  });

  it('counts refusals over a limit as over_limit', async () => {
    await refused(body(label('__name__', 'x'), ...many(200, (i) => label(`l${i}`, 'v'))), labelLimit);
    assert.match(await t.metrics.registry.metrics(), /opsight_ingest_rejected_total\{source="remote_write",reason="over_limit"\} [1-9]/);
  });
});

describe('POST /api/v1/write with configured limits', () => {
  let t: RemoteWriteTestApp;
  before(async () => { t = await remoteWriteTestApp({ bodyLimit: 16 * MiB, limits: { maxLabelsPerSeries: 100_000, maxSamplesPerRequest: 3 } }); });
  after(async () => { await t.app.close(); });

  it('names the configured limit', () => {
    const series = { labels: { __name__: 'x' }, samples: [1, 2, 3, 4].map((i) => ({ value: i, timestamp: T + i })) };
    return assertRefused(t, encodeWriteRequest([series]), 400, 'OPS_ERR_VALIDATION', limitMessage('maxSamplesPerRequest', 3));
  });

  it('refuses 8,000 copies of one label (under a raised label limit) as one duplicate', () =>
    assertRefused(t, body(label('__name__', 'x'), ...many(8_000, () => label('a', 'v')), sample(double(1), T)), 400, 'OPS_ERR_VALIDATION',
      /^timeseries\[0\]\.labels\[2\]: duplicate label name "a"$/));

  it('accepts 60,000 distinct labels under a raised label limit', async () => {
    const labels = Object.fromEntries([['__name__', 'x'], ...many(60_000, (i) => [`l${i}`, 'v'])]) as Record<string, string>;
    const response = await postWrite(t, encodeWriteRequest([{ labels, samples: [{ value: 1, timestamp: T }] }]));
    assert.equal(response.statusCode, 204, response.body);
    assert.equal(Object.keys(t.sink.samples[0]?.labels ?? {}).length, 60_000);
  });
});
