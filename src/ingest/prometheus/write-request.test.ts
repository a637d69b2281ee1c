import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { WriteSeries } from './encode-write-request.js';
import { encodeWriteRequestProto } from './encode-write-request.js';
import type { DecodedWriteRequest, RawSeries, WriteLimits } from './write-request.js';
import { remoteWriteDefaults } from './config.js';
import { double, field, label, repeated, sample, staleNaN, text, varint } from './write-fixtures.testing.js';
import { WriteRequestProblem, decodeLabels, decodeWriteRequest } from './write-request.js';

const T = 1_700_000_000_000;

const labelsOf = (series: RawSeries | undefined) => (series === undefined ? [] : decodeLabels(series));

/** One series' points, with stale markers as indexes within the series (undefined when none). */
function points(request: DecodedWriteRequest, index: number) {
  const series = request.series[index];
  if (series === undefined) return { values: [], timestamps: [], stale: undefined };
  const end = series.first + series.count;
  const stale = [...request.stale].filter((i) => i >= series.first && i < end).map((i) => i - series.first);
  return { values: request.values.slice(series.first, end), timestamps: request.timestamps.slice(series.first, end), stale: stale.length > 0 ? stale : undefined };
}

function decodes(bytes: number[]) {
  return decodeWriteRequest(Uint8Array.from(bytes));
}

function problem(bytes: number[], path: RegExp, message: RegExp) {
  assert.throws(() => decodes(bytes), (error: unknown) => {
    assert.ok(error instanceof WriteRequestProblem, String(error));
    assert.match(error.path, path);
    assert.match(error.problem, message);
    return true;
  });
}

describe('decodeWriteRequest', () => {
  it('decodes hand-built series: labels in order, values and timestamps', () => {
    const series = field(1, [...label('__name__', 'up'), ...label('job', 'api'), ...sample(double(1), T), ...sample(double(0.5), T + 1000)]);
    const request = decodes(series);
    assert.equal(request.series.length, 1);
    assert.deepEqual(labelsOf(request.series[0]), ['__name__', 'up', 'job', 'api']);
    assert.deepEqual(points(request, 0).values, [1, 0.5]);
    assert.deepEqual(points(request, 0).timestamps, [T, T + 1000]);
    assert.equal(points(request, 0).stale, undefined);
  });

  it('reads UTF-8 label values', () => {
    const request = decodes(field(1, [...label('__name__', 'x'), ...label('city', 'Zürich — 東京'), ...label('long', 'é'.repeat(40))]));
    assert.equal(labelsOf(request.series[0])[3], 'Zürich — 東京');
    assert.equal(labelsOf(request.series[0])[5], 'é'.repeat(40));
  });

  it('marks the StaleNaN bit pattern, but not an ordinary NaN', () => {
    const request = decodes(field(1, [...label('__name__', 'x'), ...sample(double(Number.NaN), T), ...sample(staleNaN, T + 1)]));
    assert.deepEqual(points(request, 0).stale, [1]);
    assert.ok(Number.isNaN(points(request, 0).values[0]));
  });

  it('decodes metadata and counts native histograms without failing', () => {
    const metadata = field(3, [0x08, 1, ...field(2, text('http_requests_total')), ...field(4, text('help'))]);
    const request = decodes([...field(1, [...label('__name__', 'h'), ...field(4, [0x08, 1])]), ...metadata]);
    assert.deepEqual(request.metadata, [{ type: 1, family: 'http_requests_total' }]);
    assert.equal(request.series[0]?.histograms, 1);
  });

  it('skips fields it does not know', () => {
    const request = decodes([0x28, 7, ...field(1, [...label('__name__', 'x'), 0x2d, 1, 2, 3, 4]), ...field(9, [1, 2])]);
    assert.deepEqual(labelsOf(request.series[0]), ['__name__', 'x']);
  });

  it('decodes a negative int64 timestamp as a negative number', () => {
    const negative = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    const request = decodes(field(1, [...label('__name__', 'x'), ...field(2, [0x09, ...double(1), 0x10, ...negative])]));
    assert.equal(points(request, 0).timestamps[0], -1);
  });

  it('collects labels that come after samples too', () => {
    const request = decodes(field(1, [...label('__name__', 'x'), ...sample(double(1), T), ...label('job', 'late')]));
    assert.deepEqual(labelsOf(request.series[0]), ['__name__', 'x', 'job', 'late']);
  });

  it('rejects a broken label message when its labels are read, naming the label', () => {
    const request = decodes(field(1, [...label('__name__', 'x'), ...field(1, [0x0a, 0x09, 0x61])]));
    assert.throws(() => labelsOf(request.series[0]), (error: unknown) => error instanceof WriteRequestProblem && error.path === 'labels[1]' && /runs past the end/.test(error.problem));
  });

  it('decodes an empty request', () => assert.deepEqual(decodes([]), { series: [], values: [], timestamps: [], stale: new Set(), metadata: [] }));

  it('rejects a truncated message, naming the series', () => {
    const whole = field(1, [...label('__name__', 'up'), ...sample(double(1), T)]);
    problem(whole.slice(0, whole.length - 3), /^timeseries\[0\]$/, /runs past the end/);
  });

  it('rejects a truncated sample inside a well-framed series, naming the sample', () => {
    problem(field(1, [...label('__name__', 'up'), ...field(2, [0x09, 1, 2, 3])]), /^timeseries\[0\]\.samples\[0\]$/, /truncated/);
  });

  it('rejects a field of the wrong wire type', () => {
    problem(field(1, [0x08, 1]), /^timeseries\[0\]$/, /field 1 of labels .* has wire type 0, expected 2/);
    problem(field(1, [...field(2, [0x08, 1])]), /^timeseries\[0\]\.samples\[0\]$/, /wire type 0, expected 1/);
  });

  it('rejects garbage bytes', () => problem([0xff, 0xff, 0xff], /^WriteRequest$/, /truncated|invalid/));

  it('rejects an unsupported wire type', () => problem([0x17, 1], /^WriteRequest$/, /wire type/));
});

