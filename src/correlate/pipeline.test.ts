import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '../signals/index.js';
import type { Store } from '../store/index.js';
import type { StoreTarget } from '../store/testing.js';
import { storeTargets } from '../store/testing.js';
import { applyEvent, type PipelineConfig } from './pipeline.js';

const T0 = Date.UTC(2026, 4, 1, 8);
const MIN = 60_000;
const config = { incidentWindowMs: 30 * MIN, resolveAfterMs: 0, reopenWindowMs: 0 };

function alertEvent(id: string, overrides: Partial<Event> = {}): Event {
  return {
    id, source: 'alertmanager', kind: 'alert', entityId: 'service:api', severity: 'error', title: 'HighLatency',
    labels: { alertname: 'HighLatency', service: 'api' }, annotations: {}, time: T0, receivedAt: T0, status: 'firing', startsAt: T0, ...overrides,
  };
}

async function withStore(target: StoreTarget, work: (store: Store) => Promise<void>): Promise<void> {
  const location = await target.create();
  const store = await location.open();
  try {
    await work(store);
  } finally {
    await store.close();
    await location.dispose();
  }
}

const apply = (store: Store, event: Event, now = T0) => store.transaction((tx) => applyEvent(tx, event, config, now));

const history: Event[] = [
  alertEvent('a1'),
  alertEvent('a2', { time: T0 + 5 * MIN }),
  alertEvent('b1', { labels: { alertname: 'ErrorRate', service: 'api' }, title: 'ErrorRate', startsAt: T0 + 10 * MIN, time: T0 + 10 * MIN }),
  { ...alertEvent('c1'), kind: 'change', status: undefined, startsAt: undefined, title: 'deploy api v7', time: T0 + 12 * MIN },
  alertEvent('a3', { status: 'resolved', endsAt: T0 + 20 * MIN, time: T0 + 20 * MIN }),
  alertEvent('b2', { labels: { alertname: 'ErrorRate', service: 'api' }, title: 'ErrorRate', status: 'resolved', startsAt: T0 + 10 * MIN, endsAt: T0 + 25 * MIN, time: T0 + 25 * MIN }),
  alertEvent('a4', { startsAt: T0 + 90 * MIN, time: T0 + 90 * MIN }),
];

for (const target of storeTargets) {
  describe(`applyEvent (${target.name})`, () => {
    it('changes nothing when the same event is delivered twice', () => withStore(target, async (store) => {
      const first = await apply(store, alertEvent('e1'));
      assert.deepEqual({ ...first, changes: first.changes.map((change) => [change.id, change.kind]) },
        { duplicate: false, kind: 'alert', transition: 'firing', changes: [[`e1/${first.changes[0]?.incident.id}`, 'opened']] });
      assert.deepEqual(await apply(store, alertEvent('e1')), { duplicate: true, changes: [] });
      const alerts = await store.alerts.list({ limit: 10, offset: 0 });
      assert.equal(alerts.items[0]?.count, 1);
      assert.equal((await store.events.list({ limit: 10, offset: 0 })).total, 1);
    }));

    it('builds the same incidents from the same events whenever they are replayed (event time only)', async () => {
      const outcomes: unknown[] = [];
      for (const offset of [0, 86_400_000 * 30]) {
        await withStore(target, async (store) => {
          for (const event of history) await apply(store, { ...event, receivedAt: event.receivedAt + offset }, T0 + offset);
          const incidents = await store.incidents.list({ limit: 10, offset: 0 });
          const timelines = await Promise.all(incidents.items.map((incident) => store.incidents.timeline(incident.id)));
          outcomes.push({ incidents: incidents.items, timelines });
        });
      }
      assert.deepEqual(outcomes[0], outcomes[1]);
      const { incidents, timelines } = outcomes[0] as { incidents: { status: string; alertCount: number }[]; timelines: { kind: string }[][] };
      assert.deepEqual(incidents.map((i) => [i.status, i.alertCount]), [['open', 1], ['resolved', 2]]);
      assert.deepEqual(timelines[1]?.map((entry) => entry.kind), ['alert-firing', 'alert-firing', 'change', 'alert-resolved', 'alert-resolved', 'status']);
    });

    it('reports every change it writes to an incident, with the event that caused it', () => withStore(target, async (store) => {
      const changes = [];
      for (const event of history) changes.push(...(await apply(store, event)).changes);
      assert.deepEqual(changes.map((change) => [change.eventId, change.kind, change.incident.status]), [
        ['a1', 'opened', 'open'], ['b1', 'alert-joined', 'open'], ['c1', 'context', 'open'],
        ['a3', 'alert-resolved', 'open'], ['b2', 'resolved', 'resolved'], ['a4', 'opened', 'open'],
      ]);
      assert.equal(new Set(changes.map((change) => change.id)).size, changes.length, 'change ids are unique');
    }));

    it('finds the incident of an alert with the same log template on a service the topology does not relate, unless similarity is off', async () => {
      const template = 'RedisTimeoutException: command <*> timed out after <*> ms';
      const logged = (id: string, service: string, at: number) => alertEvent(id, {
        source: 'opsight-detect', entityId: `service:${service}`, title: `New error log line on service:${service}: ${template}`, time: at, startsAt: at,
        labels: { alertname: 'NewErrorLogTemplate', entity: `service:${service}`, detector: 'log.new-error-template', subject: template },
      });
      const similarity = { templateWeight: 0.75, titleWeight: 0.3, titleThreshold: 0.75 };
      for (const [alike, together] of [[{ similarity }, true], [{}, false]] as const) {
        await withStore(target, async (store) => {
          const applyWith = (event: Event) => store.transaction((tx) => applyEvent(tx, event, { ...config, ...alike }, T0));
          const [opened] = (await applyWith(logged('l1', 'cart', T0))).changes;
          const [joined] = (await applyWith(logged('l2', 'cart-worker', T0 + MIN))).changes;
          assert.equal(joined?.incident.id === opened?.incident.id, together);
        });
      }
    });
  });
}

