import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';
import { encodeWriteRequest } from './encode-write-request.js';

const headers = { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' };
const body = encodeWriteRequest([{ labels: { __name__: 'node_load1', job: 'node', instance: 'db-1:9100' }, samples: [{ value: 0.5, timestamp: Date.UTC(2026, 0, 1) }] }]);

describe('remote write inside the opsight server', () => {
  let t: TestApp;
  before(async () => { t = await startTestApp(storeTargets[0]!); });
  after(() => t.close());

  it('refuses a request without an API token', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/write', headers, payload: body });
    assert.equal(response.statusCode, 401);
  });

  it('accepts an ingest token, as Prometheus sends it (authorization.credentials)', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/write', headers: { ...headers, ...t.as('ingest') }, payload: body });
    assert.equal(response.statusCode, 204, response.body);
    await t.settled();
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /opsight_ingest_accepted_total\{source="remote_write"\} 1/);
  });

  it('is described in the OpenAPI document', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    assert.ok(Object.hasOwn(response.json<{ paths: Record<string, unknown> }>().paths, '/api/v1/write'));
  });
});