describe('decodeWriteRequest limits', () => {
  const limits = (overrides: Partial<WriteLimits>): WriteLimits => ({ ...remoteWriteDefaults, ...overrides });

  function overLimit(decode: () => unknown, path: RegExp, key: string) {
    assert.throws(decode, (error: unknown) => {
      assert.ok(error instanceof WriteRequestProblem, String(error));
      assert.equal(error.reason, 'over_limit');
      assert.match(error.path, path);
      assert.match(error.message, new RegExp(`limit \\d+, prometheus\\.remoteWrite\\.${key}\\)`));
      return true;
    });
  }

  it('joins 50,000 labels interleaved with samples once, in order (not a copy per label)', () => {
    const fields = Array.from({ length: 50_000 }, (_, i) => [...label(`l${i}`, 'v'), ...sample(double(i), T)]).flat();
    const request = decodeWriteRequest(Uint8Array.from(field(1, fields)), limits({ maxLabelsPerSeries: 50_000 }));
    const labels = labelsOf(request.series[0]);
    assert.equal(labels.length, 100_000);
    assert.deepEqual([labels[0], labels[99_998]], ['l0', 'l49999']);
    assert.equal(request.values.length, 50_000);
  });

  it('refuses the 129th label of a series, before reading its labels', () =>
    overLimit(() => decodeWriteRequest(repeated(label('a', 'v'), 8_000, [0x0a, ...varint(8_000 * 8)])), /^timeseries\[0\]$/, 'maxLabelsPerSeries'));

  it('refuses a label name or value over its byte limit, naming the label', () => {
    const request = decodes(field(1, [...label('__name__', 'x'), ...label('n'.repeat(1025), 'v'), ...label('a', 'v'.repeat(4097))]));
    overLimit(() => labelsOf(request.series[0]), /^labels\[1\]$/, 'maxLabelNameBytes');
    overLimit(() => decodeLabels(request.series[0] as RawSeries, limits({ maxLabelNameBytes: 2048 })), /^labels\[2\]$/, 'maxLabelValueBytes');
  });

  it('refuses more samples, series or metadata entries than allowed in one request', () => {
    const tight = limits({ maxSamplesPerRequest: 2, maxSeriesPerRequest: 2 });
    const series = field(1, [...label('__name__', 'x'), ...sample(double(1), T)]);
    overLimit(() => decodeWriteRequest(Uint8Array.from(field(1, [...sample(double(1), T), ...sample(double(1), T), ...sample(double(1), T)])), tight),
      /^timeseries\[0\]\.samples\[2\]$/, 'maxSamplesPerRequest');
    overLimit(() => decodeWriteRequest(Uint8Array.from([...series, ...series, ...series]), limits({ maxSeriesPerRequest: 2 })), /^timeseries\[2\]$/, 'maxSeriesPerRequest');
    overLimit(() => decodeWriteRequest(repeated([0x1a, 0x00], 3), tight), /^metadata\[2\]$/, 'maxSeriesPerRequest');
  });

  it('refuses a million empty series or empty samples at the default limits', () => {
    overLimit(() => decodeWriteRequest(repeated([0x0a, 0x00], 1_000_000)), /^timeseries\[100000\]$/, 'maxSeriesPerRequest');
    overLimit(() => decodeWriteRequest(repeated([0x12, 0x00], 1_000_001, [0x0a, ...varint(2 * 1_000_001)])), /^timeseries\[0\]\.samples\[1000000\]$/, 'maxSamplesPerRequest');
  });

  it('marks 150,000 stale markers of one series, and a sample whose last value is not StaleNaN is not stale', () => {
    const marker = sample(staleNaN, T);
    const request = decodeWriteRequest(repeated(marker, 150_000, [0x0a, ...varint(150_000 * marker.length)]));
    assert.equal(request.stale.size, 150_000);
    const overwritten = decodes(field(1, [...label('__name__', 'x'), ...field(2, [0x09, ...staleNaN, 0x09, ...double(Number.NaN), 0x10, ...varint(T)])]));
    assert.equal(overwritten.stale.size, 0);
  });
});

