import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeFault, parseFaultSpec } from './faults.js';
import type { ServiceState, Tick } from './simulate.js';
import { Simulator } from './simulate.js';

const START = Date.UTC(2026, 3, 6, 12);
const MINUTE = 60_000;

function run(seed: number, faults = [makeFault('latency', 'cart', START + 5 * MINUTE, 5 * MINUTE)], minutes = 12): Tick[] {
  const simulator = new Simulator({ seed, start: START, faults });
  const ticks: Tick[] = [];
  while (simulator.now < START + minutes * MINUTE) ticks.push(simulator.next());
  return ticks;
}

const stateAt = (tick: Tick, service: string) => tick.states.find((s) => s.service === service) as ServiceState;
const at = (ticks: Tick[], minute: number) => ticks.find((t) => t.time > START + minute * MINUTE) as Tick;

describe('the demo simulator', () => {
  it('gives the same samples, spans, logs and events for the same seed, and others for another', () => {
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7).map((t) => t.spans), run(8).map((t) => t.spans));
  });

  it('sends pod metrics, traces across services and to the database, cache and queue, and logs', () => {
    const ticks = run(1);
    const metrics = new Set(ticks.flatMap((t) => t.samples.map((s) => s.metric)));
    for (const metric of ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'kube_pod_container_status_restarts_total', 'http_requests_total', 'http_request_duration_seconds']) assert.ok(metrics.has(metric), metric);
    const spans = ticks.flatMap((t) => t.spans);
    assert.ok(spans.some((s) => s.attributes['db.system'] === 'postgresql'));
    assert.ok(spans.some((s) => s.attributes['db.system'] === 'redis'));
    assert.ok(spans.some((s) => s.kind === 'producer' && s.attributes['messaging.destination.name'] === 'orders'));
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    assert.ok(spans.some((s) => s.service === 'checkout' && byId.get(s.parentSpanId ?? '')?.service === 'gateway'), 'a gateway span is the parent of a checkout span');
    assert.ok(ticks.flatMap((t) => t.logs).some((l) => l.severity === 'info'));
  });

  it('spreads a latency fault on cart to its callers, not to services that do not call it', () => {
    const ticks = run(3);
    const [before, during] = [at(ticks, 2), at(ticks, 7)];
    for (const caller of ['cart', 'checkout', 'gateway', 'frontend']) {
      assert.ok(stateAt(during, caller).p90Ms > stateAt(before, caller).p90Ms + 100, `${caller} is slower`);
      assert.ok(stateAt(during, caller).causes.length === 1, `${caller} blames the fault`);
    }
    for (const bystander of ['catalog', 'payment', 'auth', 'postgres']) {
      assert.equal(stateAt(during, bystander).p90Ms, stateAt(before, bystander).p90Ms, `${bystander} is not slower`);
      assert.deepEqual(stateAt(during, bystander).causes, []);
    }
    assert.deepEqual(stateAt(at(ticks, 11), 'checkout').causes, [], 'over once the fault ends');
  });

  it('makes the callers of a database that is down fail and log why, and reports a bad deploy as a change', () => {
    const ticks = run(4, [makeFault('dependency-down', 'postgres', START + 2 * MINUTE, 5 * MINUTE), makeFault('bad-deploy', 'catalog', START + 8 * MINUTE, 3 * MINUTE)]);
    const during = at(ticks, 4);
    assert.equal(stateAt(during, 'payment').errorRatio > 0.9, true);
    assert.equal(stateAt(during, 'cart').errorRatio < 0.01, true, 'cart uses redis only');
    assert.ok(during.logs.some((l) => l.service === 'payment' && l.severity === 'error' && l.body.includes('Connection refused')));
    assert.equal(during.logs.some((l) => l.service === 'postgres'), false, 'a database that is down writes nothing');
    assert.deepEqual(ticks.flatMap((t) => t.changes).filter((c) => c.service === 'catalog').map((c) => c.time), [START + 8 * MINUTE]);
  });

  it('refuses a fault spec with an unknown kind or service, naming it', () => {
    assert.deepEqual(parseFaultSpec('latency:cart'), { kind: 'latency', service: 'cart' });
    assert.throws(() => parseFaultSpec('slow:cart'), /kind one of cpu/);
    assert.throws(() => parseFaultSpec('latency:billing'), /no service "billing"/);
  });
});
