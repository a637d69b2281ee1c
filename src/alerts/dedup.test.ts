import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '../signals/index.js';
import { applyAlertEvent } from './dedup.js';
import { fingerprintOf } from './fingerprint.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function event(overrides: Partial<Event> = {}): Event {
  return {
    id: `e${Math.random()}`, source: 'alertmanager', kind: 'alert', entityId: 'service:api', severity: 'warning',
    title: 'HighLatency', labels: { alertname: 'HighLatency', service: 'api' }, annotations: {}, time: T0, receivedAt: T0,
    status: 'firing', startsAt: T0, ...overrides,
  };
}

describe('fingerprintOf', () => {
  it('ignores label order and changes with any label value', () => {
    const a = fingerprintOf({ labels: { a: '1', b: '2' } });
    assert.equal(a, fingerprintOf({ labels: { b: '2', a: '1' } }));
    assert.notEqual(a, fingerprintOf({ labels: { a: '1', b: '3' } }));
    assert.match(a, /^[0-9a-f]{16}$/);
  });

  it('uses the sender\'s dedup key instead of labels when given', () => {
    assert.equal(fingerprintOf({ labels: { a: '1' }, dedupKey: 'k' }), fingerprintOf({ labels: { z: '9' }, dedupKey: 'k' }));
  });
});

describe('applyAlertEvent', () => {
  it('creates a firing alert on the first report', () => {
    const { alert, transition } = applyAlertEvent(undefined, event());
    assert.equal(transition, 'firing');
    assert.equal(alert.count, 1);
    assert.equal(alert.status, 'firing');
    assert.equal(alert.firstSeen, T0);
  });

  it('counts a repeat and keeps the latest details', () => {
    const first = applyAlertEvent(undefined, event()).alert;
    const { alert, transition } = applyAlertEvent(first, event({ time: T0 + MIN, severity: 'critical' }));
    assert.equal(transition, 'repeated');
    assert.equal(alert.count, 2);
    assert.equal(alert.lastSeen, T0 + MIN);
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.firstSeen, T0);
  });

  it('resolves at the end time the source reports', () => {
    const first = applyAlertEvent(undefined, event()).alert;
    const { alert, transition } = applyAlertEvent(first, event({ status: 'resolved', endsAt: T0 + 5 * MIN, time: T0 + 5 * MIN }));
    assert.equal(transition, 'resolved');
    assert.equal(alert.resolvedAt, T0 + 5 * MIN);
    assert.equal(alert.count, 1);
  });

  it('starts a new episode when the alert fires again after its resolution', () => {
    let alert = applyAlertEvent(undefined, event()).alert;
    alert = applyAlertEvent(alert, event({ status: 'resolved', endsAt: T0 + MIN })).alert;
    const refired = applyAlertEvent(alert, event({ startsAt: T0 + 10 * MIN, time: T0 + 10 * MIN }));
    assert.equal(refired.transition, 'firing');
    assert.equal(refired.alert.activeSince, T0 + 10 * MIN);
    assert.equal(refired.alert.resolvedAt, null);
  });

  it('treats reports older than the current state as stale', () => {
    let alert = applyAlertEvent(undefined, event({ startsAt: T0 + 2 * MIN, time: T0 + 2 * MIN })).alert;
    assert.equal(applyAlertEvent(alert, event({ status: 'resolved', endsAt: T0 + MIN })).transition, 'stale');
    alert = applyAlertEvent(alert, event({ status: 'resolved', endsAt: T0 + 3 * MIN })).alert;
    const late = applyAlertEvent(alert, event({ startsAt: T0 + 2 * MIN, time: T0 + 2 * MIN }));
    assert.equal(late.transition, 'stale');
    assert.equal(late.alert.status, 'resolved');
    assert.equal(applyAlertEvent(alert, event({ status: 'resolved', endsAt: T0 + 4 * MIN })).transition, 'stale');
  });

  it('records an alert first heard of when it resolves, without a firing episode', () => {
    const { alert, transition } = applyAlertEvent(undefined, event({ status: 'resolved', startsAt: T0, endsAt: T0 + MIN, time: T0 + MIN }));
    assert.equal(transition, 'resolved');
    assert.equal(alert.status, 'resolved');
    assert.equal(alert.activeSince, T0);
  });
});
