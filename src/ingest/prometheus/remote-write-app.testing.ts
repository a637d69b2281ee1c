/** Test support: a fastify app like the server's (validation, error handling, metrics) with the remote-write plugin over a MemorySink. */
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { MemorySink } from '../sink.js';
import { installErrorHandling } from '../../http/error-handler.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import { createMetrics } from '../../telemetry/metrics.js';
import { zodValidatorCompiler } from '../../http/validation.js';
import { encodeWriteRequest } from './encode-write-request.js';
import type { PrometheusRoutesOptions } from './remote-write-routes.js';
import { prometheusRoutes } from './remote-write-routes.js';

export interface RemoteWriteTestApp {
  app: FastifyInstance;
  sink: MemorySink;
  metrics: OpsightMetrics;
}

export async function remoteWriteTestApp(options: { bodyLimit?: number } & Partial<PrometheusRoutesOptions> = {}): Promise<RemoteWriteTestApp> {
  const sink = new MemorySink();
  const metrics = createMetrics();
  const app = Fastify({ bodyLimit: options.bodyLimit ?? 1024 * 1024 });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await app.register(prometheusRoutes, { sink, metrics, ...options });
  return { app, sink, metrics };
}

export const writeHeaders = { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' };

/** POSTs a body to /api/v1/write with Prometheus's headers (`extra` overrides them). */
export function postWrite(t: RemoteWriteTestApp, payload: Buffer | string, extra: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/write', payload, headers: { ...writeHeaders, ...extra } });
}

const probe = encodeWriteRequest([{ labels: { __name__: 'up', job: 'probe' }, samples: [{ value: 1, timestamp: Date.UTC(2026, 0, 1) }] }]);

/** Asserts the request is refused with `status`, `code` and a message matching `message`, nothing reaches the sink, and a valid request is still accepted after. */
export async function assertRefused(t: RemoteWriteTestApp, payload: Buffer | string, status: number, code: string, message: RegExp, extra: Record<string, string> = {}): Promise<void> {
  const response = await postWrite(t, payload, extra);
  assert.equal(response.statusCode, status, response.body);
  const error = response.json<{ error: { code: string; message: string; retryable?: boolean } }>().error;
  assert.equal(error.code, code);
  assert.match(error.message, message);
  assert.notEqual(error.retryable, true, 'a sender would retry this request forever');
  assert.equal(t.sink.samples.length, 0, 'a rejected request reached the sink');
  const next = await postWrite(t, probe);
  assert.equal(next.statusCode, 204, 'the server stopped serving after bad input');
  t.sink.samples.length = 0;
}
