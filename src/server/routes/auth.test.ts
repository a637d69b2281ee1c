import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';

for (const target of storeTargets) {
  describe(`authentication and roles (${target.name})`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t.close(); });

    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
      t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });

    it('serves health, readiness, metrics and the OpenAPI document without a token', async () => {
      for (const url of ['/healthz', '/readyz', '/metrics', '/api/openapi.json']) assert.equal((await call('GET', url)).statusCode, 200, url);
      const metrics = await call('GET', '/metrics');
      assert.match(metrics.body, /opsight_http_requests_total/);
      const openapi = (await call('GET', '/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
      for (const path of ['/api/v1/events', '/api/v1/ingest/alertmanager', '/api/v1/alerts', '/api/v1/incidents/{id}', '/api/v1/tokens']) {
        assert.ok(path in openapi.paths, `${path} missing from the OpenAPI document`);
      }
    });

    it('answers 401 without a token or with an unknown one', async () => {
      assert.equal((await call('GET', '/api/v1/alerts')).statusCode, 401);
      assert.equal((await call('GET', '/api/v1/alerts', { authorization: 'Bearer ops_wrong' })).statusCode, 401);
      assert.equal((await call('POST', '/api/v1/events', {}, { title: 'x' })).statusCode, 401);
    });

    it('answers 403 when the role does not allow the endpoint', async () => {
      assert.equal((await call('GET', '/api/v1/alerts', t.as('ingest'))).statusCode, 403);
      assert.equal((await call('POST', '/api/v1/events', t.as('viewer'), { title: 'x' })).statusCode, 403);
      assert.equal((await call('GET', '/api/v1/tokens', t.as('responder'))).statusCode, 403);
      const forbidden = await call('GET', '/api/v1/tokens', t.as('viewer'));
      assert.match(forbidden.json<{ error: { message: string } }>().error.message, /viewer token cannot use this endpoint/);
    });

    it('lets each role do what it is for', async () => {
      assert.equal((await call('GET', '/api/v1/alerts', t.as('viewer'))).statusCode, 200);
      assert.equal((await call('POST', '/api/v1/events', t.as('ingest'), { kind: 'info', title: 'hello' })).statusCode, 202);
      assert.equal((await call('GET', '/api/v1/tokens', t.as('admin'))).statusCode, 200);
    });

    it('accepts the token as the password of Basic auth, for tools that only speak that', async () => {
      const basic = `Basic ${Buffer.from(`opsight:${t.tokens.viewer}`).toString('base64')}`;
      assert.equal((await call('GET', '/api/v1/alerts', { authorization: basic })).statusCode, 200);
    });

    it('creates tokens once-shown, never lists their secret, and revokes them', async () => {
      const created = await call('POST', '/api/v1/tokens', t.as('admin'), { role: 'viewer', name: 'grafana' });
      assert.equal(created.statusCode, 201);
      const { id, token } = created.json<{ id: string; token: string }>();
      assert.equal((await call('GET', '/api/v1/incidents', { authorization: `Bearer ${token}` })).statusCode, 200);
      const listed = await call('GET', '/api/v1/tokens', t.as('admin'));
      assert.ok(!listed.body.includes(token));
      assert.ok(!listed.body.includes('hash'));
      assert.equal((await call('DELETE', `/api/v1/tokens/${id}`, t.as('admin'))).statusCode, 204);
      assert.equal((await call('GET', '/api/v1/incidents', { authorization: `Bearer ${token}` })).statusCode, 401);
      assert.equal((await call('DELETE', `/api/v1/tokens/${id}`, t.as('admin'))).statusCode, 404);
    });
  });
}
