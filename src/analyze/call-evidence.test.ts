import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Call } from '../topology/call.js';
import { callEvidence } from './index.js';

const T0 = Date.UTC(2026, 3, 1, 12);

/** A call timed by the caller's client span: `hop` ms between sending and the callee taking it. */
function call(caller: string, callee: string, time: number, hop: number, error = false): Call {
  return { caller: { entityId: caller, service: caller }, callee: { entityId: callee, service: callee }, kind: 'service', time: T0 + time, durationMs: 20 + hop, calleeDurationMs: 20, error };
}

/** Normal traffic: every caller reaches each callee in 2 to 4 ms, before and after the start. */
function normal(pairs: [string, string][]): Call[] {
  return pairs.flatMap(([caller, callee]) => Array.from({ length: 20 }, (_, i) => call(caller, callee, (i - 10) * 1000, 2 + (i % 3))));
}

describe('callEvidence', () => {
  it('finds the service whose door is slow, as its own (not inherited) ingress delay, and lists the call graph', () => {
    const calls = [...normal([['web', 'api'], ['web', 'cart'], ['api', 'cart']]), ...Array.from({ length: 5 }, (_, i) => call('web', 'db', i * 1000, 500)), ...Array.from({ length: 5 }, (_, i) => call('api', 'db', i * 1000 + 500, 480))];
    const { anomalies, edges } = callEvidence(calls, T0);
    assert.deepEqual(anomalies.map((a) => [a.entityId, a.signal, a.inherited, a.since]), [['db', 'ingress-delay', false, T0]]);
    assert.equal(edges.length, 5);
  });

  it('blames a caller whose hops are slow to most of its callees, and never a caller for one slow callee', () => {
    const starved = [...normal([['web', 'api']]), ...['cart', 'price', 'stock'].flatMap((callee) => Array.from({ length: 4 }, (_, i) => call('shop', callee, i * 1000, 300)))];
    assert.ok(callEvidence(starved, T0).anomalies.some((a) => a.entityId === 'shop' && a.signal === 'egress-delay'));
    const oneSlowCallee = [...normal([['web', 'api']]), ...Array.from({ length: 6 }, (_, i) => call('auth', 'codes', i * 1000, 300))];
    assert.deepEqual(callEvidence(oneSlowCallee, T0).anomalies.map((a) => [a.entityId, a.signal]), [['codes', 'ingress-delay']]);
  });

  it('finds a delay that lasted a fraction of the window judged, with its onset', () => {
    const steady = Array.from({ length: 420 }, (_, i) => call('web', 'api', (i - 60) * 1000, 2 + (i % 3)));
    const slowFrom = 200_000;
    const briefly = Array.from({ length: 42 }, (_, i) => call('web', 'mail', i * 10_000, i * 10_000 >= slowFrom && i * 10_000 < slowFrom + 90_000 ? 900 : 3));
    assert.deepEqual(callEvidence([...steady, ...briefly], T0).anomalies.map((a) => [a.entityId, a.signal, a.since - T0]), [['mail', 'ingress-delay', slowFrom]]);
  });

  it('counts failed calls into a service after the start as an inherited symptom', () => {
    const calls = [...normal([['web', 'api']]), ...Array.from({ length: 12 }, (_, i) => call('web', 'pay', i * 1000, 3, true))];
    assert.deepEqual(callEvidence(calls, T0).anomalies.map((a) => [a.entityId, a.signal, a.inherited]), [['pay', 'call-errors', true]]);
  });
});
