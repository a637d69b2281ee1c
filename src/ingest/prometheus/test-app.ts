/** Test support: a fastify app like the server's (validation, error handling, metrics) with the remote-write plugin over a MemorySink. */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { MemorySink } from '../sink.js';
import { installErrorHandling } from '../../server/error-handler.js';
import type { ServerMetrics } from '../../server/metrics.js';
import { createMetrics } from '../../server/metrics.js';
import { zodValidatorCompiler } from '../../server/validation.js';
import type { PrometheusRoutesOptions } from './remote-write-routes.js';
import { prometheusRoutes } from './remote-write-routes.js';

export interface RemoteWriteTestApp {
  app: FastifyInstance;
  sink: MemorySink;
  metrics: ServerMetrics;
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
