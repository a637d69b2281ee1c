import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';
import { appDependencies } from '../../runtime/runtime.js';
import { buildApp } from '../app.js';

const T = Date.UTC(2026, 4, 1, 8);
type Resource = Record<string, unknown>;

/** `fields` of `resource` with their RFC 3339 twins, as sent: each time and `<time>Rfc3339`, an absent one absent. */
function timesOf(resource: Resource | undefined, ...fields: string[]): Resource {
  const times = fields.flatMap((field) => [field, `${field}Rfc3339`]).filter((key) => resource !== undefined && key in resource);
  return Object.fromEntries(times.map((key) => [key, resource?.[key]]));
}

/** What a time is sent as: epoch ms in its field, RFC 3339 in its twin. */
function sent(field: string, ms: number | null): Resource {
  return { [field]: ms, [`${field}Rfc3339`]: ms === null ? null : new Date(ms).toISOString() };
}

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

    it('sends the times of alerts, incidents and timelines as epoch ms with RFC 3339 twins, from events timed in epoch ms or RFC 3339', async () => {
      const alert = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: t.as('ingest'), payload: { title: 'Disk full', entity: 'host:db-1', time: T } });
      assert.equal(alert.statusCode, 202, alert.body);
      const change = { kind: 'change', title: 'resize disk', entity: 'host:db-1', time: '2026-05-01T10:01:00+02:00' };
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: t.as('ingest'), payload: change })).statusCode, 202);
      await t.settled();

      const alerts = await get<{ items: Resource[] }>('/api/v1/alerts');
      assert.deepEqual(alerts.items.map((item) => timesOf(item, 'firstSeen', 'lastSeen', 'activeSince', 'resolvedAt')),
        [{ ...sent('firstSeen', T), ...sent('lastSeen', T), ...sent('activeSince', T), ...sent('resolvedAt', null) }]);
      const incidents = await get<{ items: Resource[] }>('/api/v1/incidents');
      assert.deepEqual(incidents.items.map((item) => timesOf(item, 'startedAt', 'resolvedAt')), [{ ...sent('startedAt', T), ...sent('resolvedAt', null) }]);
      const lastActivityAt = incidents.items[0]?.lastActivityAt as number;
      assert.ok(Number.isInteger(lastActivityAt));
      assert.deepEqual(timesOf(incidents.items[0], 'lastActivityAt'), sent('lastActivityAt', lastActivityAt));

      const detail = await get<Resource & { alerts: Resource[]; timeline: Resource[] }>(`/api/v1/incidents/${String(incidents.items[0]?.id)}`);
      assert.deepEqual(timesOf(detail, 'startedAt'), sent('startedAt', T));
      assert.deepEqual(timesOf(detail.alerts[0], 'firstSeen'), sent('firstSeen', T));
      assert.deepEqual(detail.timeline.map((entry) => timesOf(entry, 'time')), [sent('time', T), sent('time', T + 60_000)]);
    });

    it('reads from and to as RFC 3339 or epoch ms', async () => {
      for (const from of ['2026-05-01T07:59:00Z', '2026-05-01T09:59:00%2B02:00', String(T - 60_000)]) {
        assert.equal((await get<{ total: number }>(`/api/v1/alerts?from=${from}`)).total, 1, from);
      }
      for (const to of ['2026-05-01T07:59:00Z', String(T - 60_000)]) assert.equal((await get<{ total: number }>(`/api/v1/alerts?to=${to}`)).total, 0, to);
    });

    it('sends the times of anomalies and entities with their twins, an absent time without one', async () => {
      await t.store.anomalies.insert({
        id: 'an_1', detector: 'metric', signal: 'metric', entityId: 'pod:default/web-1', subject: 'cpu', time: T, score: 0.9, since: T - 60_000, explanation: 'cpu above its band',
      });
      await t.store.anomalies.insert({ id: 'an_2', detector: 'log', signal: 'log', entityId: 'pod:default/web-1', subject: 'new template', time: T + 1, score: 1, explanation: 'a template never seen' });
      await t.store.entities.observe({ id: 'pod:default/web-1', kind: 'pod', name: 'default/web-1' }, T);
      await t.store.entities.observe({ id: 'pod:default/web-1', kind: 'pod', name: 'default/web-1' }, T + 1);
      const anomalies = await get<{ items: Resource[] }>('/api/v1/anomalies');
      assert.deepEqual(anomalies.items.map((item) => timesOf(item, 'time', 'since')), [sent('time', T + 1), { ...sent('time', T), ...sent('since', T - 60_000) }]);
      const entity = await get<Resource>('/api/v1/entities/pod:default%2Fweb-1');
      assert.deepEqual(timesOf(entity, 'firstSeen', 'lastSeen'), { ...sent('firstSeen', T), ...sent('lastSeen', T + 1) });
      const entities = await get<{ items: Resource[] }>('/api/v1/entities');
      assert.ok(entities.items.length >= 2);
      for (const item of entities.items) {
        assert.deepEqual(timesOf(item, 'firstSeen', 'lastSeen'), { ...sent('firstSeen', item.firstSeen as number), ...sent('lastSeen', item.lastSeen as number) });
      }
    });

    it('sends the times of tokens with their twins', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.as('admin'), payload: { role: 'viewer', name: 'grafana' } });
      const token = created.json<Resource & { id: string; createdAt: number }>();
      assert.ok(Number.isInteger(token.createdAt));
      assert.deepEqual(timesOf(token, 'createdAt', 'lastUsedAt', 'revokedAt'), { ...sent('createdAt', token.createdAt), ...sent('lastUsedAt', null), ...sent('revokedAt', null) });
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: t.as('admin') })).statusCode, 204);
      const listed = await get<{ items: (Resource & { id: string; name: string; revokedAt: number | null; lastUsedAt: number | null })[] }>('/api/v1/tokens', 'admin');
      const revoked = listed.items.find((item) => item.id === token.id);
      assert.ok(typeof revoked?.revokedAt === 'number');
      assert.deepEqual(timesOf(revoked, 'revokedAt'), sent('revokedAt', revoked.revokedAt));
      const admin = listed.items.find((item) => item.name === 'admin');
      assert.ok(typeof admin?.lastUsedAt === 'number');
      assert.deepEqual(timesOf(admin, 'lastUsedAt'), sent('lastUsedAt', admin.lastUsedAt));
    });

    it('sends the last scrape of a target with its twin', async () => {
      const target = { job: 'node', url: 'http://db-1:9100/metrics', instance: 'db-1:9100', samples: 0, lastDurationMs: undefined, lastError: undefined };
      const app = await buildApp(appDependencies(t.runtime, () => true, () => [
        { ...target, health: 'up', lastScrape: T, lastDurationMs: 12 },
        { ...target, health: 'unknown', lastScrape: undefined },
      ]));
      try {
        const response = await app.inject({ method: 'GET', url: '/api/v1/prometheus/targets', headers: t.as('viewer') });
        assert.deepEqual(response.json<{ items: Resource[] }>().items.map((item) => timesOf(item, 'lastScrape')), [sent('lastScrape', T), sent('lastScrape', null)]);
      } finally {
        await app.close();
      }
    });
  });
}
