import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { OverloadedError } from '../sink.js';
import { encodeTracesProto } from './encode-proto.js';
import { fixture } from './fixtures.js';
import type { OtlpSpan, TracesRequest } from './model.js';
import { syntheticLogsBody, syntheticSpansBody } from './synthetic.js';
import type { OtlpTestApp } from './testing.js';
import { otlpTestApp } from './testing.js';
import { WireReader } from '../protobuf/reader.js';
import { WireWriter } from '../protobuf/writer.js';

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
const T0 = Date.UTC(2026, 0, 1);

const span = (overrides: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '', name: 'op', kind: 2,
  startMs: T0, endMs: T0 + 5, attributes: [], statusCode: 0, statusMessage: '', ...overrides,
});
const traces = (...spans: OtlpSpan[]): TracesRequest => [{ resource: [{ key: 'service.name', value: 'svc' }], items: spans }];

/** Reads { varint 1; string 2 }: google.rpc.Status, or the inside of a partial_success. */
function readStatus(body: Buffer): { code: number; message: string } {
  const r = new WireReader(body);
  const out = { code: 0, message: '' };
  while (r.pos < body.length) {
    const tag = r.tag();
    if (tag === 8) out.code = r.uint32();
    else if (tag === 18) out.message = r.string('message');
    else r.skip(tag & 7);
  }
  return out;
}

