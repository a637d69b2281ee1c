import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Span } from '../signals/index.js';
import { CallJoiner } from './calls.js';
import { EdgeRed, EDGE_METRICS } from './edge-red.js';

const T0 = Date.UTC(2026, 3, 1, 12);
let ids = 0;

function span(service: string, kind: Span['kind'], start: number, end: number, overrides: Partial<Span> = {}): Span {
  ids += 1;
  return {
    traceId: 'ab'.repeat(16), spanId: ids.toString(16).padStart(16, '0'), entityId: `service:${service}`, service, operation: `${kind} op of ${service}`,
    kind, start: T0 + start, end: T0 + end, status: 'ok', attributes: {}, ...overrides,
  };
}

const summary = (calls: ReturnType<CallJoiner['observe']>) => calls.map((c) => [c.caller.service, c.callee.entityId, c.kind, c.durationMs, c.error]);

describe('CallJoiner', () => {
  it('joins a client span to the server span under it in another service, timed as the caller waited, in either order', () => {
    const client = span('checkout', 'client', 0, 250);
    const server = span('payment', 'server', 20, 200, { parentSpanId: client.spanId, status: 'error' });
    assert.deepEqual(summary(new CallJoiner().observe([client, server])), [['checkout', 'service:payment', 'service', 250, true]]);
    const late = new CallJoiner();
    assert.deepEqual(late.observe([server]), [], 'the child waits for its parent');
    assert.deepEqual(summary(late.observe([client])), [['checkout', 'service:payment', 'service', 250, true]]);
  });

  it("keeps the callee's own duration beside the caller's, so the time spent between them shows", () => {
    const client = span('checkout', 'client', 0, 250);
    const server = span('payment', 'server', 20, 200, { parentSpanId: client.spanId });
    assert.deepEqual(new CallJoiner().observe([client, server]).map((c) => [c.durationMs, c.calleeDurationMs]), [[250, 180]]);
    const entry = span('gateway', 'server', 0, 100);
    const child = span('cart', 'server', 10, 60, { parentSpanId: entry.spanId });
    assert.equal(new CallJoiner().observe([entry, child])[0]?.calleeDurationMs, undefined, 'no client span timed it: the duration is the callee\'s own');
  });

  it('sees no call between spans of one service', () => {
    const entry = span('cart', 'server', 0, 100);
    assert.deepEqual(new CallJoiner().observe([entry, span('cart', 'internal', 10, 50, { parentSpanId: entry.spanId })]), []);
  });

  it('calls a database or a queue named by a client span at once, and a server address only when no instrumented child answered', () => {
    const joiner = new CallJoiner({ joinWindowMs: 60_000 });
    const query = span('orders', 'client', 0, 30, { attributes: { 'db.system': 'postgresql', 'db.namespace': 'orders' } });
    const publish = span('orders', 'producer', 0, 5, { attributes: { 'messaging.destination.name': 'order-events' } });
    const external = span('orders', 'client', 0, 80, { attributes: { 'server.address': 'api.bank.example' } });
    const internal = span('orders', 'client', 0, 40, { attributes: { 'server.address': 'stock' } });
    const answer = span('stock', 'server', 5, 35, { parentSpanId: internal.spanId });
    assert.deepEqual(summary(joiner.observe([query, publish, external, internal, answer])), [
      ['orders', 'peer:postgresql/orders', 'peer', 30, false],
      ['orders', 'peer:order-events', 'peer', 5, false],
      ['orders', 'service:stock', 'service', 40, false],
    ]);
    const later = joiner.observe([span('orders', 'server', 120_000, 120_010)]);
    assert.deepEqual(summary(later), [['orders', 'peer:api.bank.example', 'peer', 80, false]], 'the address no child answered, once the join window passed');
  });

  it('joins calls that go round in a cycle and a callee whose clock runs behind its caller, and lets orphans go', () => {
    const a = span('a', 'client', 0, 100);
    const b = span('b', 'server', 10, 90, { parentSpanId: a.spanId });
    const bClient = span('b', 'client', 20, 80, { parentSpanId: b.spanId });
    const aAgain = span('a', 'server', -5_000, -4_950, { parentSpanId: bClient.spanId });
    const orphan = span('c', 'server', 0, 10, { parentSpanId: 'f'.repeat(16) });
    const joiner = new CallJoiner({ joinWindowMs: 60_000 });
    assert.deepEqual(summary(joiner.observe([a, b, bClient, aAgain, orphan])).map(([caller, callee]) => `${caller}->${callee}`), ['a->service:b', 'b->service:a']);
    joiner.observe([span('d', 'server', 200_000, 200_001)]);
    assert.equal(joiner.size, 1, 'spans past the join window, the orphan among them, are let go');
  });

  it('holds at most maxSpans, letting the oldest go, even within one trace of a million spans', () => {
    const joiner = new CallJoiner({ maxSpans: 100 });
    joiner.observe(Array.from({ length: 1000 }, (_, i) => span('web', 'server', i, i + 1)));
    assert.ok(joiner.size <= 100, `${joiner.size} spans held`);
    const root = span('web', 'server', 0, 1_000);
    const huge = new CallJoiner({ maxSpans: 10_000 });
    for (let batch = 0; batch < 100; batch++) {
      huge.observe(Array.from({ length: 10_000 }, (_, i) => span(i % 2 === 0 ? 'web' : 'api', 'server', i, i + 1, { parentSpanId: root.spanId })));
    }
    assert.ok(huge.size <= 10_000, `${huge.size} spans held of a million`);
  });
});

describe('EdgeRed', () => {
  it('writes each edge\'s rate, errors and latency as the callee\'s series, labelled with both ends', () => {
    const edges = new EdgeRed();
    const calls = Array.from({ length: 30 }, (_, i) => ({
      caller: { entityId: 'service:web', service: 'web' }, callee: { entityId: 'service:api', service: 'api' }, kind: 'service' as const,
      time: T0 + i * 2000, durationMs: 100, error: i % 10 === 0,
    }));
    edges.observe(calls);
    const samples = edges.observe([{ ...calls[0]!, time: T0 + 3 * 60_000 }]);
    const first = samples.filter((s) => s.time === T0 + 60_000);
    assert.deepEqual(first.map((s) => [s.metric, s.entityId, s.labels]).sort(), [EDGE_METRICS.errors, EDGE_METRICS.p50, EDGE_METRICS.p95, EDGE_METRICS.rate].sort()
      .map((metric) => [metric, 'service:api', { caller: 'web', callee: 'api' }]).sort());
    assert.equal(first.find((s) => s.metric === EDGE_METRICS.errors)?.value, 3 / 30);
  });
});
