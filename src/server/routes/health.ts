/** Liveness, readiness and the process's own metrics: the only routes that need no token. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/index.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';

export interface HealthOptions {
  store: Store;
  metrics: OpsightMetrics;
  /** True once the pipeline consumes the bus. */
  isReady(): boolean;
  /** Serving without tokens: said in /readyz so nobody mistakes an open server for a secured one. */
  openAuth: boolean;
}

export function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const config = { access: 'public' as const };
  app.get('/healthz', { config, schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { config, schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, string> = { pipeline: options.isReady() ? 'ok' : 'starting' };
    try {
      await options.store.ping();
      checks.store = 'ok';
    } catch (error) {
      checks.store = `unreachable: ${(error as Error).message}`;
    }
    const ready = Object.values(checks).every((check) => check === 'ok');
    const auth = options.openAuth ? 'open: no API tokens are checked, anyone who reaches this port is admin' : 'tokens';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', auth, checks });
  });
  app.get('/metrics', { config, schema: { hide: true } }, async (_request, reply) => {
    const text = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(text);
  });
  return Promise.resolve();
}
