import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { IncidentChange } from '../../signals/index.js';
import { Topic } from '../../bus/topics.js';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';

const T = Date.UTC(2026, 4, 1, 8);
const MIN = 60_000;

interface Detail {
  id: string; status: string; alertCount: number; firingCount: number; acknowledgedAt: number | null; acknowledgedAtRfc3339: string | null;
  acknowledgedBy: string | null; assignee: string | null; mergedInto: string | null; kinds?: string[];
  alerts: { fingerprint: string; title: string; correlation?: { reason: string } }[];
  comments: { time: number; by: string; text: string }[];
  timeline: { kind: string; text: string; by?: string }[];
}

for (const target of storeTargets) {
  describe(`incident actions (${target.name})`, { skip: target.skip }, () => {
    let t: TestApp;
    const published: IncidentChange[] = [];
    before(async () => {
      // Resolved with the last alert and never reopened: what responders taught grouping shows in the next incident.
      t = await startTestApp(target, {
        correlate: { resolveAfter: '0s', reopenWindow: '0s', rules: [{ name: 'payments-db', match: 'labels.cluster == "eu-1"', groupBy: ['cluster'] }] },
      });
      await t.runtime.bus.subscribe(Topic.incidents, 'test-listener', async (delivery) => {
        published.push(delivery.payload);
        await delivery.ack();
      });
    });
    after(async () => { await t.close(); });

    async function send(title: string, entity: string, time: number, extra: Record<string, unknown> = {}): Promise<void> {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: t.as('ingest'), payload: { title, entity, time, ...extra } });
      assert.equal(response.statusCode, 202, response.body);
      await t.settled();
    }
    const resolve = (title: string, entity: string, time: number) => send(title, entity, time, { status: 'resolved' });

    async function get(id: string): Promise<Detail> {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${id}`, headers: t.as('viewer') });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Detail>();
    }
    const post = (id: string, action: string, payload: unknown = {}, role: 'responder' | 'viewer' | 'admin' = 'responder') =>
      t.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/${action}`, headers: t.as(role), payload: payload as object });

    async function incidentOf(title: string): Promise<string> {
      const alerts = (await t.app.inject({ method: 'GET', url: '/api/v1/alerts?limit=1000', headers: t.as('viewer') })).json<{ items: { title: string; incidentId: string }[] }>();
      const alert = alerts.items.find((item) => item.title === title);
      assert.ok(alert, `an alert ${title}`);
      return alert.incidentId;
    }

    it('acknowledges, assigns, comments on, resolves and reopens an incident, naming who did it on the timeline and the incidents topic', async () => {
      await send('HighLatency', 'service:web', T);
      const id = await incidentOf('HighLatency');
      assert.equal((await post(id, 'acknowledge', {}, 'viewer')).statusCode, 403, 'viewers only read');
      assert.equal((await post('inc_nope', 'acknowledge')).statusCode, 404);

      const acknowledged = await post(id, 'acknowledge');
      assert.equal(acknowledged.statusCode, 200, acknowledged.body);
      const body = acknowledged.json<Detail>();
      assert.deepEqual([body.status, body.acknowledgedBy, body.acknowledgedAt !== null, typeof body.acknowledgedAtRfc3339], ['acknowledged', 'responder', true, 'string']);
      assert.equal((await post(id, 'acknowledge')).json<{ error: { code: string } }>().error.code, 'OPS_ERR_CONFLICT');
      assert.equal((await post(id, 'assign', { assignee: 'alice' }, 'admin')).statusCode, 200);
      assert.equal((await post(id, 'comments', { text: 'failing over the cache' })).statusCode, 201);
      assert.equal((await post(id, 'comments', { text: '' })).statusCode, 400);
      assert.equal((await post(id, 'resolve')).statusCode, 200);
      assert.equal((await post(id, 'resolve')).statusCode, 409);
      assert.equal((await post(id, 'reopen')).json<Detail>().status, 'reopened');

      const detail = await get(id);
      assert.equal(detail.assignee, 'alice');
      assert.deepEqual(detail.comments.map((comment) => [comment.by, comment.text]), [['responder', 'failing over the cache']]);
      assert.deepEqual(detail.timeline.filter((entry) => entry.by !== undefined).map((entry) => entry.text), [
        'acknowledged by responder', 'assigned to alice by admin', 'failing over the cache', 'incident resolved by responder', 'incident reopened by responder',
      ]);
      await t.settled();
      assert.deepEqual(published.filter((change) => change.incident.id === id).map((change) => change.kind),
        ['opened', 'acknowledged', 'assigned', 'commented', 'resolved', 'reopened']);
      await post(id, 'resolve');
    });

    it('merges incidents; after it, the two kinds of alert group together even on unrelated entities', async () => {
      await send('QueueBacklog', 'service:orders', T + 60 * MIN);
      await send('DiskFull', 'host:db-9', T + 61 * MIN);
      const [a, b] = [await incidentOf('QueueBacklog'), await incidentOf('DiskFull')];
      assert.notEqual(a, b);
      assert.equal((await post(a, 'merge', { incidents: [a] })).statusCode, 400, 'not into itself');
      assert.equal((await post(a, 'merge', { incidents: ['inc_unknown'] })).statusCode, 400);
      assert.equal((await post(a, 'merge', { incidents: [b] }, 'viewer')).statusCode, 403);

      const merged = await post(a, 'merge', { incidents: [b] });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.deepEqual(merged.json<Detail>().alerts.map((alert) => alert.title).sort(), ['DiskFull', 'QueueBacklog']);
      const source = await get(b);
      assert.deepEqual([source.status, source.mergedInto, source.alerts.length], ['merged', a, 0]);
      assert.equal((await post(b, 'acknowledge')).statusCode, 409, 'a merged incident is acted on through the one it went into');

      await resolve('QueueBacklog', 'service:orders', T + 70 * MIN);
      await resolve('DiskFull', 'host:db-9', T + 71 * MIN);
      assert.equal((await get(a)).status, 'resolved');

      await send('QueueBacklog', 'service:orders', T + 180 * MIN);
      await send('DiskFull', 'host:db-9', T + 182 * MIN);
      const again = await incidentOf('QueueBacklog');
      assert.notEqual(again, a, 'a new incident');
      assert.equal(await incidentOf('DiskFull'), again);
      const disk = (await get(again)).alerts.find((alert) => alert.title === 'DiskFull');
      assert.equal(disk?.correlation?.reason, 'merged by responders before');
    });

    it('splits alerts off into a new incident; after it, those kinds no longer join each other', async () => {
      await send('CpuHigh', 'service:pay', T + 300 * MIN);
      await send('CertExpiring', 'service:pay', T + 301 * MIN);
      const id = await incidentOf('CpuHigh');
      assert.equal(await incidentOf('CertExpiring'), id, 'same entity');
      const cert = (await get(id)).alerts.find((alert) => alert.title === 'CertExpiring')!.fingerprint;
      assert.equal((await post(id, 'split', { alerts: ['nope'] })).statusCode, 400);
      assert.equal((await post(id, 'split', { alerts: (await get(id)).alerts.map((alert) => alert.fingerprint) })).statusCode, 400, 'not every alert');

      const split = await post(id, 'split', { alerts: [cert] });
      assert.equal(split.statusCode, 201, split.body);
      const created = split.json<Detail>();
      assert.notEqual(created.id, id);
      assert.deepEqual(created.alerts.map((alert) => alert.title), ['CertExpiring']);
      assert.deepEqual((await get(id)).alerts.map((alert) => alert.title), ['CpuHigh']);
      assert.equal(await incidentOf('CertExpiring'), created.id);

      await resolve('CpuHigh', 'service:pay', T + 310 * MIN);
      await resolve('CertExpiring', 'service:pay', T + 310 * MIN);
      await send('CpuHigh', 'service:pay', T + 400 * MIN);
      await send('CertExpiring', 'service:pay', T + 401 * MIN);
      assert.notEqual(await incidentOf('CertExpiring'), await incidentOf('CpuHigh'), 'split apart, though on the same entity');
    });

    it('groups the alerts a rule matches by its labels, with the rule as the reason', async () => {
      await send('ReplicationLag', 'host:pg-1', T + 500 * MIN, { labels: { cluster: 'eu-1' } });
      await send('ConnectionsHigh', 'host:pg-2', T + 502 * MIN, { labels: { cluster: 'eu-1' } });
      const id = await incidentOf('ReplicationLag');
      assert.equal(await incidentOf('ConnectionsHigh'), id);
      const joined = (await get(id)).alerts.find((alert) => alert.title === 'ConnectionsHigh');
      assert.equal(joined?.correlation?.reason, 'rule payments-db: same cluster=eu-1');
    });

    it('takes a responder\'s verdict on a root cause, stores it for later rankings and names who gave it', async () => {
      await send('CacheDown', 'service:cache', T + 300 * MIN);
      const id = await incidentOf('CacheDown');
      const verdict = { entityId: 'service:cache', confirmed: true };
      assert.equal((await post(id, 'root-cause', verdict, 'viewer')).statusCode, 403, 'viewers only read');
      assert.equal((await post('inc_nope', 'root-cause', verdict)).statusCode, 404);
      const unknown = await post(id, 'root-cause', { entityId: 'service:elsewhere', confirmed: true });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /service:elsewhere is neither a root cause candidate nor an entity of incident/);
      assert.equal((await post(id, 'root-cause', { entityId: 'service:cache' })).statusCode, 400, 'confirmed is required');

      const confirmed = await post(id, 'root-cause', verdict, 'admin');
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.ok(confirmed.json<Detail>().timeline.some((entry) => entry.text === 'root cause service:cache confirmed by admin' && entry.by === 'admin'));
      const stored = await t.store.rootCauseVerdicts.ofEntities(['service:cache'], 10);
      assert.deepEqual(stored.map((v) => [v.incidentId, v.confirmed, v.decidedBy, v.incidentKinds]), [[id, true, 'admin', ['service:cache/CacheDown']]]);
      await t.settled();
      assert.ok(published.some((change) => change.incident.id === id && change.kind === 'root-cause'));
    });
  });
}