describe('the quiet period on event time', () => {
  const lifecycle = { incidentWindowMs: 30 * MIN, resolveAfterMs: 5 * MIN, reopenWindowMs: 60 * MIN };
  const day: Event[] = [
    alertEvent('x1'),
    alertEvent('x2', { status: 'resolved', endsAt: T0 + MIN, time: T0 + MIN }),
    // Another entity's alert 4 minutes of event time later: the incident is still in its quiet period.
    alertEvent('y1', { entityId: 'host:db', labels: { alertname: 'DiskFull', host: 'db' }, title: 'DiskFull', startsAt: T0 + 5 * MIN, time: T0 + 5 * MIN }),
    // 9 minutes in: the quiet period ended at 6 minutes.
    alertEvent('y2', { entityId: 'host:db', labels: { alertname: 'DiskFull', host: 'db' }, title: 'DiskFull', status: 'resolved', endsAt: T0 + 9 * MIN, time: T0 + 9 * MIN }),
    alertEvent('x3', { startsAt: T0 + 30 * MIN, time: T0 + 30 * MIN }),
  ];

  for (const target of storeTargets) {
    it(`resolves an incident once its quiet period has passed in event time, and reopens it when its alert fires again (${target.name})`, () => withStore(target, async (store) => {
      const changes = [];
      // Replayed at full speed: the wall clock barely moves, so only event time can end the quiet period.
      for (const event of day) changes.push(...(await store.transaction((tx) => applyEvent(tx, event, lifecycle, T0))).changes);
      assert.deepEqual(changes.map((change) => [change.eventId, change.kind, change.incident.status]), [
        ['x1', 'opened', 'open'], ['x2', 'alert-resolved', 'open'], ['y1', 'opened', 'open'],
        [`quiet@${T0 + 6 * MIN}`, 'resolved', 'resolved'], ['y2', 'alert-resolved', 'open'],
        [`quiet@${T0 + 14 * MIN}`, 'resolved', 'resolved'], ['x3', 'reopened', 'reopened'],
      ]);
      const first = changes[0]!.incident.id;
      assert.equal(changes[3]?.incident.id, first);
      assert.equal(changes[3]?.incident.resolvedAt, T0 + 6 * MIN, 'at the end of the quiet period, not when the next event came');
      assert.equal(changes[6]?.incident.id, first);
      assert.deepEqual((await store.incidents.timeline(first)).map((entry) => entry.kind), ['alert-firing', 'alert-resolved', 'status', 'alert-firing', 'status']);
    }));
  }
});

