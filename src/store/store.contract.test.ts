import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert, Incident } from '../signals/index.js';
import type { Store } from './types.js';
import { storeTargets } from './testing.js';

const T0 = Date.UTC(2026, 0, 1);

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'fp-1', status: 'firing', severity: 'warning', entityId: 'service:checkout', source: 'alertmanager',
    title: 'HighLatency', labels: { alertname: 'HighLatency', service: 'checkout' }, annotations: { summary: 'slow' },
    firstSeen: T0, lastSeen: T0, activeSince: T0, resolvedAt: null, count: 1, incidentId: null, url: null, suppressed: null, ...overrides,
  };
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1', status: 'open', severity: 'warning', title: 'HighLatency on service:checkout', entities: ['service:checkout'],
    startedAt: T0, lastActivityAt: T0, resolvedAt: null, alertCount: 1, firingCount: 1, rootCauses: [],
    quietSince: null, acknowledgedAt: null, acknowledgedBy: null, assignee: null, mergedInto: null, ...overrides,
  };
}

for (const target of storeTargets) {
  describe(`store contract: ${target.name}`, { skip: target.skip }, () => {
    let location: Awaited<ReturnType<typeof target.create>>;
    let store: Store;

    before(async () => {
      location = await target.create();
      store = await location.open();
    });
    after(async () => {
      await store.close();
      await location.dispose();
    });

    it('applies migrations once and opens again on the same database', async () => {
      const second = await location.open();
      await second.ping();
      await second.close();
    });

    it('stores tokens by hash, counts and revokes them', async () => {
      await store.tokens.insert({ id: 't1', name: 'ci', role: 'ingest', hash: 'h1', createdAt: T0, lastUsedAt: null, revokedAt: null });
      assert.equal((await store.tokens.findByHash('h1'))?.role, 'ingest');
      assert.equal(await store.tokens.findByHash('nope'), undefined);
      assert.equal(await store.tokens.count(), 1);
      await store.tokens.touch('t1', T0 + 5);
      assert.equal((await store.tokens.findByHash('h1'))?.lastUsedAt, T0 + 5);
      assert.equal(await store.tokens.revoke('t1', T0 + 10), true);
      assert.equal(await store.tokens.revoke('t1', T0 + 11), false);
      assert.equal((await store.tokens.list())[0]?.revokedAt, T0 + 10);
    });

    it('keeps an event once however often it is inserted, and filters events', async () => {
      const event = { id: 'e1', source: 'api', kind: 'change' as const, entityId: 'service:checkout', severity: 'info' as const,
        title: 'deploy v2', labels: {}, annotations: {}, time: T0, receivedAt: T0 };
      await store.events.insert(event);
      await store.events.insert(event);
      const page = await store.events.list({ entityId: 'service:checkout', limit: 10, offset: 0 });
      assert.equal(page.total, 1);
      assert.deepEqual(page.items[0], event);
      assert.equal((await store.events.list({ kind: 'alert', limit: 10, offset: 0 })).total, 0);
    });

    it('widens an entity\'s seen range on every observation', async () => {
      const ref = { id: 'host:db-1', kind: 'host' as const, name: 'db-1' };
      await store.entities.observe(ref, T0 + 100);
      await store.entities.observe(ref, T0);
      await store.entities.observe(ref, T0 + 50);
      const entity = await store.entities.get('host:db-1');
      assert.equal(entity?.firstSeen, T0);
      assert.equal(entity?.lastSeen, T0 + 100);
      assert.equal((await store.entities.list(10, 0)).total, 1);
    });

    it('prunes the entities not seen since a time and keeps the recent ones', async () => {
      const refs = Array.from({ length: 12 }, (_, i) => ({ id: `host:prune-${i}`, kind: 'host' as const, name: `prune-${i}` }));
      await store.transaction(async (tx) => {
        for (const [i, ref] of refs.entries()) await tx.entities.observe(ref, T0 - 1000 + i * 100);
      });
      const before = (await store.entities.list(100, 0)).total;
      assert.equal(await store.entities.prune(T0 - 1000 + 500), 5);
      assert.equal(await store.entities.get('host:prune-4'), undefined);
      assert.equal((await store.entities.get('host:prune-5'))?.lastSeen, T0 - 500);
      assert.equal((await store.entities.list(100, 0)).total, before - 5);
      assert.equal(await store.entities.prune(T0 - 1000 + 500), 0);
      assert.ok(await store.entities.get('host:db-1'), 'an entity seen at T0 is kept');
    });

    it('upserts alerts and lists them with filters and paging', async () => {
      await store.alerts.put(alert());
      await store.alerts.put(alert({ count: 2, lastSeen: T0 + 60_000 }));
      await store.alerts.put(alert({ fingerprint: 'fp-2', severity: 'critical', entityId: 'host:db-1', lastSeen: T0 + 120_000 }));
      await store.alerts.put(alert({ fingerprint: 'fp-3', status: 'resolved', resolvedAt: T0 + 1, lastSeen: T0 + 1 }));
      assert.deepEqual(await store.alerts.get('fp-1'), alert({ count: 2, lastSeen: T0 + 60_000 }));
      const firing = await store.alerts.list({ status: 'firing', limit: 10, offset: 0 });
      assert.deepEqual(firing.items.map((a) => a.fingerprint), ['fp-2', 'fp-1']);
      assert.equal((await store.alerts.list({ severity: ['critical'], limit: 10, offset: 0 })).total, 1);
      assert.equal((await store.alerts.list({ entityId: 'host:db-1', limit: 10, offset: 0 })).total, 1);
      assert.equal((await store.alerts.list({ from: T0 + 60_000, limit: 10, offset: 0 })).total, 2);
      const page = await store.alerts.list({ limit: 1, offset: 1 });
      assert.equal(page.total, 3);
      assert.deepEqual(page.items.map((a) => a.fingerprint), ['fp-1']);
    });

    it('keeps why an alert is held back and its recent changes, and filters alerts by it', async () => {
      const held = { kind: 'silence' as const, by: 's-1', reason: 'silenced by s-1 (deploy)' };
      await store.alerts.put(alert({ fingerprint: 'fp-held', suppressed: held, recentChanges: [T0 - 5, T0] }));
      assert.deepEqual(await store.alerts.get('fp-held'), alert({ fingerprint: 'fp-held', suppressed: held, recentChanges: [T0 - 5, T0] }));
      assert.deepEqual((await store.alerts.list({ suppressed: true, limit: 10, offset: 0 })).items.map((a) => a.fingerprint), ['fp-held']);
      assert.ok(!(await store.alerts.list({ suppressed: false, limit: 10, offset: 0 })).items.some((a) => a.fingerprint === 'fp-held'));
      await store.alerts.put(alert({ fingerprint: 'fp-held' }));
      assert.equal((await store.alerts.list({ suppressed: true, limit: 10, offset: 0 })).total, 0);
    });

    it('stores silences, lists them by state at a time, and finds those not yet ended', async () => {
      const silence = { id: 's-1', matchers: [{ name: 'service', value: 'cart|checkout', isRegex: true, isEqual: true }], startsAt: T0, endsAt: T0 + 100,
        createdBy: 'ana', comment: 'deploy', createdAt: T0, updatedAt: T0 };
      await store.silences.put(silence);
      await store.silences.put({ ...silence, id: 's-2', startsAt: T0 + 50, endsAt: T0 + 200 });
      assert.deepEqual(await store.silences.get('s-1'), silence);
      assert.equal(await store.silences.get('nope'), undefined);
      const ids = async (state: 'pending' | 'active' | 'expired', at: number) => (await store.silences.list({ state, at, limit: 10, offset: 0 })).items.map((s) => s.id);
      assert.deepEqual(await ids('active', T0 + 10), ['s-1']);
      assert.deepEqual(await ids('pending', T0 + 10), ['s-2']);
      assert.deepEqual(await ids('expired', T0 + 150), ['s-1']);
      assert.equal((await store.silences.list({ at: T0, limit: 1, offset: 0 })).total, 2);
      await store.silences.put({ ...silence, endsAt: T0 + 10, updatedAt: T0 + 10 });
      assert.deepEqual((await store.silences.endingAfter(T0 + 10)).map((s) => s.id), ['s-2']);
    });

    it('stores one-off and recurring maintenance windows, and deletes them', async () => {
      const base = { matchers: [{ name: 'entity', value: 'host:db-1', isRegex: false, isEqual: true }], createdBy: 'ana', comment: 'upgrade', createdAt: T0 };
      const once = { ...base, id: 'w-1', startsAt: T0, endsAt: T0 + 100, recurrence: null };
      const weekly = { ...base, id: 'w-2', createdAt: T0 + 1, startsAt: null, endsAt: null, recurrence: { weekdays: ['sat' as const], start: '02:00', duration: '2h', timeZone: 'UTC' } };
      await store.maintenanceWindows.insert(once);
      await store.maintenanceWindows.insert(weekly);
      assert.deepEqual(await store.maintenanceWindows.get('w-2'), weekly);
      assert.deepEqual((await store.maintenanceWindows.list(10, 0)).items, [weekly, once]);
      assert.deepEqual((await store.maintenanceWindows.endingAfter(T0 + 100)).map((w) => w.id), ['w-2']);
      assert.equal(await store.maintenanceWindows.delete('w-1'), true);
      assert.equal(await store.maintenanceWindows.delete('w-1'), false);
      assert.equal((await store.maintenanceWindows.list(10, 0)).total, 1);
    });

    it('stores incidents, finds open ones by recent activity, and keeps their timeline in order', async () => {
      await store.incidents.put(incident());
      await store.incidents.put(incident({ id: 'inc-2', status: 'resolved', resolvedAt: T0 + 5, entities: ['host:db-1'] }));
      assert.deepEqual(await store.incidents.get('inc-1'), incident());
      assert.deepEqual((await store.incidents.openSince(T0, ['service:checkout'])).map((i) => i.id), ['inc-1']);
      assert.deepEqual(await store.incidents.openSince(T0, ['host:db-1']), []);
      assert.deepEqual(await store.incidents.openSince(T0 + 1, ['service:checkout']), []);
      assert.equal((await store.incidents.list({ entityId: 'host:db-1', limit: 10, offset: 0 })).items[0]?.id, 'inc-2');
      assert.equal((await store.incidents.list({ status: 'open', limit: 10, offset: 0 })).total, 1);
      await store.incidents.appendTimeline('inc-1', { time: T0 + 2, kind: 'alert-resolved', text: 'b', ref: 'fp-1' });
      await store.incidents.appendTimeline('inc-1', { time: T0, kind: 'alert-firing', text: 'a', ref: 'fp-1' });
      assert.deepEqual((await store.incidents.timeline('inc-1')).map((e) => e.text), ['a', 'b']);
    });

    it('keeps an incident\'s life cycle, finds active ones by their kinds of alert, rule groups, log templates and quiet period, and who wrote on its timeline', async () => {
      const acknowledged = incident({
        id: 'inc-ack', status: 'acknowledged', entities: ['service:pay'], kinds: ['service:pay/DbDown'], ruleGroups: ['payments-db: cluster=eu-1'],
        quietSince: T0 + 10, acknowledgedAt: T0 + 3, acknowledgedBy: 'alice', assignee: 'bob', problems: ['DbDown'],
        templates: ['service:pay pool <*> connection is not available'], titles: ['service:pay db down'],
      });
      await store.incidents.put(acknowledged);
      await store.incidents.put(incident({ id: 'inc-merged', status: 'merged', mergedInto: 'inc-ack', kinds: ['service:pay/DbDown'], quietSince: T0 }));
      assert.deepEqual(await store.incidents.get('inc-ack'), acknowledged);
      assert.deepEqual((await store.incidents.openSince(T0, ['service:pay'])).map((i) => i.id), ['inc-ack'], 'acknowledged is active');
      assert.deepEqual((await store.incidents.openHolding(T0, { kinds: ['service:pay/DbDown'] })).map((i) => i.id), ['inc-ack'], 'merged is not');
      assert.deepEqual((await store.incidents.openHolding(T0, { ruleGroups: ['payments-db: cluster=eu-1'] })).map((i) => i.id), ['inc-ack']);
      assert.deepEqual(await store.incidents.openHolding(T0, { ruleGroups: ['payments-db: cluster=us-1'], kinds: [] }), []);
      assert.deepEqual((await store.incidents.openHolding(T0, { templates: ['pool <*> connection is not available'] })).map((i) => i.id), ['inc-ack'], 'by the template, not its entity');
      assert.deepEqual(await store.incidents.openHolding(T0, { templates: ['service:pay pool <*> connection is not available'] }), []);
      assert.deepEqual(await store.incidents.openHolding(T0 + 1, { kinds: ['service:pay/DbDown'] }), [], 'by recent activity');
      assert.deepEqual(await store.incidents.quietSince(T0 + 9), []);
      assert.deepEqual((await store.incidents.quietSince(T0 + 10)).map((i) => i.id), ['inc-ack']);
      await store.incidents.appendTimeline('inc-ack', { time: T0 + 4, kind: 'comment', text: 'looking', ref: null, by: 'alice' });
      await store.incidents.appendTimeline('inc-ack', { time: T0 + 5, kind: 'status', text: 'x', ref: null });
      assert.deepEqual(await store.incidents.timeline('inc-ack'), [
        { time: T0 + 4, kind: 'comment', text: 'looking', ref: null, by: 'alice' }, { time: T0 + 5, kind: 'status', text: 'x', ref: null },
      ]);
    });

    it('keeps the earlier episode of an alert that fires again, with its incident, and lists the episodes active in a range', async () => {
      const first = alert({ fingerprint: 'fp-again', incidentId: 'inc-first', status: 'resolved', resolvedAt: T0 + 60_000, lastSeen: T0 + 60_000 });
      await store.alerts.put(alert({ fingerprint: 'fp-again', incidentId: 'inc-first' }));
      await store.alerts.put(first);
      const again = alert({ fingerprint: 'fp-again', incidentId: 'inc-again', activeSince: T0 + 3_600_000, lastSeen: T0 + 3_600_000 });
      await store.alerts.put(again);
      await store.alerts.put({ ...again, count: 2 });
      assert.deepEqual(await store.alerts.get('fp-again'), { ...again, count: 2 }, 'the latest episode');
      assert.deepEqual((await store.alerts.list({ incidentId: 'inc-first', limit: 10, offset: 0 })).items, [first]);
      const during = await store.alerts.list({ from: T0, to: T0 + 120_000, limit: 10, offset: 0 });
      assert.deepEqual(during.items.filter((a) => a.fingerprint === 'fp-again'), [first], 'only the episode active then');
      const latest = await store.alerts.list({ latestOnly: true, limit: 100, offset: 0 });
      assert.deepEqual(latest.items.filter((a) => a.fingerprint === 'fp-again').map((a) => a.activeSince), [T0 + 3_600_000]);
      await store.alerts.reassign('inc-first', 'inc-merged');
      assert.equal((await store.alerts.list({ incidentId: 'inc-merged', limit: 10, offset: 0 })).total, 1, 'a merge moves earlier episodes too');
    });

    it('moves the alerts of one incident to another', async () => {
      await store.alerts.put(alert({ fingerprint: 'fp-move-1', incidentId: 'inc-from' }));
      await store.alerts.put(alert({ fingerprint: 'fp-move-2', incidentId: 'inc-from' }));
      assert.equal(await store.alerts.reassign('inc-from', 'inc-to'), 2);
      assert.deepEqual((await store.alerts.list({ incidentId: 'inc-to', limit: 10, offset: 0 })).items.map((a) => a.fingerprint).sort(), ['fp-move-1', 'fp-move-2']);
    });

    it('keeps responders\' latest verdict on each pair of kinds, both ways', async () => {
      await store.corrections.record([['a/X', 'b/Y'], ['a/X', 'a/X']], 'merged', T0, 'alice');
      assert.deepEqual(await store.corrections.verdictsOf('a/X'), new Map([['b/Y', 'merged']]), 'a kind is not judged against itself');
      await store.transaction((tx) => tx.corrections.record([['b/Y', 'a/X'], ['b/Y', 'c/Z']], 'split', T0 + 1, 'bob'));
      assert.deepEqual(await store.corrections.verdictsOf('a/X'), new Map([['b/Y', 'split']]));
      assert.deepEqual(await store.corrections.verdictsOf('b/Y'), new Map([['a/X', 'split'], ['c/Z', 'split']]));
      assert.deepEqual(await store.corrections.verdictsOf('nobody'), new Map());
    });

    it('keeps an incident\'s impact and responders\' latest verdict on each of its root causes, latest first by entity', async () => {
      const impact = { cause: 'service:db', affected: [{ entityId: 'service:web', hops: 1, entryPoint: true, measured: 'calls-out' as const, errorRatioBefore: 0, errorRatioAfter: 0.2, p95MsBefore: 80, p95MsAfter: null }], summary: 'db is slow' };
      await store.incidents.put(incident({ id: 'inc-impact', impact, rootCauses: [{ entityId: 'service:db', score: 2.5, signal: 'ingress-delay', since: T0, evidence: ['db slow'] }] }));
      assert.deepEqual((await store.incidents.get('inc-impact'))?.impact, impact);
      const verdict = { incidentId: 'inc-a', entityId: 'service:db', confirmed: true, incidentEntities: ['service:db', 'service:web'], incidentKinds: ['service:web/Slow'], decidedAt: T0, decidedBy: 'alice' };
      await store.rootCauseVerdicts.record(verdict);
      await store.transaction((tx) => tx.rootCauseVerdicts.record({ ...verdict, confirmed: false, decidedAt: T0 + 2, decidedBy: 'bob' }));
      await store.rootCauseVerdicts.record({ ...verdict, incidentId: 'inc-b', entityId: 'service:web', decidedAt: T0 + 1 });
      assert.deepEqual((await store.rootCauseVerdicts.ofEntities(['service:db', 'service:web'], 10)).map((v) => [v.incidentId, v.entityId, v.confirmed, v.decidedBy]),
        [['inc-a', 'service:db', false, 'bob'], ['inc-b', 'service:web', true, 'alice']]);
      assert.deepEqual(await store.rootCauseVerdicts.ofEntities(['service:db'], 1), [{ ...verdict, confirmed: false, decidedAt: T0 + 2, decidedBy: 'bob' }]);
      assert.deepEqual(await store.rootCauseVerdicts.ofEntities([], 10), []);
    });

    it('marks a message processed once per consumer', async () => {
      assert.equal(await store.processed.mark('alerts', 'm1', T0), true);
      assert.equal(await store.processed.mark('alerts', 'm1', T0), false);
      assert.equal(await store.processed.mark('other', 'm1', T0), true);
      assert.equal(await store.processed.prune(T0 + 1), 2);
    });

    it('journals messages until every consumer has acknowledged them', async () => {
      const seqs = await store.journal.append('events', [
        { key: 'a', messageId: 'm1', payload: '{"n":1}' }, { key: 'b', messageId: 'm2', payload: '{"n":2}' }], T0);
      assert.equal(seqs.length, 2);
      assert.ok((seqs[1] ?? 0) > (seqs[0] ?? 0));
      await store.journal.ack('c1', seqs[0] ?? 0);
      assert.deepEqual((await store.journal.pending('events', 'c1', 0, 10)).map((m) => m.messageId), ['m2']);
      assert.deepEqual((await store.journal.pending('events', 'c2', 0, 10)).map((m) => m.messageId), ['m1', 'm2']);
      assert.deepEqual((await store.journal.pending('events', 'c2', seqs[0] ?? 0, 10)).map((m) => m.messageId), ['m2']);
      assert.deepEqual((await store.journal.pending('events', 'c2', 0, 1)).map((m) => m.messageId), ['m1']);
      assert.equal(await store.journal.prune('events', ['c1', 'c2']), 0);
      await store.journal.ack('c2', seqs[0] ?? 0);
      await store.journal.ack('c2', seqs[0] ?? 0);
      assert.equal(await store.journal.prune('events', ['c1', 'c2']), 1);
      assert.deepEqual((await store.journal.pending('events', 'c2', 0, 10)).map((m) => m.key), ['b']);
    });

    it('prunes every message of a topic no consumer reads', async () => {
      await store.journal.append('unread', [{ key: 'a', messageId: 'u1', payload: '{}' }, { key: 'b', messageId: 'u2', payload: '{}' }], T0);
      assert.equal(await store.journal.prune('unread', []), 2);
      assert.deepEqual(await store.journal.pending('unread', 'late', 0, 10), []);
    });

    it('stores anomalies once and filters them', async () => {
      const anomaly = { id: 'an-1', detector: 'metric', signal: 'metric' as const, entityId: 'service:checkout', subject: 'latency{}',
        time: T0, score: 0.93, actual: 900, expected: 120, lower: 80, upper: 200, since: T0 - 60_000, explanation: 'latency 900 vs 80..200' };
      await store.anomalies.insert(anomaly);
      await store.anomalies.insert(anomaly);
      const page = await store.anomalies.list({ entityId: 'service:checkout', limit: 10, offset: 0 });
      assert.equal(page.total, 1);
      assert.deepEqual(page.items[0], anomaly);
      assert.equal((await store.anomalies.list({ detector: 'log', limit: 10, offset: 0 })).total, 0);
      assert.equal((await store.anomalies.list({ from: T0 + 1, limit: 10, offset: 0 })).total, 0);
    });

    it('replaces snapshots whole and lists them by owner', async () => {
      await store.snapshots.put('detector', 'a', 'one', T0);
      await store.snapshots.put('detector', 'a', 'two', T0 + 1);
      await store.snapshots.put('detector', 'b', 'three', T0);
      await store.snapshots.put('miner', 'a', 'other', T0);
      assert.equal(await store.snapshots.get('detector', 'a'), 'two');
      assert.equal(await store.snapshots.get('detector', 'z'), undefined);
      assert.deepEqual([...(await store.snapshots.all('detector'))], [['a', 'two'], ['b', 'three']]);
    });

    it('deletes only the snapshot entries of an owner written before a checkpoint time', async () => {
      await store.snapshots.put('stale', 'old', 'x', T0);
      await store.snapshots.put('stale', 'kept', 'y', T0 + 10);
      await store.snapshots.put('other', 'old', 'z', T0);
      assert.equal(await store.snapshots.deleteBefore('stale', T0 + 10), 1);
      assert.deepEqual([...(await store.snapshots.all('stale'))], [['kept', 'y']]);
      assert.equal(await store.snapshots.get('other', 'old'), 'z');
    });

    it('rolls a failed transaction back whole', async () => {
      await assert.rejects(store.transaction(async (tx) => {
        await tx.alerts.put(alert({ fingerprint: 'rolled-back' }));
        await tx.processed.mark('alerts', 'rolled-back', T0);
        throw new Error('boom');
      }), /boom/);
      assert.equal(await store.alerts.get('rolled-back'), undefined);
      assert.equal(await store.processed.mark('alerts', 'rolled-back', T0), true);
    });

    it('serialises transactions that take the same lock', async () => {
      await store.alerts.put(alert({ fingerprint: 'counter', count: 1 }));
      const bump = () => store.transaction(async (tx) => {
        await tx.lock('counter');
        const current = await tx.alerts.get('counter');
        await new Promise((resolve) => setTimeout(resolve, 2));
        await tx.alerts.put(alert({ fingerprint: 'counter', count: (current?.count ?? 0) + 1 }));
      });
      await Promise.all([bump(), bump(), bump(), bump()]);
      assert.equal((await store.alerts.get('counter'))?.count, 5);
    });

    it('keeps everything across a restart', async () => {
      await store.close();
      store = await location.open();
      assert.equal((await store.alerts.get('fp-1'))?.count, 2);
      assert.equal((await store.incidents.get('inc-1'))?.status, 'open');
      assert.equal(await store.tokens.count(), 1);
      assert.equal((await store.silences.get('s-2'))?.comment, 'deploy');
      assert.equal((await store.maintenanceWindows.get('w-2'))?.recurrence?.start, '02:00');
    });
  });
}
