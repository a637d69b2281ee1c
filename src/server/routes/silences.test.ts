import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';
import type { Role } from '../../store/index.js';

const HOUR = 3_600_000;

interface AlertBody { fingerprint: string; entityId: string; severity: string; incidentId: string | null; suppressed: { kind: string; by: string; reason: string } | null }
interface Page<T> { items: T[]; total: number }

for (const target of storeTargets) {
  describe(`noise controls through the API (${target.name})`, { skip: target.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(target, {
        correlate: { inhibit: [{ sourceMatchers: ['severity=critical'], targetMatchers: ['severity=~warning|info'], equal: ['entity'] }] },
      });
    });
    after(async () => { await t.close(); });

    const request = async (method: 'GET' | 'POST' | 'DELETE', url: string, role: Role, payload?: object) => {
      const response = await t.app.inject({ method, url, headers: t.as(role), ...(payload === undefined ? {} : { payload }) });
      return { status: response.statusCode, body: response.body, json: <T>() => response.json<T>() };
    };

    async function fire(entity: string, severity = 'warning', title = 'HighLatency', time = Date.now()): Promise<void> {
      const sent = await request('POST', '/api/v1/events', 'ingest', { title, entity, severity, labels: { service: entity.split(':')[1] }, time });
      assert.equal(sent.status, 202, sent.body);
      await t.settled();
    }

    const alertsOf = async (entity: string) => (await request('GET', `/api/v1/alerts?entity=${entity}`, 'viewer')).json<Page<AlertBody>>().items;
    const incidentsOf = async (entity: string) => (await request('GET', `/api/v1/incidents?entity=${entity}`, 'viewer')).json<Page<unknown>>().total;

    it('lets responders create silences, viewers read them, and refuses a bad regex naming the matcher', async () => {
      const silence = { matchers: ['service=~nope'], endsAt: Date.now() + HOUR, comment: 'test' };
      assert.equal((await request('POST', '/api/v1/silences', 'viewer', silence)).status, 403);
      const created = await request('POST', '/api/v1/silences', 'responder', silence);
      assert.equal(created.status, 201, created.body);
      const body = created.json<{ id: string; state: string; createdBy: string; matchers: unknown[] }>();
      assert.deepEqual([body.state, body.createdBy, body.matchers], ['active', 'responder', [{ name: 'service', value: 'nope', isRegex: true, isEqual: true }]]);
      assert.equal((await request('GET', `/api/v1/silences/${body.id}`, 'viewer')).status, 200);
      const bad = await request('POST', '/api/v1/silences', 'responder', { ...silence, matchers: [{ name: 'service', value: 'cart(', isRegex: true }] });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /body\.matchers\[0\]: invalid regex in matcher service=~\\"cart\(\\"/);
      const everything = await request('POST', '/api/v1/silences', 'responder', { ...silence, matchers: ['team=~.*'] });
      assert.equal(everything.status, 400);
      const past = await request('POST', '/api/v1/silences', 'responder', { ...silence, startsAt: Date.now() - 2 * HOUR, endsAt: Date.now() - HOUR });
      assert.match(past.body, /body\.endsAt: is in the past/);
    });

    it('keeps a silenced alert out of incidents, shows why, and groups it once the silence is expired', async () => {
      const created = await request('POST', '/api/v1/silences', 'responder', { matchers: ['service=~cart|checkout'], endsAt: Date.now() + HOUR, comment: 'deploy' });
      const { id } = created.json<{ id: string }>();
      await fire('service:cart');
      const [held] = await alertsOf('service:cart');
      assert.deepEqual(held?.suppressed, { kind: 'silence', by: id, reason: `silenced by ${id} (deploy)` });
      assert.equal(held?.incidentId, null);
      assert.equal(await incidentsOf('service:cart'), 0);
      const listed = (await request('GET', '/api/v1/alerts?suppressed=true', 'viewer')).json<Page<AlertBody>>();
      assert.ok(listed.items.some((alert) => alert.fingerprint === held?.fingerprint));

      assert.equal((await request('DELETE', `/api/v1/silences/${id}`, 'viewer')).status, 403);
      assert.equal((await request('DELETE', `/api/v1/silences/${id}`, 'responder')).status, 204);
      assert.equal((await request('GET', `/api/v1/silences/${id}`, 'viewer')).json<{ state: string }>().state, 'expired');
      const expired = (await request('GET', '/api/v1/silences?state=expired', 'viewer')).json<Page<{ id: string }>>();
      assert.deepEqual(expired.items.map((silence) => silence.id), [id]);
      await fire('service:cart', 'warning', 'HighLatency', Date.now() + 1000);
      const [released] = await alertsOf('service:cart');
      assert.equal(released?.suppressed, null);
      assert.notEqual(released?.incidentId, null);
      assert.equal(await incidentsOf('service:cart'), 1);
      assert.equal((await request('DELETE', '/api/v1/silences/unknown', 'responder')).status, 404);
    });

    it('opens no incident for an alert in a maintenance window, and deletes windows', async () => {
      const window = { matchers: ['entity=service:db'], startsAt: Date.now() - HOUR, endsAt: Date.now() + HOUR, comment: 'upgrade' };
      const created = await request('POST', '/api/v1/maintenance-windows', 'responder', window);
      assert.equal(created.status, 201, created.body);
      const { id, active } = created.json<{ id: string; active: boolean }>();
      assert.equal(active, true);
      await fire('service:db');
      assert.equal((await alertsOf('service:db'))[0]?.suppressed?.kind, 'maintenance');
      assert.equal(await incidentsOf('service:db'), 0);
      assert.equal((await request('GET', '/api/v1/maintenance-windows', 'viewer')).json<Page<unknown>>().total, 1);
      assert.equal((await request('DELETE', `/api/v1/maintenance-windows/${id}`, 'responder')).status, 204);
      assert.equal((await request('GET', `/api/v1/maintenance-windows/${id}`, 'viewer')).status, 404);
    });

    it('refuses a window without a range or with a bad recurrence, naming the field', async () => {
      const noRange = await request('POST', '/api/v1/maintenance-windows', 'responder', { matchers: ['entity=service:db'] });
      assert.match(noRange.body, /body\.startsAt: a window without recurrence needs startsAt and endsAt/);
      const badZone = await request('POST', '/api/v1/maintenance-windows', 'responder', { matchers: ['entity=service:db'], recurrence: { start: '02:00', duration: '2h', timeZone: 'Mars/Olympus' } });
      assert.equal(badZone.status, 400);
      assert.match(badZone.body, /body\.recurrence\.timeZone/);
      const weekly = await request('POST', '/api/v1/maintenance-windows', 'responder', { matchers: ['entity=service:db'], recurrence: { weekdays: ['sat'], start: '02:00', duration: '2h' } });
      assert.equal(weekly.status, 201, weekly.body);
      assert.deepEqual(weekly.json<{ recurrence: unknown }>().recurrence, { weekdays: ['sat'], start: '02:00', duration: '2h', timeZone: 'UTC' });
    });

    it('inhibits a warning while a critical alert of the same entity fires', async () => {
      await fire('service:ledger', 'critical', 'ServiceDown');
      await fire('service:ledger', 'warning', 'HighLatency');
      await fire('service:audit', 'warning', 'HighLatency');
      const ledger = await alertsOf('service:ledger');
      const warning = ledger.find((alert) => alert.severity === 'warning');
      assert.equal(warning?.suppressed?.by, 'correlate.inhibit[0]');
      assert.match(warning?.suppressed?.reason ?? '', /inhibited by ServiceDown/);
      assert.equal(ledger.find((alert) => alert.severity === 'critical')?.suppressed, null);
      assert.equal((await alertsOf('service:audit'))[0]?.suppressed, null, 'another entity is not inhibited');
    });
  });
}