describe('incidents merged on later evidence, and flapping alerts kept with their incident', () => {
  const related = (entityId: string) => ({
    'service:api': [{ entityId: 'service:db', relation: 'caller of' }, { entityId: 'pod:shop/api-1', relation: 'holding' }],
    'service:db': [{ entityId: 'service:api', relation: 'callee of' }],
    'pod:shop/api-1': [{ entityId: 'service:api', relation: 'part of' }],
  })[entityId] ?? [];
  const on = (id: string, entityId: string, alertname: string, minutes: number, labels: Record<string, string> = {}) =>
    alertEvent(id, { entityId, title: alertname, labels: { alertname, ...labels }, time: T0 + minutes * MIN, startsAt: T0 + minutes * MIN });

  for (const target of storeTargets) {
    it(`merges the younger incident into the older when an alert links both, moving its alerts and saying why (${target.name})`, () => withStore(target, async (store) => {
      const linked = { ...config, related };
      const applied = [];
      for (const event of [on('p1', 'pod:shop/api-1', 'KubePodCrashLooping', 0), on('d1', 'service:db', 'HighLatencyP95', 1), on('a1', 'service:api', 'HighErrorRate', 2)]) {
        applied.push(await store.transaction((tx) => applyEvent(tx, event, linked, T0)));
      }
      const [older, younger] = [applied[0]!.changes[0]!.incident.id, applied[1]!.changes[0]!.incident.id];
      assert.notEqual(older, younger);
      assert.deepEqual(applied[2]!.changes.map((change) => [change.incident.id, change.kind, change.alertFingerprint !== null]), [[older, 'merged', true], [younger, 'merged', true]]);
      assert.equal((await store.incidents.get(younger))?.mergedInto, older);
      const kept = await store.incidents.get(older);
      assert.deepEqual([kept?.alertCount, kept?.firingCount, kept?.entities.length], [3, 3, 3]);
      assert.equal((await store.alerts.list({ incidentId: older, limit: 10, offset: 0 })).total, 3);
      const said = (await store.incidents.timeline(older)).at(-1);
      assert.equal(said?.by, undefined, 'grouping merged it, not a responder');
      assert.match(said?.text ?? '', new RegExp(`^merged ${younger} into this incident: HighErrorRate on service:api links it to this one`));
    }));

    it(`keeps a held flapping episode in the incident of its earlier episode while that is active (${target.name})`, () => withStore(target, async (store) => {
      const flapping = { kind: 'flapping' as const, by: 'correlate.flapping', reason: 'flapping' };
      const holdAgain: PipelineConfig['suppress'] = (_tx, result) => Promise.resolve(result.transition === 'firing' && result.alert.count > 1
        ? { alert: { ...result.alert, suppressed: flapping, incidentId: null }, transition: 'stale' }
        : result);
      const holding = { ...config, suppress: holdAgain, resolveAfterMs: 30 * MIN };
      const steps = [on('f1', 'service:api', 'HighLatencyP95', 0), on('o1', 'service:api', 'HighErrorRate', 0),
        { ...on('f2', 'service:api', 'HighLatencyP95', 1), status: 'resolved' as const, endsAt: T0 + MIN }, on('f3', 'service:api', 'HighLatencyP95', 2)];
      for (const event of steps) await store.transaction((tx) => applyEvent(tx, event, holding, T0));
      const [held] = (await store.alerts.list({ suppressed: true, limit: 10, offset: 0 })).items;
      const incident = await store.incidents.get(held?.incidentId ?? '');
      assert.equal(held?.suppressed?.kind, 'flapping');
      assert.deepEqual([incident?.alertCount, incident?.firingCount], [2, 2]);
    }));
  }
});

describe('learned co-occurrence', () => {
  const DAY = 86_400_000;
  const learning: PipelineConfig = { ...config, cooccurrence: { halfLifeMs: 90 * DAY, minTogether: 3, minShare: 0.6, withinMs: 2 * MIN } };
  const disk = (id: string, at: number, status: 'firing' | 'resolved' = 'firing') => alertEvent(id, {
    entityId: 'host:db-1', title: 'DiskPressure', labels: { alertname: 'DiskPressure' }, status, startsAt: at, time: at, ...(status === 'resolved' ? { endsAt: at } : {}),
  });
  const slow = (id: string, at: number, status: 'firing' | 'resolved' = 'firing') => alertEvent(id, {
    entityId: 'service:orders', title: 'HighLatency', labels: { alertname: 'HighLatency', service: 'orders' }, status, startsAt: at, time: at, ...(status === 'resolved' ? { endsAt: at } : {}),
  });
  /** A day on which the database host's disk fills and the orders service slows 30 s later, with no topology between them; both resolve. */
  async function together(store: Store, day: number, settings: PipelineConfig): Promise<[string | undefined, string | undefined]> {
    const start = T0 + day * DAY;
    const steps = [disk(`d${day}`, start), slow(`s${day}`, start + 30_000), disk(`d${day}r`, start + 10 * MIN, 'resolved'), slow(`s${day}r`, start + 11 * MIN, 'resolved')];
    const incidents = [];
    for (const event of steps) incidents.push((await store.transaction((tx) => applyEvent(tx, event, settings, start))).changes[0]?.incident.id);
    return [incidents[0], incidents[1]];
  }

  for (const target of storeTargets) {
    it(`groups two kinds of alert that fired together in three resolved incidents the fourth time, saying why, after a restart (${target.name})`, async () => {
      const location = await target.create();
      try {
        const before = await location.open();
        for (const day of [0, 1, 2]) {
          const [db, orders] = await together(before, day, learning);
          assert.notEqual(db, orders, `apart on day ${day}: nothing learned yet`);
        }
        await before.close();
        const store = await location.open();
        const [db, orders] = await together(store, 3, learning);
        assert.equal(orders, db);
        const alert = (await store.alerts.list({ incidentId: db ?? '', limit: 10, offset: 0 })).items.find((item) => item.entityId === 'service:orders');
        assert.deepEqual(alert?.correlation, { reason: 'fired together with host:db-1 DiskPressure in 3 of 3 earlier incidents', score: 0.6, relatedTo: 'host:db-1' });
        await store.close();
      } finally {
        await location.dispose();
      }
    });

    it(`keeps them apart when responders split them, or when nothing is learned (${target.name})`, () => withStore(target, async (store) => {
      for (const day of [0, 1, 2]) await together(store, day, learning);
      await store.transaction((tx) => tx.corrections.record([['host:db-1/DiskPressure', 'service:orders/HighLatency']], 'split', T0 + 3 * DAY - MIN, 'alice'));
      const [db, orders] = await together(store, 3, learning);
      assert.notEqual(orders, db);
      const [unlearned, alone] = await together(store, 4, config);
      assert.notEqual(alone, unlearned);
    }));
  }
});
