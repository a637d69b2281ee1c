/** Liveness, readiness and the process's own metrics: the only routes that need no token. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
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

const liveness = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });
const readiness = z.object({
  status: z.enum(['ready', 'not ready']),
  auth: z.string().describe('`tokens`, or a warning that the server is open and checks no token'),
  checks: z.record(z.string(), z.string()).describe('Each check (`pipeline`, `store`): `ok`, or what is wrong'),
}).meta({ id: 'Readiness' });
const metricsText = { description: "opsight's own metrics, in the Prometheus text format", content: { 'text/plain': { schema: z.string() } } };

export function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'public' as const };
  routes.get('/healthz', { config, schema: { summary: 'Liveness: the process answers', tags: ['health'], response: { 200: liveness } } }, () => ({ status: 'ok' as const }));
  routes.get('/readyz', {
    config,
    schema: { summary: 'Readiness: 200 when the store answers and the pipeline runs, else 503', tags: ['health'], response: { 200: readiness, 503: readiness } },
  }, async (_request, reply) => {
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
  routes.get('/metrics', { config, schema: { summary: "opsight's own metrics", tags: ['health'], response: { 200: metricsText } } }, async (_request, reply) => {
    const text = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(text);
  });
  return Promise.resolve();
}
