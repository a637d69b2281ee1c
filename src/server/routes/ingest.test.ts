import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';

const payload = JSON.parse(readFileSync(new URL('../../../src/ingest/alertmanager/testdata/firing.json', import.meta.url), 'utf8')) as { alerts: Record<string, unknown>[] };
const oneAlert = { ...payload, alerts: [payload.alerts[0]] };
const resolved = { ...oneAlert, status: 'resolved', alerts: [{ ...payload.alerts[0], status: 'resolved', endsAt: '2026-01-01T10:30:00Z' }] };

for (const target of storeTargets) {
  describe(`ingest → alerts → incidents (${target.name})`, { skip: target.skip }, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t.close(); });

    const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, headers: t.as('ingest'), payload: body as object });
    const get = async (url: string) => {
      const response = await t.app.inject({ method: 'GET', url, headers: t.as('viewer') });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<{ items: Record<string, unknown>[]; total: number }>();
    };

    it('dedups an Alertmanager payload posted twice into one alert with count 2, in one incident', async () => {
      assert.equal((await post('/api/v1/ingest/alertmanager', oneAlert)).statusCode, 202);
      const second = await post('/api/v1/ingest/alertmanager', oneAlert);
      assert.equal(second.statusCode, 202);
      assert.equal(second.json<{ accepted: number }>().accepted, 1);
      await t.settled();
      const alerts = await get('/api/v1/alerts');
      assert.equal(alerts.total, 1);
      assert.equal(alerts.items[0]?.count, 2);
      assert.equal(alerts.items[0]?.status, 'firing');
      const incidents = await get('/api/v1/incidents');
      assert.equal(incidents.total, 1);
      const detail = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${String(incidents.items[0]?.id)}`, headers: t.as('viewer') });
      const body = detail.json<{ alerts: { fingerprint: string }[]; status: string; timeline: unknown[] }>();
      assert.equal(body.alerts.length, 1);
      assert.equal(body.alerts[0]?.fingerprint, alerts.items[0]?.fingerprint);
      assert.equal(body.status, 'open');
    });

    it('resolves the alert on a resolved payload; its incident turns quiet, to resolve once correlate.resolveAfter passes with nothing firing', async () => {
      assert.equal((await post('/api/v1/ingest/alertmanager', resolved)).statusCode, 202);
      await t.settled();
      const alerts = await get('/api/v1/alerts?status=resolved');
      assert.equal(alerts.total, 1);
      assert.equal(alerts.items[0]?.resolvedAt, Date.parse('2026-01-01T10:30:00Z'));
      const incidents = await get('/api/v1/incidents');
      assert.equal(incidents.total, 1);
      assert.deepEqual([incidents.items[0]?.status, incidents.items[0]?.quietSince], ['open', Date.parse('2026-01-01T10:30:00Z')]);
    });

    it('accepts generic events and puts a deploy on the timeline of the open incident of its service', async () => {
      const firing = await post('/api/v1/events', [{ title: 'Checkout p99 high', entity: 'service:cart', severity: 'error', time: '2026-02-01T10:00:00Z' }]);
      assert.equal(firing.statusCode, 202, firing.body);
      const change = await post('/api/v1/events', { events: [{ kind: 'change', title: 'deploy cart v2', entity: 'service:cart', time: '2026-02-01T10:02:00Z' }] });
      assert.equal(change.statusCode, 202, change.body);
      await t.settled();
      const incidents = await get('/api/v1/incidents?entity=service:cart');
      assert.equal(incidents.total, 1);
      const detail = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${String(incidents.items[0]?.id)}`, headers: t.as('viewer') });
      const timeline = detail.json<{ timeline: { kind: string; text: string }[] }>().timeline;
      assert.deepEqual(timeline.map((entry) => entry.kind), ['alert-firing', 'change']);
      assert.equal(timeline[1]?.text, 'deploy cart v2');
    });

    it('accepts a Grafana alerting webhook', async () => {
      const grafana = JSON.parse(readFileSync(new URL('../../../src/ingest/grafana/testdata/firing.json', import.meta.url), 'utf8')) as object;
      const response = await post('/api/v1/ingest/grafana', grafana);
      assert.equal(response.statusCode, 202, response.body);
      await t.settled();
      const alerts = await get('/api/v1/alerts?entity=host:web-3');
      assert.equal(alerts.items[0]?.source, 'grafana');
      assert.equal(alerts.items[0]?.title, 'High memory usage');
    });

    it('filters and pages alerts', async () => {
      assert.equal((await get('/api/v1/alerts?severity=critical,error')).total, 3);
      assert.equal((await get('/api/v1/alerts?entity=service:cart')).total, 1);
      assert.equal((await get('/api/v1/alerts?status=firing')).total, 2);
      assert.equal((await get('/api/v1/alerts?from=2026-02-01T00:00:00Z')).total, 1);
      assert.equal((await get(`/api/v1/alerts?to=${Date.parse('2026-01-02T00:00:00Z')}`)).total, 2);
      const page = await get('/api/v1/alerts?limit=2&offset=2');
      assert.equal(page.items.length, 1);
      assert.equal(page.total, 3);
    });
  });
}
