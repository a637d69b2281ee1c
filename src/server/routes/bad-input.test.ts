import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';

const payload = JSON.parse(readFileSync(new URL('../../../src/ingest/alertmanager/testdata/firing.json', import.meta.url), 'utf8')) as { alerts: Record<string, unknown>[] };

for (const target of storeTargets) {
  describe(`bad input (${target.name})`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target, { server: { bodyLimitBytes: 64 * 1024 } }); });
    after(async () => { await t.close(); });

    async function rejected(request: { url: string; payload: string | object; contentType?: string }, status: number, code: string, message?: RegExp) {
      const response = await t.app.inject({
        method: 'POST', url: request.url, payload: request.payload,
        headers: { ...t.as('ingest'), 'content-type': request.contentType ?? 'application/json' },
      });
      assert.equal(response.statusCode, status, response.body);
      const error = response.json<{ error: { code: string; message: string } }>().error;
      assert.equal(error.code, code);
      if (message !== undefined) assert.match(error.message, message);
      await t.settled();
      assert.equal((await t.store.events.list({ limit: 1, offset: 0 })).total, 0, 'a rejected request stored something');
      const health = await t.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
    }

    it('rejects malformed JSON', () => rejected({ url: '/api/v1/ingest/alertmanager', payload: '{"version": "4", "alerts": [' }, 400, 'OPS_ERR_INVALID_JSON', /not valid JSON/));
    it('rejects a body that is not valid UTF-8', () => rejected({ url: '/api/v1/events', payload: Buffer.concat([Buffer.from('{"title":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]) },
      400, 'OPS_ERR_INVALID_JSON', /not valid UTF-8/));
    it('rejects a prototype-poisoning body', () => rejected({ url: '/api/v1/events', payload: '{"title":"x","__proto__":{"admin":true}}' }, 400, 'OPS_ERR_INVALID_JSON'));
    it('rejects an empty JSON body', () => rejected({ url: '/api/v1/events', payload: '' }, 400, 'OPS_ERR_INVALID_JSON'));
    it('rejects a wrong type, naming the field', () => rejected({ url: '/api/v1/ingest/alertmanager', payload: { ...payload, alerts: [{ ...payload.alerts[0], labels: 'x' }] } },
      400, 'OPS_ERR_VALIDATION', /body\.alerts\[0\]\.labels/));
    it('rejects a payload version it does not know', () => rejected({ url: '/api/v1/ingest/alertmanager', payload: { ...payload, version: '3' } }, 400, 'OPS_ERR_VALIDATION', /body\.version/));
    it('rejects a bad timestamp, naming the field', () => rejected({ url: '/api/v1/ingest/alertmanager', payload: { ...payload, alerts: [payload.alerts[0], { ...payload.alerts[1], startsAt: '0999-01-01T00:00:00Z' }] } },
      400, 'OPS_ERR_VALIDATION', /body\.alerts\[1\]\.startsAt/));
    it('rejects unknown fields of a generic event by name', () => rejected({ url: '/api/v1/events', payload: { title: 'x', severty: 'critical' } }, 400, 'OPS_ERR_VALIDATION', /body\.severty: unknown field/));
    it('rejects a bad event inside a batch, naming its index, and stores none of the batch', () => rejected({ url: '/api/v1/events', payload: [{ title: 'ok' }, { title: '' }] },
      400, 'OPS_ERR_VALIDATION', /body\[1\]\.title/));
    it('rejects an oversize body', () => rejected({ url: '/api/v1/events', payload: { title: 'x', description: 'y'.repeat(70 * 1024) } }, 413, 'OPS_ERR_BODY_TOO_LARGE'));
    it('rejects a content type it does not read', () => rejected({ url: '/api/v1/events', payload: 'title=x', contentType: 'application/x-www-form-urlencoded' }, 415, 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE'));

    it('rejects a bad query parameter, naming it', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/alerts?limit=0&severity=loud', headers: t.as('viewer') });
      assert.equal(response.statusCode, 400);
      const message = response.json<{ error: { message: string } }>().error.message;
      assert.match(message, /query\.limit: Too small/);
      assert.match(message, /query\.severity\[0\]: Invalid option/);
    });

    it('answers 404 with the catalogue shape for an unknown route or object', async () => {
      const route = await t.app.inject({ method: 'GET', url: '/api/v1/nothing', headers: t.as('viewer') });
      assert.equal(route.statusCode, 404);
      assert.equal(route.json<{ error: { code: string } }>().error.code, 'OPS_ERR_NOT_FOUND');
      const incident = await t.app.inject({ method: 'GET', url: '/api/v1/incidents/inc_missing', headers: t.as('viewer') });
      assert.equal(incident.statusCode, 404);
    });
  });

  describe(`overload (${target.name})`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target, { bus: { maxPending: 0 } }); });
    after(async () => { await t.close(); });

    it('answers 429 with Retry-After and stores nothing while the pipeline is behind', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: t.as('ingest'), payload: { title: 'x' } });
      assert.equal(response.statusCode, 429);
      assert.equal(response.headers['retry-after'], '1');
      assert.equal(response.json<{ error: { code: string } }>().error.code, 'OPS_ERR_OVERLOADED');
      assert.equal((await t.store.events.list({ limit: 1, offset: 0 })).total, 0);
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      assert.match(metrics.body, /opsight_ingest_throttled_total\{source="api"\} 1/);
    });
  });
}
