import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { createMetrics } from '../telemetry/metrics.js';
import { MemorySink } from '../ingest/sink.js';
import { storeTargets } from '../store/testing.js';
import type { TestApp } from '../runtime/testing.js';
import { startTestApp } from '../runtime/testing.js';
import { errorCatalogue } from '../http/errors.js';
import { buildOtlpServer } from './otlp-listener.js';

const OTLP_PATHS = ['/v1/traces', '/v1/metrics', '/v1/logs'];

/** Bodies no route can take, with the Content-Types they are sent under. */
const malformed: { contentType?: string; payload: string | Buffer }[] = [
  { contentType: 'application/json', payload: '{"title": "x", ' },
  { contentType: 'application/json', payload: '' },
  { contentType: 'application/json', payload: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) },
  { contentType: 'application/json', payload: '{"__proto__": {"admin": true}}' },
  { contentType: 'application/json', payload: 'null' },
  { contentType: 'application/json;;;', payload: '{}' },
  { contentType: 'application/x-protobuf', payload: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]) },
  { contentType: 'application/x-www-form-urlencoded', payload: 'title=x' },
  { contentType: 'text/plain', payload: '{"title": "x"}' },
  { contentType: 'multipart/form-data; boundary=x', payload: '--x\r\n\r\nx\r\n--x--' },
  { payload: '{"title": "x"}' },
];

/**
 * Checks a response to bad input: a client error (or a success, for input a route happens to accept) that names no
 * fastify code; returns the catalogue code of a refusal, from its JSON body or the message of an OTLP protobuf Status.
 */
function refusalCode(response: LightMyRequestResponse, what: string): string | undefined {
  assert.doesNotMatch(response.body, /FST_/, `${what} leaked a fastify code: ${response.body}`);
  assert.ok(response.statusCode < 500, `${what}: ${response.statusCode} ${response.body}`);
  if (response.statusCode < 400) return undefined;
  const code = /OPS_ERR_[A-Z_]+/.exec(response.body)?.[0];
  assert.ok(code !== undefined && code in errorCatalogue, `${what}: no catalogue code in ${response.body}`);
  return code;
}

describe('rejections on the main port', () => {
  let t: TestApp;
  let postRoutes: string[];
  before(async () => {
    t = await startTestApp(storeTargets[0]!);
    const document = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    postRoutes = Object.entries(document.paths).filter(([, methods]) => 'post' in methods).map(([path]) => path);
  });
  after(async () => { await t.close(); });

  const post = (url: string, body: { contentType?: string; payload: string | Buffer }) => t.app.inject({
    method: 'POST', url, payload: body.payload,
    headers: { ...t.as('admin'), ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }) },
  });

  it('has JSON and protobuf POST routes to check', () => {
    for (const path of ['/api/v1/events', '/api/v1/ingest/alertmanager', '/api/v1/ingest/grafana', '/api/v1/tokens', '/api/v1/write', ...OTLP_PATHS]) {
      assert.ok(postRoutes.includes(path), `${path} is not in the OpenAPI document`);
    }
  });

  it('answers 415 OPS_ERR_UNSUPPORTED_MEDIA_TYPE to a Content-Type a POST route does not read, or none', async () => {
    for (const path of postRoutes) {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
        // The page of an acknowledge link posts its form as a browser does; the body is never read.
        if (path === '/api/v1/notify/ack' && contentType === 'application/x-www-form-urlencoded') continue;
        const response = await post(path, { payload: 'title=x', ...(contentType === undefined ? {} : { contentType }) });
        assert.equal(response.statusCode, 415, `${path} as ${contentType ?? 'no Content-Type'}: ${response.body}`);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', path);
        refusalCode(response, path);
      }
    }
    await t.settled();
    assert.equal((await t.store.events.list({ limit: 1, offset: 0 })).total, 0, 'a refused request stored something');
  });

  it('answers malformed bodies with a catalogue error that never names a fastify code', async () => {
    for (const path of postRoutes) {
      for (const body of malformed) refusalCode(await post(path, body), `${path} with ${body.contentType ?? 'no Content-Type'} ${JSON.stringify(body.payload.toString())}`);
    }
    const metrics = await t.app.inject({ url: '/metrics' });
    assert.match(metrics.body, /opsight_ingest_rejected_total\{source="api",reason="OPS_ERR_INVALID_JSON"\}/);
    assert.doesNotMatch(metrics.body, /FST_/, 'a rejection was counted under a fastify code');
  });

  it('answers a badly encoded or overlong path through the catalogue', async () => {
    for (const url of ['/api/v1/alerts/%E0%A4%A', '/api/v1/incidents/%zz', `/api/v1/incidents/${'x'.repeat(300)}`, `/api/v1/tokens/${'x'.repeat(300)}`]) {
      const response = await t.app.inject({ method: url.startsWith('/api/v1/tokens') ? 'DELETE' : 'GET', url, headers: t.as('admin') });
      assert.equal(refusalCode(response, url), 'OPS_ERR_VALIDATION');
    }
  });
});

describe('rejections on the OTLP port', () => {
  let app: FastifyInstance;
  before(async () => { app = await buildOtlpServer({ sink: new MemorySink(), metrics: createMetrics(), logger: pino({ level: 'silent' }) }); });
  after(() => app.close());

  it('answers 415 to a Content-Type OTLP/HTTP does not define, or none, with the catalogue code in the Status', async () => {
    for (const url of OTLP_PATHS) {
      for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, {}]) {
        const response = await app.inject({ method: 'POST', url, payload: 'x', headers });
        assert.equal(response.statusCode, 415, `${url} ${JSON.stringify(headers)}`);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', url);
        refusalCode(response, url);
      }
    }
  });

  it('answers malformed bodies and paths without a fastify code', async () => {
    for (const url of OTLP_PATHS) {
      for (const body of malformed) {
        const headers = body.contentType === undefined ? {} : { 'content-type': body.contentType };
        refusalCode(await app.inject({ method: 'POST', url, payload: body.payload, headers }), `${url} ${JSON.stringify(headers)}`);
      }
    }
    assert.equal(refusalCode(await app.inject({ method: 'GET', url: '/v1/%E0%A4%A' }), 'a badly encoded path'), 'OPS_ERR_VALIDATION');
  });
});
