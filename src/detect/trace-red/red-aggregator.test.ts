import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Span } from '../../signals/index.js';
import { RedAggregator, RED_METRICS } from './red-aggregator.js';
import { bucketOf, quantileOf, emptyHistogram, upperEdgeOf } from './latency-histogram.js';

const T0 = Date.UTC(2026, 3, 1, 12);
const MIN = 60_000;
let n = 0;

function span(at: number, durationMs: number, overrides: Partial<Span> = {}): Span {
  n++;
  return {
    traceId: n.toString(16).padStart(32, '0'), spanId: n.toString(16).padStart(16, '0'), entityId: 'service:cart', service: 'cart',
    operation: 'POST /checkout', kind: 'server', start: at - durationMs, end: at, status: 'ok', attributes: {}, ...overrides,
  };
}

/** The value of an operation's series (or, with `operation` null, its service's) at `time`. */
function valueOf(samples: ReturnType<RedAggregator['observe']>, metric: string, time: number, operation: string | null = 'POST /checkout'): number | undefined {
  return samples.find((s) => s.metric === metric && s.time === time && (s.labels.operation ?? null) === operation)?.value;
}

describe('latency histogram', () => {
  it('reports percentiles within one bucket (±35%) of the truth', () => {
    const histogram = emptyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram[bucketOf(ms)] = (histogram[bucketOf(ms)] ?? 0) + 1;
    const p95 = quantileOf(histogram, 100, 0.95);
    assert.ok(p95 >= 95 && p95 <= 95 * 1.35, String(p95));
    assert.ok(Number.isNaN(quantileOf(emptyHistogram(), 0, 0.5)));
    assert.equal(bucketOf(0), 0);
    assert.ok(upperEdgeOf(bucketOf(1e9)) > 1e6);
  });
});

describe('RedAggregator', () => {
  it('reports rate, error ratio and latency percentiles per operation and minute, once the minute is over', () => {
    const red = new RedAggregator();
    const minute = Array.from({ length: 120 }, (_, i) => span(T0 + i * 500, 10 + (i % 10), i % 12 === 0 ? { status: 'error' } : {}));
    assert.deepEqual(red.observe(minute), [], 'a window must not close before the late-arrival allowance');
    const later = red.observe([span(T0 + 2 * MIN + 1000, 5)]);
    assert.equal(valueOf(later, RED_METRICS.rate, T0 + MIN), 2);
    assert.equal(valueOf(later, RED_METRICS.errors, T0 + MIN), 10 / 120);
    const p50 = valueOf(later, RED_METRICS.p50, T0 + MIN) ?? 0;
    assert.ok(p50 >= 14 && p50 < 14 * 1.35, String(p50));
    assert.deepEqual(new Set(later.map((s) => JSON.stringify(s.labels))), new Set([JSON.stringify({ service: 'cart', operation: 'POST /checkout' }), JSON.stringify({ service: 'cart' })]));
    assert.equal(valueOf(later, RED_METRICS.errors, T0 + MIN, null), 10 / 120, 'the service as a whole');
  });

  it('counts only the spans that receive requests (server, consumer, roots)', () => {
    const red = new RedAggregator();
    red.observe([span(T0 + 1000, 5), span(T0 + 2000, 5, { kind: 'client', parentSpanId: 'ab'.repeat(8) }), span(T0 + 3000, 5, { kind: 'internal', parentSpanId: 'cd'.repeat(8) })]);
    const out = red.observe([span(T0 + 3 * MIN, 5)]);
    assert.equal(valueOf(out, RED_METRICS.rate, T0 + MIN), 1 / 60);
  });

  it('reports a rate of 0 for minutes an operation gets no request, then forgets it', () => {
    const red = new RedAggregator({ silentWindows: 3 });
    red.observe([span(T0 + 1000, 5, { service: 'quiet', operation: 'GET /', entityId: 'service:quiet' })]);
    const out = red.observe([span(T0 + 10 * MIN, 5)]);
    const quiet = out.filter((s) => s.labels.operation === 'GET /' && s.metric === RED_METRICS.rate).map((s) => [s.time, s.value]);
    assert.deepEqual(quiet, [[T0 + MIN, 1 / 60], [T0 + 2 * MIN, 0], [T0 + 3 * MIN, 0], [T0 + 4 * MIN, 0]]);
  });

  it('jumps over years of event time without a sample per minute passed, and still reports the later minutes', () => {
    const red = new RedAggregator({ silentWindows: 3 });
    red.observe([span(T0 + 1000, 5)]);
    const later = T0 + 4 * 365 * 24 * 60 * MIN;
    const jumped = red.observe([span(later + 1000, 5)]);
    assert.ok(jumped.length <= 2 * (4 + 3), `${jumped.length} samples`);
    const out = red.observe([span(later + 3 * MIN, 5)]);
    assert.equal(valueOf(out, RED_METRICS.rate, later + MIN), 1 / 60);
  });

  it('adds up a service\'s operations: errors spread over them show in the service\'s error ratio', () => {
    const red = new RedAggregator();
    const spans = Array.from({ length: 60 }, (_, i) => span(T0 + i * 1000, 5, { operation: `GET /item/${i % 6}`, status: i % 10 === 0 ? 'error' : 'ok' }));
    red.observe(spans);
    const out = red.observe([span(T0 + 3 * MIN, 5)]);
    assert.equal(valueOf(out, RED_METRICS.rate, T0 + MIN, null), 1);
    assert.equal(valueOf(out, RED_METRICS.errors, T0 + MIN, null), 6 / 60);
    assert.equal(valueOf(out, RED_METRICS.rate, T0 + MIN, 'GET /item/0'), 10 / 60);
  });

  it('measures how far a service\'s mix of operations moved from its usual mix, unmoved by traffic rising evenly', () => {
    const red = new RedAggregator();
    const minute = (m: number, perOperation: Record<string, number>) => Object.entries(perOperation).flatMap(([operation, count]) =>
      Array.from({ length: count }, (_, i) => span(T0 + m * MIN + 1000 + i * 100, 5, { operation })));
    const mix: [number, number][] = [];
    for (let m = 0; m < 60; m++) {
      const perOperation = m < 58 ? { 'GET /a': 20, 'GET /b': 10 } : m === 58 ? { 'GET /a': 60, 'GET /b': 30 } : { 'GET /a': 20, 'GET /c': 10 };
      for (const sample of red.observe(minute(m, perOperation))) if (sample.metric === RED_METRICS.operationMix) mix.push([(sample.time - T0) / MIN, sample.value]);
    }
    for (const sample of red.observe([span(T0 + 62 * MIN, 5)])) if (sample.metric === RED_METRICS.operationMix) mix.push([(sample.time - T0) / MIN, sample.value]);
    const at = (m: number) => mix.find(([minute]) => minute === m)?.[1] ?? NaN;
    assert.ok(at(58) < 0.01, `the usual mix shifted: ${at(58)}`);
    assert.ok(at(59) < 0.01, `three times the traffic in the same mix: ${at(59)}`);
    assert.ok(at(60) > 0.3 && at(60) < 0.4, `a third of the requests went to another operation: ${at(60)}`);
  });

  it('drops spans of a minute already reported instead of reporting it twice', () => {
    const red = new RedAggregator();
    red.observe([span(T0 + 1000, 5)]);
    red.observe([span(T0 + 3 * MIN, 5)]);
    assert.deepEqual(red.observe([span(T0 + 2000, 5)]), []);
  });
});
