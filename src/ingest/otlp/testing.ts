/** Test support: a fastify app with only the OTLP plugin and a MemorySink, like the OTLP port. */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { installErrorHandling } from '../../http/error-handler.js';
import { createMetrics } from '../../telemetry/metrics.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import type { SignalSink } from '../sink.js';
import { MemorySink } from '../sink.js';
import { otlpRoutes } from './routes.js';

export interface OtlpTestApp {
  app: FastifyInstance;
  sink: MemorySink;
  metrics: OpsightMetrics;
  /** Content-Type and Content-Encoding of every request received, to check what clients sent. */
  received: string[];
}

export interface OtlpTestOptions {
  bodyLimitBytes?: number;
  maxDecompressedBytes?: number;
  /** Where batches go instead of the MemorySink (benchmarks: a sink that keeps nothing). */
  sinkOverride?: SignalSink;
}

export async function otlpTestApp(options: OtlpTestOptions = {}): Promise<OtlpTestApp> {
  const sink = new MemorySink();
  const metrics = createMetrics();
  const app = Fastify(options.bodyLimitBytes === undefined ? {} : { bodyLimit: options.bodyLimitBytes });
  installErrorHandling(app);
  const received: string[] = [];
  app.addHook('onRequest', (request, _reply, done) => {
    received.push(`${request.headers['content-type'] ?? ''} ${request.headers['content-encoding'] ?? 'identity'}`);
    done();
  });
  const { sinkOverride, ...limits } = options;
  await app.register(otlpRoutes, { sink: sinkOverride ?? sink, metrics, ...limits });
  return { app, sink, metrics, received };
}
