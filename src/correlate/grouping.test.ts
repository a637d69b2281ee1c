import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../signals/index.js';
import { groupAlert } from './grouping.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const config = { windowMs: 10 * MIN, resolveAfterMs: 0, reopenWindowMs: 0 };

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'fp-a', status: 'firing', severity: 'warning', entityId: 'service:api', source: 'alertmanager', title: 'HighLatency',
    labels: {}, annotations: {}, firstSeen: T0, lastSeen: T0, activeSince: T0, resolvedAt: null, count: 1, incidentId: null, url: null, ...overrides,
  };
}

describe('groupAlert', () => {
  it('opens an incident for the first alert of an entity', () => {
    const result = groupAlert(alert(), 'firing', undefined, [], config);
    assert.equal(result.incident?.status, 'open');
    assert.equal(result.incident?.alertCount, 1);
    assert.equal(result.alert.incidentId, result.incident?.id);
    assert.deepEqual(result.timeline.map((e) => e.kind), ['alert-firing']);
  });

  it('adds a second alert of the same entity within the window to the same incident', () => {
    const first = groupAlert(alert(), 'firing', undefined, [], config).incident!;
    const second = groupAlert(alert({ fingerprint: 'fp-b', severity: 'critical', activeSince: T0 + 5 * MIN }), 'firing', undefined, [first], config);
    assert.equal(second.incident?.id, first.id);
    assert.equal(second.incident?.alertCount, 2);
    assert.equal(second.incident?.firingCount, 2);
    assert.equal(second.incident?.severity, 'critical');
  });

  it('opens a new incident for another entity or after the window', () => {
    const first = groupAlert(alert(), 'firing', undefined, [], config).incident!;
    assert.notEqual(groupAlert(alert({ fingerprint: 'fp-b', entityId: 'host:db' }), 'firing', undefined, [first], config).incident?.id, first.id);
    assert.notEqual(groupAlert(alert({ fingerprint: 'fp-c', activeSince: T0 + 11 * MIN }), 'firing', undefined, [first], config).incident?.id, first.id);
  });

  it('resolves the incident when its last firing alert resolves', () => {
    const opened = groupAlert(alert(), 'firing', undefined, [], config);
    const joined = groupAlert(alert({ fingerprint: 'fp-b' }), 'firing', undefined, [opened.incident!], config);
    const one = groupAlert(alert({ status: 'resolved', resolvedAt: T0 + MIN, incidentId: opened.incident!.id }), 'resolved', joined.incident, [], config);
    assert.equal(one.incident?.status, 'open');
    const both = groupAlert(alert({ fingerprint: 'fp-b', status: 'resolved', resolvedAt: T0 + 2 * MIN }), 'resolved', one.incident, [], config);
    assert.equal(both.incident?.status, 'resolved');
    assert.equal(both.incident?.resolvedAt, T0 + 2 * MIN);
    assert.deepEqual(both.timeline.map((e) => e.kind), ['alert-resolved', 'status']);
  });

  it('gives the same incident id for the same alert episode (replays reproduce incidents)', () => {
    assert.equal(groupAlert(alert(), 'firing', undefined, [], config).incident?.id, groupAlert(alert(), 'firing', undefined, [], config).incident?.id);
  });

  it('changes nothing for a stale report', () => {
    assert.equal(groupAlert(alert(), 'stale', undefined, [], config).incident, undefined);
  });
});

describe('groupAlert across the topology', () => {
  const checkout = () => groupAlert(alert({ fingerprint: 'fp-checkout', entityId: 'service:checkout' }), 'firing', undefined, [], config);

  it('joins an alert to an open incident of an entity one edge away, and says why', () => {
    const first = checkout();
    assert.deepEqual(first.alert.correlation, { reason: 'opened the incident', score: 1, relatedTo: null });
    const relatives = [{ entityId: 'service:checkout', relation: 'callee of' }];
    const slow = alert({ fingerprint: 'fp-shipping', entityId: 'service:shipping', activeSince: T0 + 40_000 });
    const joined = groupAlert(slow, 'firing', undefined, [first.incident!], config, relatives);
    assert.equal(joined.incident?.id, first.incident?.id);
    assert.deepEqual(joined.incident?.entities, ['service:checkout', 'service:shipping']);
    assert.deepEqual(joined.alert.correlation, { reason: 'callee of service:checkout, 40 s after its last alert', score: 0.7, relatedTo: 'service:checkout' });
  });

  it('prefers an incident of the alert\'s own entity, and keeps faults in parts of the graph that do not touch apart', () => {
    const first = checkout();
    const own = groupAlert(alert({ fingerprint: 'fp-own', entityId: 'service:shipping' }), 'firing', undefined, [], config).incident!;
    const again = groupAlert(alert({ fingerprint: 'fp-again', entityId: 'service:shipping', activeSince: T0 + MIN }), 'firing', undefined, [first.incident!, own], config,
      [{ entityId: 'service:checkout', relation: 'callee of' }]);
    assert.equal(again.incident?.id, own.id);
    assert.deepEqual(again.alert.correlation, { reason: 'same entity: service:shipping', score: 1, relatedTo: 'service:shipping' });
    const elsewhere = groupAlert(alert({ fingerprint: 'fp-ledger', entityId: 'service:ledger' }), 'firing', undefined, [first.incident!], config, [{ entityId: 'service:audit', relation: 'caller of' }]);
    assert.notEqual(elsewhere.incident?.id, first.incident?.id);
  });

  it('titles an incident of several alerts by where it started and what is wrong, not by its first alert', () => {
    const first = groupAlert(alert({ fingerprint: 'fp-1', entityId: 'service:checkout', title: 'Latency anomaly on service:checkout', labels: { problem: 'latency' } }), 'firing', undefined, [], config);
    assert.equal(first.incident?.title, 'Latency anomaly on service:checkout', 'the entity is not named twice');
    const relatives = [{ entityId: 'service:checkout', relation: 'callee of' }];
    const second = groupAlert(alert({ fingerprint: 'fp-2', entityId: 'service:payment', labels: { alertname: 'LogErrorBurst' } }), 'firing', undefined, [first.incident], config, relatives);
    const third = groupAlert(alert({ fingerprint: 'fp-3', entityId: 'service:payment', labels: { problem: 'errors' } }), 'firing', undefined, [second.incident!], config);
    assert.equal(third.incident?.title, 'checkout: latency and log errors and errors, 3 alerts on 2 entities');
    assert.deepEqual(third.incident?.problems, ['latency', 'log errors', 'errors']);
  });

  it('joins an incident of a relative only while it is young (relatedWindowMs after it started)', () => {
    const first = groupAlert(alert({ fingerprint: 'fp-1', entityId: 'service:checkout' }), 'firing', undefined, [], config).incident!;
    const relatives = [{ entityId: 'service:checkout', relation: 'callee of' }];
    const tight = { ...config, relatedWindowMs: 5 * MIN };
    const soon = groupAlert(alert({ fingerprint: 'fp-2', entityId: 'service:payment', activeSince: T0 + 4 * MIN }), 'firing', undefined, [first], tight, relatives);
    const late = groupAlert(alert({ fingerprint: 'fp-3', entityId: 'service:payment', activeSince: T0 + 6 * MIN }), 'firing', undefined, [first], tight, relatives);
    assert.equal(soon.incident?.id, first.id);
    assert.notEqual(late.incident?.id, first.id);
  });
});

