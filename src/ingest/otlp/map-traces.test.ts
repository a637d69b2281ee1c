import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeExport } from './decode.js';
import { encodeTracesProto } from './encode-proto.js';
import { fixture } from './fixtures.js';
import { tracesRequestJson } from './json-traces.js';
import { mapTraces } from './map-traces.js';
import type { OtlpSpan, TracesRequest } from './model.js';
import { decodeTracesProto } from './proto-traces.js';
import { tracesSignal } from './signals.js';

const T0 = Date.UTC(2026, 0, 1);

function span(overrides: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '', name: 'op', kind: 1,
    startMs: T0, endMs: T0 + 10, attributes: [], statusCode: 0, statusMessage: '', ...overrides,
  };
}

const request = (...spans: OtlpSpan[]): TracesRequest => [{ resource: [{ key: 'service.name', value: 'svc' }], items: spans }];

describe('mapTraces', () => {
  it('maps the JSON fixture: hex ids lowercased, kinds by number and name, ms times, flattened attributes', () => {
    const { items, rejections } = decodeExport(tracesSignal, 'json', fixture('traces'));
    assert.equal(rejections.count, 0);
    const [root, child] = items;
    assert.deepEqual(root, {
      traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', parentSpanId: undefined,
      entityId: 'service:cart', service: 'cart', operation: 'GET /cart', kind: 'server', start: 1544712660000, end: 1544712661000, status: 'ok',
      attributes: { 'http.response.status_code': 200, big: '9007199254740993', ratio: 'NaN', tags: '["a",true]', 'peer.name': 'db', raw: 'AQID' },
    });
    assert.deepEqual([child?.parentSpanId, child?.kind, child?.status, child?.end, child?.attributes], ['eee19b7ec3c1b174', 'client', 'error', 1544712660300, { 'otel.status_description': 'timeout' }]);
  });

  it('decodes the same spans from protobuf as from JSON', () => {
    const fromJson = tracesRequestJson.parse(JSON.parse(fixture('traces').toString('utf8')));
    const fromProto = decodeTracesProto(encodeTracesProto(fromJson));
    assert.deepEqual(mapTraces(fromProto), mapTraces(fromJson));
  });

  it('rejects a trace id of the wrong length, naming the span', () => {
    const { items, rejections } = mapTraces(request(span(), span({ traceId: 'abcd' })));
    assert.equal(items.length, 1);
    assert.match(rejections.message('spans'), /1 spans rejected: resource 0, span 1: trace_id must be 16 bytes, got 2/);
  });

  it('rejects all-zero ids and a span id of the wrong length', () => {
    const { rejections } = mapTraces(request(span({ traceId: '0'.repeat(32) }), span({ spanId: 'ab' }), span({ parentSpanId: '00112233' })));
    assert.equal(rejections.count, 3);
    assert.match(rejections.message('spans'), /trace_id is all zeros.*span_id must be 8 bytes.*parent_span_id must be 8 bytes/);
  });

  it('rejects absurd timestamps and an end before the start', () => {
    const { rejections } = mapTraces(request(span({ startMs: 1000 }), span({ endMs: T0 + 400 * 365 * 86_400_000 }), span({ endMs: T0 - 1 }), span({ startMs: 0 })));
    assert.equal(rejections.count, 4);
    const text = rejections.message('spans');
    assert.match(text, /start_time_unix_nano 1000000000 ns is outside 2000-01-01..2200-01-01/);
    assert.match(text, /end_time_unix_nano .* is outside/);
    assert.match(text, /end_time_unix_nano is before start_time_unix_nano/);
    assert.match(text, /start_time_unix_nano is not set/);
  });

  it('uses the entity name as the service when the resource has no service.name', () => {
    const { items } = mapTraces([{ resource: [{ key: 'host.name', value: 'web-3' }], items: [span()] }]);
    assert.deepEqual([items[0]?.entityId, items[0]?.service], ['host:web-3', 'web-3']);
  });

  it('resolves a pod entity from k8s.* attributes when there is no service.name', () => {
    const { items } = mapTraces([{ resource: [{ key: 'k8s.pod.name', value: 'cart-7d9f' }, { key: 'k8s.namespace.name', value: 'shop' }], items: [span()] }]);
    assert.equal(items[0]?.entityId, 'pod:shop/cart-7d9f');
  });

  it('maps unknown kind and status numbers to internal and unset', () => {
    const { items } = mapTraces(request(span({ kind: 9, statusCode: 7 })));
    assert.deepEqual([items[0]?.kind, items[0]?.status], ['internal', 'unset']);
  });
});
