import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert, Incident } from '../signals/index.js';
import { classOf, labelEntities, routesFrom, strongestLink, type Relatives } from './evidence.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** frontend calls checkout calls payments calls ledger calls audit; checkout-1 is a pod of checkout on node-1, which also runs ledger-1. */
const EDGES: [string, string, string][] = [
  ['service:checkout', 'caller of', 'service:payments'], ['service:payments', 'caller of', 'service:ledger'], ['service:ledger', 'caller of', 'service:audit'],
  ['pod:shop/checkout-1', 'part of', 'service:checkout'], ['pod:shop/checkout-1', 'part of', 'host:node-1'], ['pod:shop/ledger-1', 'part of', 'host:node-1'],
  ['pod:shop/ledger-1', 'part of', 'service:ledger'], ['service:frontend', 'caller of', 'service:checkout'],
];
const BACK: Record<string, string> = { 'caller of': 'callee of', 'part of': 'holding' };
const related = (entityId: string): Relatives => EDGES.flatMap(([from, relation, to]) => [
  ...(from === entityId ? [{ entityId: to, relation }] : []), ...(to === entityId ? [{ entityId: from, relation: BACK[relation] ?? relation }] : []),
]);

function alert(entityId: string, labels: Record<string, string>, activeSince = T0 + MIN): Alert {
  return {
    fingerprint: `fp-${entityId}`, status: 'firing', severity: 'warning', entityId, source: 'alertmanager', title: labels.alertname ?? 'Alert',
    labels, annotations: {}, firstSeen: activeSince, lastSeen: activeSince, activeSince, resolvedAt: null, count: 1, incidentId: null, url: null,
  };
}

function incident(signs: string[], startedAt = T0): Incident {
  return {
    id: 'inc_1', status: 'open', severity: 'warning', title: 't', entities: [...new Set(signs.map((sign) => sign.split(' ')[0] ?? ''))], startedAt,
    lastActivityAt: startedAt, resolvedAt: null, alertCount: signs.length, firingCount: signs.length, rootCauses: [], signs,
  };
}

const link = (what: Alert, of: Incident) => strongestLink(what, of, routesFrom([what.entityId, ...labelEntities(what)], related), 5 * MIN);

describe('classOf', () => {
  it('reads the class opsight\'s detectors name, and other tools\' alert names by their words', () => {
    assert.equal(classOf({ labels: { alertname: 'MetricAnomaly', problem: 'saturation' }, title: 'x' }), 'saturation');
    assert.deepEqual(['HighLatencyP95', 'HighErrorRate', 'LogErrorBurst', 'KubePodCrashLooping', 'RequestRateDrop', 'CertificateExpiringSoon']
      .map((alertname) => classOf({ labels: { alertname }, title: alertname })), ['latency', 'errors', 'errors', 'saturation', 'traffic', 'other']);
  });
});

describe('labelEntities', () => {
  it('names the service and pod an alert\'s labels carry besides its own entity', () => {
    assert.deepEqual(labelEntities(alert('service:checkout', { service: 'checkout', namespace: 'shop', pod: 'checkout-1' })), ['pod:shop/checkout-1']);
    assert.deepEqual(labelEntities(alert('pod:shop/checkout-1', { namespace: 'shop', pod: 'checkout-1' })), []);
  });

  it('links an alert to an incident of the service its labels name, as the same entity', () => {
    const found = link(alert('pod:shop/x-1', { namespace: 'shop', pod: 'x-1', service: 'checkout', alertname: 'PodHighMemory' }), incident(['service:checkout errors']));
    assert.deepEqual(found, { score: 0.95, reason: 'same entity by its labels: service:checkout', relatedTo: 'service:checkout', firm: true });
  });
});

describe('routesFrom', () => {
  it('walks up to three calls and the hierarchy, shortest first, never through a host', () => {
    const routes = new Map(routesFrom(['pod:shop/checkout-1'], related).map((route) => [route.entityId, route]));
    assert.deepEqual(routes.get('service:ledger'), { entityId: 'service:ledger', relation: 'part of', hops: 3, calls: 2, via: ['service:checkout', 'service:payments'], host: false });
    assert.equal(routes.get('host:node-1')?.hops, 1);
    assert.deepEqual(routes.get('pod:shop/ledger-1')?.via, ['service:checkout', 'service:payments', 'service:ledger'], 'two pods on one node are not related by it');
    assert.equal(routes.get('service:audit')?.calls, 3);
    assert.equal(routesFrom(['service:frontend'], related).some((route) => route.entityId === 'service:audit'), false, 'four calls away');
  });
});

describe('strongestLink', () => {
  it('links latency across calls when the incident shows latency or errors at the other end, weaker the further', () => {
    const slowCheckout = alert('service:checkout', { alertname: 'HighLatencyP95' });
    const one = link(slowCheckout, incident(['service:payments errors']));
    assert.equal(one?.score, 0.8);
    assert.equal(one?.reason, 'caller of service:payments, latency here and latency or errors there, 60 s after its last alert');
    const two = link(slowCheckout, incident(['service:ledger latency']));
    assert.equal(two?.score, 0.7);
    assert.match(two?.reason ?? '', /^caller of service:payments, which leads to service:ledger via 1 entity, 2 calls away/);
  });

  it('does not link across a call edge what does not travel on it: a memory leak next to a failing service', () => {
    assert.equal(link(alert('service:payments', { alertname: 'HighMemoryUsage' }), incident(['service:checkout errors'])), undefined);
    assert.equal(link(alert('service:payments', { alertname: 'HighErrorRate' }), incident(['service:checkout saturation'])), undefined);
  });

  it('links a service\'s pods whatever their problem, while the incident was active lately', () => {
    const crash = alert('pod:shop/checkout-1', { alertname: 'KubePodCrashLooping' });
    assert.equal(link(crash, incident(['service:checkout errors']))?.score, 0.9);
    assert.equal(link({ ...crash, activeSince: T0 + 6 * MIN }, incident(['service:checkout errors'])), undefined);
  });

  it('counts a route through calls while the incident is young: the related window per call', () => {
    assert.notEqual(link(alert('service:checkout', { alertname: 'HighLatencyP95' }, T0 + 9 * MIN), incident(['service:ledger errors'])), undefined);
    assert.equal(link(alert('service:checkout', { alertname: 'HighLatencyP95' }, T0 + 11 * MIN), incident(['service:ledger errors'])), undefined);
  });

  it('links a node to its pods only when both are saturated, and not firmly', () => {
    const cpu = alert('host:node-1', { alertname: 'NodeHighCPU' });
    assert.deepEqual(link(cpu, incident(['pod:shop/checkout-1 saturation'])), { score: 0.5, reason: 'holding pod:shop/checkout-1, saturated both, 60 s after its last alert', relatedTo: 'pod:shop/checkout-1', firm: false });
    assert.equal(link(cpu, incident(['pod:shop/checkout-1 errors'])), undefined);
  });
});