describe('POST /v1/traces, /v1/metrics, /v1/logs', () => {
  let test: OtlpTestApp;
  before(async () => { test = await otlpTestApp({ bodyLimitBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024 }); });
  after(() => test.app.close());

  const post = (url: string, payload: Buffer | string, headers: Record<string, string>) => test.app.inject({ method: 'POST', url, payload, headers });

  function assertNothingStored(): void {
    assert.deepEqual([test.sink.spans.length, test.sink.samples.length, test.sink.logs.length], [0, 0, 0]);
  }

  async function assertStillServing(): Promise<void> {
    const ok = await post('/v1/traces', encodeTracesProto(traces(span())), PROTO);
    assert.equal(ok.statusCode, 200);
    test.sink.spans.length = 0;
  }

  it('answers 200 with an empty ExportTraceServiceResponse in protobuf', async () => {
    const response = await post('/v1/traces', syntheticSpansBody(50), PROTO);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/x-protobuf');
    assert.equal(response.rawPayload.length, 0);
    assert.equal(test.sink.spans.length, 50);
    test.sink.spans.length = 0;
  });

  it('answers 200 with {} in JSON, and accepts gzip', async () => {
    const response = await post('/v1/metrics', gzipSync(fixture('metrics')), { ...JSON_TYPE, 'content-encoding': 'gzip' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {});
    assert.ok(test.sink.samples.length > 10);
    test.sink.samples.length = 0;
    const logs = await post('/v1/logs', syntheticLogsBody(20), PROTO);
    assert.equal(logs.statusCode, 200);
    assert.equal(test.sink.logs.length, 20);
    test.sink.logs.length = 0;
  });

  it('answers partial_success when some spans are rejected, storing the rest (JSON)', async () => {
    const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'ok', startTimeUnixNano: String(T0 * 1e6), endTimeUnixNano: String(T0 * 1e6) },
      { traceId: '0af7', spanId: 'b7ad6b7169203331', name: 'bad', startTimeUnixNano: String(T0 * 1e6), endTimeUnixNano: String(T0 * 1e6) },
    ] }] }] });
    const response = await post('/v1/traces', body, JSON_TYPE);
    assert.equal(response.statusCode, 200);
    const partial = response.json<{ partialSuccess: { rejectedSpans: string; errorMessage: string } }>().partialSuccess;
    assert.equal(partial.rejectedSpans, '1');
    assert.match(partial.errorMessage, /span 1: trace_id must be 16 bytes, got 2/);
    assert.deepEqual(test.sink.spans.map((s) => s.operation), ['ok']);
    test.sink.spans.length = 0;
  });

  it('answers partial_success in protobuf when some spans have absurd timestamps', async () => {
    const response = await post('/v1/traces', encodeTracesProto(traces(span(), span({ startMs: 12 }))), PROTO);
    assert.equal(response.statusCode, 200);
    // ExportTraceServiceResponse { partial_success = 1 { rejected_spans = 1; error_message = 2 } }
    const reader = new WireReader(response.rawPayload);
    assert.equal(reader.tag(), 10);
    assert.equal(reader.lengthEnd(), response.rawPayload.length);
    const partial = readStatus(response.rawPayload.subarray(reader.pos));
    assert.equal(partial.code, 1);
    assert.match(partial.message, /1 spans rejected: resource 0, span 1: start_time_unix_nano 12000000 ns is outside/);
    assert.equal(test.sink.spans.length, 1);
    test.sink.spans.length = 0;
  });

  describe('bad input: a clear error, nothing stored, the server keeps serving', () => {
    it('400 for a truncated protobuf body, as a protobuf google.rpc.Status', async () => {
      const body = syntheticSpansBody(5);
      const response = await post('/v1/traces', body.subarray(0, body.length - 7), PROTO);
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['content-type'], 'application/x-protobuf');
      const status = readStatus(response.rawPayload);
      assert.equal(status.code, 3);
      assert.match(status.message, /OPS_ERR_VALIDATION: the body is not a valid ExportTraceServiceRequest protobuf: truncated/);
      assertNothingStored();
      await assertStillServing();
    });

    it('400 for corrupt protobuf (JSON sent as protobuf)', async () => {
      const response = await post('/v1/metrics', fixture('metrics'), PROTO);
      assert.equal(response.statusCode, 400);
      assert.match(readStatus(response.rawPayload).message, /not a valid ExportMetricsServiceRequest protobuf: corrupt/);
      assertNothingStored();
    });

    it('400 for invalid UTF-8 in a protobuf string', async () => {
      const body = new WireWriter().message(1, (resource) => resource.message(2, (scope) => scope.message(2, (span) => span
        .bytes(1, Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex')).bytes(2, Buffer.from('b7ad6b7169203331', 'hex'))
        .bytes(5, Buffer.from([0x47, 0x45, 0xff, 0xfe]))))).finish();
      const response = await post('/v1/traces', body, PROTO);
      assert.equal(response.statusCode, 400);
      assert.match(readStatus(response.rawPayload).message, /invalid UTF-8 in Span.name at byte \d+/);
      assertNothingStored();
      await assertStillServing();
    });

    it('400 for invalid UTF-8 in a JSON body, as a JSON Status', async () => {
      const body = Buffer.concat([Buffer.from('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}]}]}]}')]);
      const response = await post('/v1/logs', body, JSON_TYPE);
      assert.equal(response.statusCode, 400);
      const status = response.json<{ code: number; message: string; error: { code: string } }>();
      assert.deepEqual([status.code, status.error.code], [3, 'OPS_ERR_VALIDATION']);
      assert.match(status.message, /the JSON body is not valid UTF-8/);
      assertNothingStored();
    });

    it('400 for invalid JSON and for JSON that is not OTLP (base64 ids), naming the field', async () => {
      const invalid = await post('/v1/traces', '{"resourceSpans": [', JSON_TYPE);
      assert.equal(invalid.statusCode, 400);
      assert.equal(invalid.json<{ error: { code: string } }>().error.code, 'OPS_ERR_INVALID_JSON');
      const base64 = await post('/v1/traces', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'CvdlGRbNQ92ESOshHIAxnA==' }] }] }] }), JSON_TYPE);
      assert.equal(base64.statusCode, 400);
      assert.match(base64.json<{ message: string }>().message, /body.resourceSpans\[0\].scopeSpans\[0\].spans\[0\].traceId: not a hex string/);
      assertNothingStored();
    });

    it('400 for a bad gzip body', async () => {
      const response = await post('/v1/traces', Buffer.from('not gzip at all'), { ...PROTO, 'content-encoding': 'gzip' });
      assert.equal(response.statusCode, 400);
      assert.match(readStatus(response.rawPayload).message, /the body is not valid gzip/);
      assertNothingStored();
      await assertStillServing();
    });

    it('400 when every item has an absurd timestamp (seconds instead of nanoseconds)', async () => {
      const body = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1767225600', body: { stringValue: 'x' } }] }] }] });
      const response = await post('/v1/logs', body, JSON_TYPE);
      assert.equal(response.statusCode, 400);
      assert.match(response.json<{ message: string }>().message, /nothing accepted: 1 log records rejected: resource 0, log record 0: .*outside 2000-01-01..2200-01-01 \(wrong unit or clock\)/);
      assertNothingStored();
    });

    it('400 when every data point is NaN or infinite', async () => {
      const body = JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [
        { asDouble: 'NaN', timeUnixNano: String(T0 * 1e6) }, { asDouble: '-Infinity', timeUnixNano: String(T0 * 1e6) },
      ] } }] }] }] });
      const response = await post('/v1/metrics', body, JSON_TYPE);
      assert.equal(response.statusCode, 400);
      assert.match(response.json<{ message: string }>().message, /2 data points rejected: .*value is NaN.*value is -Infinity/);
      assertNothingStored();
    });

    it('415 for a content type OTLP/HTTP does not define, and for an unknown Content-Encoding', async () => {
      const text = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' });
      assert.equal(text.statusCode, 415);
      assert.match(text.json<{ message: string }>().message, /must be application\/x-protobuf or application\/json, not "text\/plain"/);
      const brotli = await post('/v1/traces', syntheticSpansBody(1), { ...PROTO, 'content-encoding': 'br' });
      assert.equal(brotli.statusCode, 415);
      assertNothingStored();
    });

    it('413 for a body over the limit, and for gzip that expands past the limit', async () => {
      const big = await post('/v1/traces', syntheticSpansBody(2000), PROTO);
      assert.equal(big.statusCode, 413);
      assert.match(readStatus(big.rawPayload).message, /OPS_ERR_BODY_TOO_LARGE/);
      const bomb = await post('/v1/traces', gzipSync(Buffer.alloc(1024 * 1024)), { ...PROTO, 'content-encoding': 'gzip' });
      assert.equal(bomb.statusCode, 413);
      assert.match(readStatus(bomb.rawPayload).message, /expands past 262144 bytes/);
      assertNothingStored();
      await assertStillServing();
    });

    it('429 with Retry-After when the sink is overloaded, 503 when it fails', async () => {
      test.sink.refuseWith = new OverloadedError(7);
      const overloaded = await post('/v1/traces', syntheticSpansBody(3), PROTO);
      assert.equal(overloaded.statusCode, 429);
      assert.equal(overloaded.headers['retry-after'], '7');
      assert.equal(readStatus(overloaded.rawPayload).code, 8);
      test.sink.refuseWith = new Error('disk gone');
      const failed = await post('/v1/logs', syntheticLogsBody(3), PROTO);
      assert.equal(failed.statusCode, 503);
      assert.equal(failed.headers['retry-after'], '5');
      test.sink.refuseWith = undefined;
      assertNothingStored();
      await assertStillServing();
    });

    it('counts rejected requests by reason, and the overload refusal as throttled only', async () => {
      const rejected = await test.metrics.registry.getSingleMetricAsString('opsight_ingest_rejected_total');
      assert.match(rejected, /source="otlp",reason="OPS_ERR_VALIDATION"/);
      assert.doesNotMatch(rejected, /reason="OPS_ERR_OVERLOADED"/);
      assert.match(await test.metrics.registry.getSingleMetricAsString('opsight_ingest_throttled_total'), /\{source="otlp"\} 1/);
    });
  });
});