describe('encodeWriteRequestProto', () => {
  const series: WriteSeries[] = [
    { labels: { __name__: 'http_requests_total', job: 'api', instance: 'web-1:8080' }, samples: [{ value: 12, timestamp: T }, { value: 0, timestamp: T + 15_000, stale: true }] },
    { labels: { __name__: 'temp', city: 'Zürich' }, samples: [{ value: -3.25, timestamp: T }] },
  ];

  it('round-trips through the decoder, labels sorted by name', () => {
    const request = decodeWriteRequest(encodeWriteRequestProto(series, [{ type: 1, family: 'http_requests_total', help: 'Requests.' }]));
    assert.deepEqual(labelsOf(request.series[0]), ['__name__', 'http_requests_total', 'instance', 'web-1:8080', 'job', 'api']);
    assert.deepEqual(points(request, 0).timestamps, [T, T + 15_000]);
    assert.deepEqual(points(request, 0).stale, [1]);
    assert.deepEqual(points(request, 1).values, [-3.25]);
    assert.deepEqual(request.metadata, [{ type: 1, family: 'http_requests_total' }]);
  });

  it('agrees with protobufjs on the prompb schema, both ways', async () => {
    const root = await protobuf.load(fileURLToPath(new URL('../../../src/ingest/prometheus/testdata/remote.proto', import.meta.url)));
    const WriteRequest = root.lookupType('prometheus.WriteRequest');
    const ours = encodeWriteRequestProto(series.slice(1));
    const theirs = WriteRequest.toObject(WriteRequest.decode(ours), { longs: Number });
    assert.deepEqual(theirs, { timeseries: [{ labels: [{ name: '__name__', value: 'temp' }, { name: 'city', value: 'Zürich' }], samples: [{ value: -3.25, timestamp: T }] }] });
    const encoded = WriteRequest.encode(WriteRequest.fromObject({
      timeseries: [{ labels: [{ name: '__name__', value: 'up' }], samples: [{ value: 1, timestamp: T }], exemplars: [{ labels: [{ name: 'trace_id', value: 'abc' }], value: 1, timestamp: T }] }],
      metadata: [{ type: 5, metricFamilyName: 'rpc_seconds', help: 'RPC latency.', unit: 'seconds' }],
    })).finish();
    const decoded = decodeWriteRequest(encoded);
    assert.deepEqual(labelsOf(decoded.series[0]), ['__name__', 'up']);
    assert.deepEqual(points(decoded, 0).values, [1]);
    assert.deepEqual(decoded.metadata, [{ type: 5, family: 'rpc_seconds' }]);
  });
});
