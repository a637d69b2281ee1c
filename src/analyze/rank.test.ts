import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rankCauses, type Anomaly } from './index.js';

const T0 = Date.UTC(2026, 3, 1, 12);
const anomaly = (entityId: string, signal: string, since: number, strength: number, inherited: boolean, source: Anomaly['source'] = 'metric'): Anomaly =>
  ({ entityId, source, signal, since: T0 + since, strength, inherited });

describe('rankCauses', () => {
  it('puts the callee first when its caller only inherits the symptom, and the caller first when nothing downstream explains it', () => {
    const edges = [{ caller: 'web', callee: 'api' }, { caller: 'api', callee: 'db' }];
    const anomalies = [anomaly('web', 'latency', 60_000, 50, true), anomaly('api', 'latency', 0, 20, true), anomaly('db', 'cpu', 0, 12, false)];
    const ranked = rankCauses({ start: T0, anomalies, edges });
    assert.deepEqual(ranked.map((c) => c.entityId), ['db', 'web', 'api']);
    assert.match(ranked[1]?.evidence[0] ?? '', /explained by callee (api|db)/);
    const alone = rankCauses({ start: T0, anomalies: anomalies.slice(0, 2), edges: [] });
    assert.deepEqual(alone.map((c) => c.entityId), ['web', 'api'], 'without the call graph the stronger symptom wins');
  });

  it('does not let a callee that went wrong later explain a symptom', () => {
    const ranked = rankCauses({ start: T0, anomalies: [anomaly('web', 'latency', 0, 30, true), anomaly('api', 'latency', 600_000, 30, true)], edges: [{ caller: 'web', callee: 'api' }] });
    assert.equal(ranked[0]?.entityId, 'web');
  });

  it('adds the strongest evidence of each source, so a cause seen in metrics and traces outranks a stronger one seen in metrics alone', () => {
    const anomalies = [
      anomaly('a', 'cpu', 0, 40, false), anomaly('a', 'mem', 0, 40, false),
      anomaly('b', 'cpu', 0, 20, false), anomaly('b', 'ingress-delay', 0, 20, false, 'trace'),
    ];
    const ranked = rankCauses({ start: T0, anomalies, edges: [] });
    assert.deepEqual(ranked.map((c) => c.entityId), ['b', 'a']);
    assert.equal(ranked[1]?.score, Math.log2(1 + 40 / 3), 'two anomalies of one source count as the stronger one');
  });

  it('ignores anomalies below the threshold, counts a change just before the start, and reports the earliest onset', () => {
    const ranked = rankCauses({
      start: T0, anomalies: [anomaly('a', 'cpu', 0, 2.9, false), anomaly('b', 'latency', 30_000, 3, false), anomaly('b', 'errors', 10_000, 4, false, 'log')],
      edges: [], changes: [{ entityId: 'c', time: T0 - 120_000, summary: 'deploy v2' }, { entityId: 'd', time: T0 - 86_400_000, summary: 'old deploy' }],
    });
    assert.deepEqual(ranked.map((c) => c.entityId), ['b', 'c']);
    assert.equal(ranked[0]?.since, T0 + 10_000);
    assert.equal(ranked[0]?.signal, 'errors');
    assert.match(ranked[1]?.evidence[0] ?? '', /deploy v2/);
  });
});
