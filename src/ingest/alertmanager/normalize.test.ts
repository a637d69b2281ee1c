import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { alertmanagerPayloadSchema } from './payload.js';
import { normalizeAlertmanager } from './normalize.js';

const fixture = JSON.parse(readFileSync(new URL('../../../src/ingest/alertmanager/testdata/firing.json', import.meta.url), 'utf8')) as Record<string, unknown>;
let counter = 0;
const context = { receivedAt: Date.UTC(2026, 0, 1, 12), newId: () => `id-${++counter}` };

describe('normalizeAlertmanager', () => {
  it('maps every alert with its labels, annotations, times, link and group fields', () => {
    const events = normalizeAlertmanager(alertmanagerPayloadSchema.parse(fixture), context);
    assert.equal(events.length, 2);
    const [checkout, disk] = events;
    assert.equal(checkout?.entityId, 'service:checkout');
    assert.equal(checkout?.severity, 'critical');
    assert.equal(checkout?.title, 'HighErrorRate');
    assert.equal(checkout?.description, 'checkout returns 7% 5xx');
    assert.equal(checkout?.status, 'firing');
    assert.equal(checkout?.time, Date.parse('2026-01-01T10:00:00.123Z'));
    assert.equal(checkout?.endsAt, undefined);
    assert.equal(checkout?.url, 'http://prometheus:9090/graph?g0.expr=rate');
    assert.equal(checkout?.annotations['alertmanager.receiver'], 'opsight');
    assert.equal(checkout?.annotations['alertmanager.fingerprint'], 'c1a2b3d4e5f60718');
    assert.equal(checkout?.annotations['alertmanager.externalURL'], 'http://alertmanager:9093');
    assert.equal(checkout?.annotations['alertmanager.groupLabels'], '{"alertname":"HighErrorRate"}');
    assert.equal(checkout?.annotations.runbook_url, 'https://runbooks.example/checkout');
    assert.equal(disk?.entityId, 'host:db-1');
    assert.equal(disk?.url, undefined);
  });

  it('takes the end time of a resolved alert as its event time', () => {
    const alerts = (fixture.alerts as Record<string, unknown>[]).map((a) => ({ ...a, status: 'resolved', endsAt: '2026-01-01T10:20:00Z' }));
    const [event] = normalizeAlertmanager(alertmanagerPayloadSchema.parse({ ...fixture, status: 'resolved', alerts }), context);
    assert.equal(event?.status, 'resolved');
    assert.equal(event?.endsAt, Date.parse('2026-01-01T10:20:00Z'));
    assert.equal(event?.time, Date.parse('2026-01-01T10:20:00Z'));
  });

  it('rejects other payload versions and bad timestamps, naming the field', () => {
    const version = alertmanagerPayloadSchema.safeParse({ ...fixture, version: '3' });
    assert.equal(version.success, false);
    assert.deepEqual(version.error?.issues[0]?.path, ['version']);
    const alerts = [{ ...(fixture.alerts as object[])[0], startsAt: 'yesterday' }];
    const time = alertmanagerPayloadSchema.safeParse({ ...fixture, alerts });
    assert.deepEqual(time.error?.issues[0]?.path, ['alerts', 0, 'startsAt']);
  });
});
