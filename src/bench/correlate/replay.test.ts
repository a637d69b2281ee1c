/** End to end: a small scenario through the runtime opsight serve runs, its incidents scored. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreReplay } from './bench.js';
import { replayScenario } from './replay.js';
import { parseScenario } from './scenario.js';

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 2, 2, 10, minute, second)).toISOString();

/** gateway calls checkout; checkout fails, its pod with it, and gateway suffers a minute later; ledger, elsewhere, has its own problem. */
function scenario(withTopology: boolean): string {
  const topology = [
    { at: at(0), span: { traceId: '1'.repeat(32), spanId: 'a'.repeat(16), service: 'gateway', name: 'call checkout', kind: 'client', start: at(0), end: at(0, 1) } },
    { at: at(0), span: { traceId: '1'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: 'a'.repeat(16), service: 'checkout', name: 'checkout', kind: 'server', start: at(0), end: at(0, 1) } },
    { at: at(0), sample: { metric: 'kube_pod_info', labels: { namespace: 'shop', pod: 'checkout-1', service: 'checkout' }, value: 1 } },
  ];
  const alerts = [
    { at: at(5), alertmanager: { status: 'firing', labels: { alertname: 'HighErrorRate', service: 'checkout' }, startsAt: at(5) }, truth: 'checkout' },
    { at: at(5, 30), alertmanager: { status: 'firing', labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'checkout-1' }, startsAt: at(5, 30) }, truth: 'checkout' },
    { at: at(6), event: { title: 'HighLatency', entity: 'service:gateway', time: at(6) }, truth: 'checkout' },
    { at: at(6, 10), alertmanager: { status: 'firing', labels: { alertname: 'DiskFull', service: 'ledger' }, startsAt: at(6, 10) }, truth: 'ledger' },
  ];
  return [...(withTopology ? topology : []), ...alerts].map((line) => JSON.stringify(line)).join('\n');
}

describe('replayScenario', () => {
  it('groups a fault and its caller through the topology the spans and samples taught, and keeps an unrelated alert apart', async () => {
    const replay = await replayScenario(parseScenario(scenario(true), 'cascade'));
    assert.deepEqual(replay.alerts.map((alert) => alert.truth), ['checkout', 'checkout', 'checkout', 'ledger']);
    const [checkout, pod, gateway, ledger] = replay.alerts.map((alert) => alert.incidentId);
    assert.ok(checkout !== null && checkout !== undefined);
    assert.equal(pod, checkout);
    assert.equal(gateway, checkout);
    assert.notEqual(ledger, checkout);
    const score = scoreReplay('cascade', replay);
    assert.deepEqual([score.precision, score.recall, score.incidents, score.otherAlerts], [1, 1, 2, 0]);
    assert.equal(score.compression, 0.5);
  });

  it('has nothing to relate the pod and the caller by without spans and samples', async () => {
    const score = scoreReplay('alone', await replayScenario(parseScenario(scenario(false), 'alone')));
    assert.equal(score.incidents, 4);
    assert.equal(score.recall, 0);
  });
});
