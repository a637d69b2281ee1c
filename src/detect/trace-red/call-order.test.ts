import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Sample, Span } from '../../signals/index.js';
import { CallOrderMix } from './call-order.js';
import { RedAggregator, RED_METRICS } from './red-aggregator.js';

const T0 = Date.UTC(2026, 3, 1, 12);
const MIN = 60_000;
let n = 0;
const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/** Random-looking bits from a counter (murmur3's finaliser), as real trace ids carry. */
function mixed(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function span(service: string, operation: string, start: number, end: number, overrides: Partial<Span> = {}): Span {
  n++;
  return {
    traceId: `${hex(n, 24)}${hex(mixed(n), 8)}`, spanId: hex(n, 16), entityId: `service:${service}`, service, operation, kind: 'server',
    start, end, status: 'ok', attributes: {}, ...overrides,
  };
}

/**
 * A `front` request at `at` calling `calls` one after the other, 10 ms each, children (rotated) first: a callee
 * service's server span, or with `db` a client span naming its database, or with `local` an internal span.
 */
function trace(at: number, calls: readonly string[]): Span[] {
  const parent = span('front', 'GET /page', at, at + 10 * calls.length + 5);
  const children = calls.map((callee, i) => {
    const start = at + 10 * i + 1;
    if (callee === 'local') return span('front', 'SELECT', start, start + 8, { kind: 'internal' });
    if (callee === 'db') return span('front', 'SELECT', start, start + 8, { kind: 'client', attributes: { 'db.system': 'postgresql' } });
    return span(callee, 'GET /item', start, start + 8, { traceId: parent.traceId, parentSpanId: parent.spanId });
  });
  for (const child of children) Object.assign(child, { traceId: parent.traceId, parentSpanId: parent.spanId });
  // Exporters send children in no particular order: the order is their start times'.
  const turn = n % children.length;
  return [...children.slice(turn), ...children.slice(0, turn), parent];
}

/** `perMinute` traces a minute for each of `minutes`, each making `calls(minute)`. */
function minutes(from: number, count: number, perMinute: number, calls: (minute: number) => readonly string[]): Span[][] {
  return Array.from({ length: count }, (_, m) => Array.from({ length: perMinute }, (_, i) => trace(T0 + (from + m) * MIN + Math.floor((i * MIN) / perMinute), calls(from + m))).flat());
}

const shifts = (samples: readonly Sample[], metric: string = RED_METRICS.callOrderMix) =>
  samples.filter((s) => s.metric === metric && s.labels.service === 'front').map((s) => [(s.time - T0) / MIN, s.value] as const);

const USUAL = ['cart', 'db', 'price'];

describe('CallOrderMix', () => {
  it('measures no shift while a service makes the same calls in the same order', () => {
    const order = new CallOrderMix();
    const samples = minutes(0, 12, 60, () => USUAL).flatMap((batch) => order.observe(batch));
    assert.deepEqual(shifts(samples), Array.from({ length: 9 }, (_, m) => [m + 2, 0]), 'the first window teaches the baseline; later ones match it');
    assert.equal(samples[0]?.entityId, 'service:front');
  });

  it('measures a shift when the same calls come in another order, while the operation mix stays put', () => {
    const order = new CallOrderMix();
    const red = new RedAggregator();
    const batches = minutes(0, 14, 60, (m) => (m === 10 ? ['price', 'cart', 'db'] : USUAL));
    const samples = batches.flatMap((batch) => order.observe(batch));
    const redSamples = batches.flatMap((batch) => red.observe(batch));
    const shifted = new Map(shifts(samples));
    assert.ok((shifted.get(11) ?? 0) > 0.5, `the reordered minute shifts: ${JSON.stringify([...shifted])}`);
    for (const [minute, value] of shifted) if (minute !== 11) assert.ok(value < 0.1, `minute ${minute}: ${value}`);
    const operationMix = shifts(redSamples, RED_METRICS.operationMix);
    assert.ok(operationMix.length > 5 && operationMix.every(([, value]) => value === 0), 'the same operations were served');
  });

  it('names a call by its callee service or the peer a client span names', () => {
    const order = new CallOrderMix();
    // The database call is `postgresql:SELECT`: an internal span of the same name in its place is another call.
    const swapped = (m: number) => (m === 5 ? ['cart', 'local', 'price'] : USUAL);
    const samples = minutes(0, 8, 60, swapped).flatMap((batch) => order.observe(batch));
    assert.ok((new Map(shifts(samples)).get(6) ?? 0) > 0.2);
  });

  it('joins children sent before their parent and after it, in other batches, as when sent together', () => {
    const together = new CallOrderMix();
    const apart = new CallOrderMix();
    const batches = minutes(0, 12, 60, (m) => (m === 8 ? ['db', 'price', 'cart'] : USUAL));
    const expected = batches.flatMap((batch) => together.observe(batch));
    const actual: Sample[] = [];
    for (const [m, batch] of batches.entries()) {
      const parents = batch.filter((s) => s.parentSpanId === undefined);
      const children = batch.filter((s) => s.parentSpanId !== undefined);
      // Odd minutes: children a batch before their parents; even minutes: a batch after.
      const [first, second] = m % 2 === 1 ? [children, parents] : [parents, children];
      actual.push(...apart.observe(first), ...apart.observe(second));
    }
    assert.deepEqual(shifts(actual), shifts(expected));
    assert.deepEqual(apart.drops, { lateParents: 0, orphanedGroups: 0, overflowChildren: 0, longSequences: 0 });
  });

  it('drops and counts children whose parent comes after their window closed', () => {
    const order = new CallOrderMix();
    const tick = (at: number) => order.observe([span('other', 'tick', at, at)]);
    const first = trace(T0 + 30_000, USUAL);
    order.observe(first.filter((s) => s.parentSpanId !== undefined));
    tick(T0 + 3 * MIN);
    order.observe(first.filter((s) => s.parentSpanId === undefined));
    assert.equal(order.drops.orphanedGroups, 1, 'closed with its window before the parent came');
    // Children that come late themselves wait in the open window; their parent, as late, finds them.
    const second = trace(T0 + 3 * MIN + 30_000, USUAL);
    tick(T0 + 5 * MIN + 30_000);
    order.observe(second);
    assert.equal(order.drops.lateParents, 1);
    assert.equal(order.size, 0);
  });

  it('holds at most maxParents parents, counting the children it turns away', () => {
    const order = new CallOrderMix({ maxParents: 5 });
    order.observe(Array.from({ length: 8 }, (_, i) => trace(T0 + i * 1000, ['cart', 'price'])).flat());
    assert.equal(order.size, 5);
    assert.equal(order.drops.overflowChildren, 6, 'three parents of two children each');
  });

  it('follows a sample of traces under a load past maxParents, and still sees the order change', () => {
    const order = new CallOrderMix({ maxParents: 200 });
    const samples: Sample[] = [];
    for (const batch of minutes(0, 14, 600, (m) => (m === 10 ? ['price', 'cart', 'db'] : USUAL))) {
      for (let i = 0; i < batch.length; i += 400) samples.push(...order.observe(batch.slice(i, i + 400)));
      assert.ok(order.size <= 200);
    }
    const shifted = new Map(shifts(samples));
    assert.ok((shifted.get(11) ?? 0) > 0.5, JSON.stringify([...shifted]));
    for (const [minute, value] of shifted) if (minute !== 11) assert.ok(value < 0.1, `minute ${minute}: ${value}`);
    assert.ok(shifted.size >= 8, 'each window measured');
    assert.ok(order.drops.overflowChildren < 14 * 600 * 3 * 0.05, `sampling keeps children from being turned away: ${order.drops.overflowChildren}`);
  });

  it('drops a sequence longer than maxChildren whole', () => {
    const order = new CallOrderMix({ maxChildren: 3 });
    order.observe([...trace(T0, ['cart', 'price', 'cart', 'price']), ...trace(T0 + 1000, USUAL)]);
    order.observe([span('other', 'tick', T0 + 3 * MIN, T0 + 3 * MIN)]);
    assert.equal(order.drops.longSequences, 1);
  });

  it('learns at most maxTransitions transitions a service, folding the rest into one bucket', () => {
    const order = new CallOrderMix({ maxTransitions: 4 });
    const callees = ['a', 'b', 'c', 'd', 'e', 'f'];
    minutes(0, 6, 20, (m) => [callees[m] ?? 'a', callees[(m + 1) % 6] ?? 'b']).forEach((batch) => order.observe(batch));
    assert.equal(order.transitionsLearned('front'), 5, 'four and the other bucket');
  });
});
