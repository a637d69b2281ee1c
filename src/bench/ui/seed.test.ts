/** Tests of the incidents `bench ui` seeds: valid, varied, within the history, and stored whole with their alerts. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertSchema, incidentSchema } from '../../signals/index.js';
import type { Store } from '../../store/index.js';
import { storeTargets } from '../../store/testing.js';
import { benchIncidents, seedIncidents } from './seed.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const DAY = 24 * 3_600_000;

describe('benchIncidents', () => {
  const { incidents, alerts } = benchIncidents(400, NOW);

  it('makes valid incidents, each with the one to four alerts it counts, the same for the same seed', () => {
    assert.equal(incidents.length, 400);
    for (const incident of incidents) incidentSchema.parse(incident);
    for (const alert of alerts) alertSchema.parse(alert);
    for (const incident of incidents) {
      const own = alerts.filter((alert) => alert.incidentId === incident.id);
      assert.ok(own.length >= 1 && own.length <= 4, incident.id);
      assert.equal(incident.alertCount, own.length);
      assert.equal(incident.firingCount, own.filter((alert) => alert.status === 'firing').length);
    }
    assert.equal(new Set(incidents.map((incident) => incident.id)).size, 400);
    assert.equal(new Set(alerts.map((alert) => alert.fingerprint)).size, alerts.length);
    assert.deepEqual(benchIncidents(400, NOW), { incidents, alerts });
    assert.notDeepEqual(benchIncidents(400, NOW, 2).incidents.map((i) => i.title), incidents.map((i) => i.title));
  });

  it('varies statuses, severities, services and titles, and spreads them over the 30 days before now', () => {
    assert.deepEqual(new Set(incidents.map((incident) => incident.status)), new Set(['open', 'acknowledged', 'resolved', 'reopened', 'merged']));
    assert.deepEqual(new Set(incidents.map((incident) => incident.severity)), new Set(['critical', 'error', 'warning', 'info']));
    assert.ok(new Set(incidents.map((incident) => incident.entities[0])).size >= 15);
    assert.ok(new Set(incidents.map((incident) => incident.title)).size >= 200);
    for (const incident of incidents) {
      assert.ok(incident.startedAt >= NOW - 30 * DAY && incident.startedAt <= incident.lastActivityAt && incident.lastActivityAt <= NOW, incident.id);
    }
    const days = new Set(incidents.map((incident) => Math.floor((NOW - incident.startedAt) / DAY)));
    assert.equal(days.size, 30);
    const open = incidents.filter((incident) => incident.status === 'open');
    assert.ok(open.every((incident) => incident.firingCount === 1 && incident.resolvedAt === null));
  });
});

for (const target of storeTargets) {
  describe(`seedIncidents (${target.name})`, { skip: target.skip }, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    before(async () => {
      const location = await target.create();
      store = await location.open();
      dispose = async () => { await store.close(); await location.dispose(); };
    });
    after(async () => { await dispose(); });

    it('stores every incident and alert, listed most recently active first', async () => {
      const { incidents, alerts } = benchIncidents(1_200, NOW);
      await seedIncidents(store, 1_200, NOW);
      const first = await store.incidents.list({ limit: 50, offset: 0 });
      assert.equal(first.total, 1_200);
      assert.equal((await store.alerts.list({ limit: 1, offset: 0 })).total, alerts.length);
      const newest = [...incidents].sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : 1)).slice(0, 50);
      assert.deepEqual(first.items.map((incident) => incident.id), newest.map((incident) => incident.id));
      const checkout = await store.incidents.list({ entityId: 'service:checkout', limit: 1, offset: 0 });
      assert.equal(checkout.total, incidents.filter((incident) => incident.entities.includes('service:checkout')).length);
    });
  });
}
