import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { grafanaPayloadSchema } from './payload.js';
import { normalizeGrafana } from './normalize.js';

const fixture = JSON.parse(readFileSync(new URL('../../../src/ingest/grafana/testdata/firing.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const context = { receivedAt: Date.UTC(2026, 0, 1, 12), newId: () => 'id' };

describe('normalizeGrafana', () => {
  it('maps a Grafana alert with its links, values and group fields', () => {
    const [event] = normalizeGrafana(grafanaPayloadSchema.parse(fixture), context);
    assert.equal(event?.source, 'grafana');
    assert.equal(event?.entityId, 'host:web-3');
    assert.equal(event?.severity, 'critical');
    assert.equal(event?.title, 'High memory usage');
    assert.equal(event?.time, Date.parse('2026-01-01T07:51:03.157Z'));
    assert.equal(event?.url, 'https://grafana.example/alerting/grafana/abc/view');
    assert.equal(event?.annotations['grafana.values'], '{"B":96.2,"C":1}');
    assert.equal(event?.annotations['grafana.dashboardURL'], 'https://grafana.example/d/xyz');
    assert.equal(event?.annotations['grafana.state'], 'alerting');
    assert.equal(event?.annotations['grafana.orgId'], '1');
    assert.equal(event?.annotations['grafana.fingerprint'], 'c6eadffa33fcdf37');
    assert.equal(event?.annotations['grafana.imageURL'], undefined);
  });

  it('names the field of a malformed alert', () => {
    const result = grafanaPayloadSchema.safeParse({ ...fixture, alerts: [{ status: 'pending' }] });
    assert.deepEqual(result.error?.issues[0]?.path, ['alerts', 0, 'status']);
  });
});
