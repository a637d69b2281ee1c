import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_FLAT_ATTRIBUTES, flattenAttributes } from './attributes.js';
import { encodeLogsProto, encodeTracesProto } from './encode-proto.js';
import type { AnyValue, OtlpLogRecord } from './model.js';
import { MAX_ANY_VALUE_DEPTH } from './model.js';
import type { OtlpTestApp } from './testing.js';
import { otlpTestApp } from './testing.js';
import { WireWriter } from '../protobuf/writer.js';

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
const T0 = Date.UTC(2026, 0, 1);
const tooDeep = /nests kvlist or array values more than 32 levels deep/;

const varint = (value: number): number[] => [...new WireWriter().rawVarint(value).finish()];

/**
 * An AnyValue of `levels` array_values around a string, built from the inside out without
 * recursion: each level is AnyValue { array_value 5 { values 1 { <inner> } } }.
 */
function nestedArrayProto(levels: number): Buffer {
  let inner = 3; // { string_value: "x" }
  const prefixes: number[][] = [];
  for (let i = 0; i < levels; i++) {
    const arrayLength = 1 + varint(inner).length + inner;
    prefixes.push([0x2a, ...varint(arrayLength), 0x0a, ...varint(inner)]);
    inner = 1 + varint(arrayLength).length + arrayLength;
  }
  return Buffer.from([...prefixes.reverse().flat(), 0x0a, 0x01, 0x78]);
}

/** An ExportLogsServiceRequest of one record whose body (field 5) is `body`, AnyValue bytes. */
function logWithBody(body: Buffer): Buffer {
  return new WireWriter().message(1, (resource) => resource.message(2, (scope) => scope.message(2, (record) => record.bytes(5, body)))).finish();
}

/** `levels` kvlist_values around a string: { k: { k: ... "x" } }. */
function nestedKvlist(levels: number): AnyValue {
  let value: AnyValue = 'x';
  for (let i = 0; i < levels; i++) value = { kvlist: [{ key: 'k', value }] };
  return value;
}

/** An OTLP/JSON span whose attribute `deep` is `levels` kvlistValues around a string, as text. */
function spanJson(levels: number): string {
  const value = `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(levels)}{"stringValue":"x"}${'}]}}'.repeat(levels)}`;
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"op",` +
    `"startTimeUnixNano":"${T0 * 1e6}","endTimeUnixNano":"${T0 * 1e6}","attributes":[{"key":"deep","value":${value}}]}]}]}]}`;
}

const record = (body: AnyValue): OtlpLogRecord => ({ timeMs: T0, observedTimeMs: 0, severityNumber: 9, severityText: '', body, attributes: [{ key: 'deep', value: nestedKvlist(MAX_ANY_VALUE_DEPTH - 1) }], traceId: '', spanId: '' });

describe('OTLP attribute values nested without bound', () => {
  let test: OtlpTestApp;
  before(async () => { test = await otlpTestApp({ bodyLimitBytes: 4 * 1024 * 1024 }); });
  after(() => test.app.close());

  const post = (url: string, payload: Buffer | string, headers: Record<string, string>) => test.app.inject({ method: 'POST', url, payload, headers });

  async function assertRefused(url: string, payload: Buffer | string, headers: Record<string, string>): Promise<void> {
    const response = await post(url, payload, headers);
    assert.equal(response.statusCode, 400, response.body);
    if (headers === JSON_TYPE) {
      const status = response.json<{ code: number; message: string; details?: unknown }>();
      assert.match(status.message, tooDeep);
    } else assert.match(response.rawPayload.toString('utf8'), tooDeep);
    assert.deepEqual([test.sink.spans.length, test.sink.logs.length], [0, 0], 'a refused request stored something');
    const ok = await post('/v1/logs', encodeLogsProto([{ resource: [], items: [record('fine')] }]), PROTO);
    assert.equal(ok.statusCode, 200, 'the server stopped serving after bad input');
    test.sink.logs.length = 0;
  }

  it('refuses a protobuf log body of arrays 10,000 deep with 400', () => assertRefused('/v1/logs', logWithBody(nestedArrayProto(10_000)), PROTO));

  it('refuses a protobuf log body one level past the limit, and accepts one at the limit', async () => {
    await assertRefused('/v1/logs', logWithBody(nestedArrayProto(MAX_ANY_VALUE_DEPTH)), PROTO);
    const response = await post('/v1/logs', logWithBody(nestedArrayProto(MAX_ANY_VALUE_DEPTH - 1)), PROTO);
    assert.equal(response.statusCode, 400, 'decoded; refused only for its missing timestamp');
    assert.match(response.rawPayload.toString('utf8'), /time_unix_nano/);
  });

  it('refuses protobuf span attributes of kvlists past the limit', () =>
    assertRefused('/v1/traces', encodeTracesProto([{ resource: [], items: [{
      traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '', name: 'op', kind: 2, startMs: T0, endMs: T0,
      attributes: [{ key: 'deep', value: nestedKvlist(MAX_ANY_VALUE_DEPTH) }], statusCode: 0, statusMessage: '',
    }] }]), PROTO));

  it('refuses an OTLP/JSON attribute of kvlists 1,000 deep with 400, not 500', () => assertRefused('/v1/traces', spanJson(1_000), JSON_TYPE));

  it('refuses OTLP/JSON one level past the limit and flattens one at the limit', async () => {
    await assertRefused('/v1/traces', spanJson(MAX_ANY_VALUE_DEPTH), JSON_TYPE);
    const response = await post('/v1/traces', spanJson(MAX_ANY_VALUE_DEPTH - 1), JSON_TYPE);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(Object.keys(test.sink.spans[0]?.attributes ?? {}), [`deep${'.k'.repeat(MAX_ANY_VALUE_DEPTH - 1)}`]);
    test.sink.spans.length = 0;
  });

  it('answers deep JSON outside attribute values without a 500', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const ignored = await post('/v1/logs', `{"resourceLogs":[],"extra":${deep}}`, JSON_TYPE);
    assert.equal(ignored.statusCode, 200, ignored.body);
    const misplaced = await post('/v1/logs', `{"resourceLogs":${deep}}`, JSON_TYPE);
    assert.equal(misplaced.statusCode, 400, misplaced.body);
  });
});

describe('flattened attribute names', () => {
  it('stay linear in the input: a long chain of long keys over many leaves is kept whole as JSON past the prefix cap, and at most 128 attributes are kept', () => {
    let value: AnyValue = { kvlist: Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, value: 'v' })) };
    for (let level = 0; level < 30; level++) value = { kvlist: [{ key: 'x'.repeat(1000), value }] };
    const flat = flattenAttributes([{ key: 'root', value }]);
    const names = Object.keys(flat);
    assert.ok(names.length <= MAX_FLAT_ATTRIBUTES);
    const totalNameBytes = names.reduce((sum, name) => sum + name.length, 0);
    assert.ok(totalNameBytes < 10_000, `${totalNameBytes} bytes of names`);
  });

  it('keeps ordinary nested attributes as dotted names', () => {
    assert.deepEqual(flattenAttributes([{ key: 'http', value: { kvlist: [{ key: 'method', value: 'GET' }] } }]), { 'http.method': 'GET' });
  });
});
