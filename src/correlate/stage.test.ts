import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus } from '../bus/in-process.js';
import { Topic, durableTopics } from '../bus/topics.js';
import type { Subscription } from '../bus/types.js';
import type { Event, IncidentChange } from '../signals/index.js';
import type { Store } from '../store/index.js';
import { storeTargets } from '../store/testing.js';
import { createMetrics } from '../telemetry/metrics.js';
import type { Applied } from './pipeline.js';
import { EventBatcher, startCorrelation } from './stage.js';

const event = (id: string) => ({ id }) as Event;
const applied: Applied = { duplicate: false, kind: 'alert', transition: 'firing', changes: [] };

describe('EventBatcher', () => {
  it('applies the events submitted in one turn together, in one call', async () => {
    const calls: string[][] = [];
    const batcher = new EventBatcher((events) => {
      calls.push(events.map((e) => e.id));
      return Promise.resolve(events.map(() => applied));
    });
    await Promise.all([batcher.submit(event('a')), batcher.submit(event('b')), batcher.submit(event('c'))]);
    await batcher.submit(event('d'));
    assert.deepEqual(calls, [['a', 'b', 'c'], ['d']]);
  });

  it('retries each event alone when the batch fails, so one bad event does not hold back the others', async () => {
    const batcher = new EventBatcher((events) => (events.some((e) => e.id === 'bad')
      ? Promise.reject(new Error('constraint'))
      : Promise.resolve(events.map(() => applied))));
    const outcomes = await Promise.allSettled([batcher.submit(event('a')), batcher.submit(event('bad')), batcher.submit(event('c'))]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
  });
});

const T0 = Date.UTC(2026, 4, 1, 8);

function alertEvent(id: string, status: 'firing' | 'resolved', time: number): Event {
  return {
    id, source: 'alertmanager', kind: 'alert', entityId: 'service:api', severity: 'error', title: 'HighLatency',
    labels: { alertname: 'HighLatency', service: 'api' }, annotations: {}, time, receivedAt: time, status, startsAt: T0,
    ...(status === 'resolved' ? { endsAt: time } : {}),
  };
}

/** A consumer of the incidents topic that applies each change once, by its id, as analysis or notification would. */
async function collectChanges(store: Store, bus: InProcessBus, seen: IncidentChange[]): Promise<Subscription> {
  return bus.subscribe(Topic.incidents, 'notify', async (delivery) => {
    const first = await store.transaction((tx) => tx.processed.mark('notify', delivery.payload.id, T0));
    if (first) seen.push(delivery.payload);
    await delivery.ack();
  });
}

for (const target of storeTargets) {
  describe(`the incidents topic (${target.name})`, () => {
    it('carries every change the correlate stage commits, and what a crash kept from delivery arrives after a restart', async () => {
      const location = await target.create();
      const store = await location.open();
      try {
        const live: IncidentChange[] = [];
        const bus = new InProcessBus({ journal: store.journal, durableTopics });
        const notify = await collectChanges(store, bus, live);
        const correlate = await startCorrelation(store, bus, createMetrics(), { incidentWindowMs: 30 * 60_000, resolveAfterMs: 0, reopenWindowMs: 0 });
        await bus.publish(Topic.events, [alertEvent('e1', 'firing', T0)].map((event) => ({ id: event.id, key: event.entityId, payload: event })));
        await correlate.drained();
        await notify.drained();
        assert.deepEqual(live.map((change) => change.kind), ['opened']);

        // The process dies after committing a change but before delivering it: the journal still holds it.
        await notify.close();
        await bus.publish(Topic.events, [alertEvent('e2', 'resolved', T0 + 60_000)].map((event) => ({ id: event.id, key: event.entityId, payload: event })));
        await correlate.drained();
        await bus.close();

        const restarted = new InProcessBus({ journal: store.journal, durableTopics });
        const afterRestart = await collectChanges(store, restarted, live);
        await afterRestart.drained();
        assert.deepEqual(live.map((change) => [change.eventId, change.kind, change.incident.status]), [['e1', 'opened', 'open'], ['e2', 'resolved', 'resolved']]);
        await restarted.close();
      } finally {
        await store.close();
        await location.dispose();
      }
    });

    it('learns co-occurrence from an incident a responder resolved while its alert fired', async () => {
      const location = await target.create();
      const store = await location.open();
      try {
        const bus = new InProcessBus({ journal: store.journal, durableTopics });
        const cooccurrence = { halfLifeMs: 90 * 86_400_000, minTogether: 3, minShare: 0.6, withinMs: 120_000 };
        const correlate = await startCorrelation(store, bus, createMetrics(), { incidentWindowMs: 30 * 60_000, resolveAfterMs: 0, reopenWindowMs: 0, cooccurrence });
        await bus.publish(Topic.events, [alertEvent('e1', 'firing', T0)].map((event) => ({ id: event.id, key: event.entityId, payload: event })));
        await correlate.drained();
        const [incident] = (await store.incidents.list({ limit: 1, offset: 0 })).items;
        assert.deepEqual([...(await store.snapshots.all('correlate.cooccurrence')).keys()], []);
        await correlate.act(incident?.id ?? '', { kind: 'resolve' }, 'alice');
        const learned = await store.snapshots.all('correlate.cooccurrence');
        assert.deepEqual([...learned.keys()], ['service:api/HighLatency']);
        assert.equal((JSON.parse(learned.get('service:api/HighLatency') ?? '{}') as { seen: number }).seen, 1);
        await bus.close();
      } finally {
        await store.close();
        await location.dispose();
      }
    });
  });
}
