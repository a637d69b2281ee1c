import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { issueToken } from './auth/tokens.js';
import { createMetrics } from '../telemetry/metrics.js';
import type { Store } from '../store/index.js';
import { storeTargets } from '../store/testing.js';
import { MemorySink } from '../ingest/sink.js';
import { buildOtlpServer } from './otlp-listener.js';
import { syntheticSpansBody } from '../ingest/otlp/synthetic.js';

const sqlite = storeTargets.find((target) => target.name === 'sqlite');

describe('buildOtlpServer (the OTLP port)', () => {
  let app: FastifyInstance;
  let store: Store;
  let dispose: () => Promise<void>;
  const sink = new MemorySink();
  let base: string;
  let ingestToken: string;
  let viewerToken: string;

  before(async () => {
    const location = await (sqlite as NonNullable<typeof sqlite>).create();
    store = await location.open();
    dispose = () => location.dispose();
    ingestToken = (await issueToken(store, 'ingest', 'collector')).token;
    viewerToken = (await issueToken(store, 'viewer', 'someone')).token;
    app = await buildOtlpServer({ sink, metrics: createMetrics(), logger: pino({ level: 'silent' }), auth: { store, open: false } });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await app.close();
    await store.close();
    await dispose();
  });

  it('accepts spans from the SDK exporter with a bearer token in its headers', async () => {
    const exporter = new OTLPTraceExporter({ url: `${base}/v1/traces`, headers: { Authorization: `Bearer ${ingestToken}` } });
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'billing' }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.getTracer('t').startSpan('charge').end();
    await provider.forceFlush();
    await provider.shutdown();
    assert.deepEqual(sink.spans.map((span) => [span.operation, span.entityId]), [['charge', 'service:billing']]);
  });

  it('answers 401 without a token and 403 for a role without ingest access, as a Status', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/v1/traces', payload: syntheticSpansBody(1), headers: { 'content-type': 'application/json' } });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json<{ code: number }>().code, 16);
    const viewer = await app.inject({ method: 'POST', url: '/v1/logs', payload: '{}', headers: { 'content-type': 'application/json', authorization: `Bearer ${viewerToken}` } });
    assert.equal(viewer.statusCode, 403);
    assert.equal(sink.logs.length, 0);
  });

  it('answers 404 for other paths', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/alerts', headers: { authorization: `Bearer ${ingestToken}` } });
    assert.equal(response.statusCode, 404);
  });
});
