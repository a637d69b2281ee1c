import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';
import { appDependencies } from '../../runtime/runtime.js';
import { buildApp } from '../app.js';

const T = Date.UTC(2026, 4, 1, 8);
const RFC3339_UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

for (const target of storeTargets) {
  describe(`times in the API (${target.name})`, { skip: target.skip }, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t.close(); });

    async function get<Body>(url: string, role: 'viewer' | 'admin' = 'viewer'): Promise<Body> {
      const response = await t.app.inject({ method: 'GET', url, headers: t.as(role) });
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      return response.json<Body>();
    }

    it('writes the times of alerts, incidents and timelines as RFC 3339, from events timed in epoch ms or RFC 3339', async () => {
      const alert = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: t.as('ingest'), payload: { title: 'Disk full', entity: 'host:db-1', time: T } });
      assert.equal(alert.statusCode, 202, alert.body);
      const change = { kind: 'change', title: 'resize disk', entity: 'host:db-1', time: '2026-05-01T10:01:00+02:00' };
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: t.as('ingest'), payload: change })).statusCode, 202);
      await t.settled();

      const alerts = await get<{ items: Record<string, unknown>[] }>('/api/v1/alerts');
      assert.deepEqual(alerts.items.map(({ firstSeen, lastSeen, activeSince, resolvedAt }) => ({ firstSeen, lastSeen, activeSince, resolvedAt })),
        [{ firstSeen: '2026-05-01T08:00:00.000Z', lastSeen: '2026-05-01T08:00:00.000Z', activeSince: '2026-05-01T08:00:00.000Z', resolvedAt: null }]);
      const incidents = await get<{ items: { id: string; startedAt: string; lastActivityAt: string; resolvedAt: string | null }[] }>('/api/v1/incidents');
      assert.deepEqual(incidents.items.map(({ startedAt, resolvedAt }) => ({ startedAt, resolvedAt })), [{ startedAt: '2026-05-01T08:00:00.000Z', resolvedAt: null }]);
      assert.match(incidents.items[0]?.lastActivityAt ?? '', RFC3339_UTC_MS);
      const detail = await get<{ startedAt: string; alerts: { firstSeen: string }[]; timeline: { time: string }[] }>(`/api/v1/incidents/${incidents.items[0]?.id ?? ''}`);
      assert.equal(detail.startedAt, '2026-05-01T08:00:00.000Z');
      assert.equal(detail.alerts[0]?.firstSeen, '2026-05-01T08:00:00.000Z');
      assert.deepEqual(detail.timeline.map((entry) => entry.time), ['2026-05-01T08:00:00.000Z', '2026-05-01T08:01:00.000Z']);
    });

    it('reads from and to as RFC 3339 or epoch ms', async () => {
      for (const from of ['2026-05-01T07:59:00Z', '2026-05-01T09:59:00%2B02:00', String(T - 60_000)]) {
        assert.equal((await get<{ total: number }>(`/api/v1/alerts?from=${from}`)).total, 1, from);
      }
      for (const to of ['2026-05-01T07:59:00Z', String(T - 60_000)]) assert.equal((await get<{ total: number }>(`/api/v1/alerts?to=${to}`)).total, 0, to);
    });

    it('writes the times of anomalies and entities as RFC 3339', async () => {
      await t.store.anomalies.insert({
        id: 'an_1', detector: 'metric', signal: 'metric', entityId: 'pod:default/web-1', subject: 'cpu', time: T, score: 0.9, since: T - 60_000, explanation: 'cpu above its band',
      });
      await t.store.entities.observe({ id: 'pod:default/web-1', kind: 'pod', name: 'default/web-1' }, T);
      await t.store.entities.observe({ id: 'pod:default/web-1', kind: 'pod', name: 'default/web-1' }, T + 1);
      const anomalies = await get<{ items: { time: string; since: string }[] }>('/api/v1/anomalies');
      assert.deepEqual(anomalies.items.map(({ time, since }) => ({ time, since })), [{ time: '2026-05-01T08:00:00.000Z', since: '2026-05-01T07:59:00.000Z' }]);
      const entity = await get<{ firstSeen: string; lastSeen: string }>('/api/v1/entities/pod:default%2Fweb-1');
      assert.deepEqual([entity.firstSeen, entity.lastSeen], ['2026-05-01T08:00:00.000Z', '2026-05-01T08:00:00.001Z']);
      const entities = await get<{ items: { firstSeen: string; lastSeen: string }[] }>('/api/v1/entities');
      assert.ok(entities.items.length >= 2);
      assert.ok(entities.items.every((item) => RFC3339_UTC_MS.test(item.firstSeen) && RFC3339_UTC_MS.test(item.lastSeen)), JSON.stringify(entities.items));
    });

    it('writes the times of tokens as RFC 3339', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.as('admin'), payload: { role: 'viewer', name: 'grafana' } });
      const token = created.json<{ id: string; createdAt: string; lastUsedAt: string | null }>();
      assert.match(token.createdAt, RFC3339_UTC_MS);
      assert.equal(token.lastUsedAt, null);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: t.as('admin') })).statusCode, 204);
      const listed = await get<{ items: { id: string; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[] }>('/api/v1/tokens', 'admin');
      const revoked = listed.items.find((item) => item.id === token.id);
      assert.match(revoked?.revokedAt ?? '', RFC3339_UTC_MS);
      assert.match(listed.items.find((item) => item.name === 'admin')?.lastUsedAt ?? '', RFC3339_UTC_MS);
    });

    it('writes the last scrape of a target as RFC 3339', async () => {
      const target = { job: 'node', url: 'http://db-1:9100/metrics', instance: 'db-1:9100', samples: 0, lastDurationMs: undefined, lastError: undefined };
      const app = await buildApp(appDependencies(t.runtime, () => true, () => [
        { ...target, health: 'up', lastScrape: T, lastDurationMs: 12 },
        { ...target, health: 'unknown', lastScrape: undefined },
      ]));
      try {
        const response = await app.inject({ method: 'GET', url: '/api/v1/prometheus/targets', headers: t.as('viewer') });
        assert.deepEqual(response.json<{ items: { lastScrape: string | null }[] }>().items.map((item) => item.lastScrape), ['2026-05-01T08:00:00.000Z', null]);
      } finally {
        await app.close();
      }
    });
  });
}
