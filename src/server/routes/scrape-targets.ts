/** The health of the targets opsight scrapes itself, like Prometheus's targets page. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TargetStatus } from '../../ingest/prometheus/index.js';
import { timeMsSchema } from '../../signals/index.js';
import { timedResource } from './common.js';

const targetSchema = timedResource(z.object({
  job: z.string(), url: z.string(), instance: z.string(), health: z.enum(['up', 'down', 'unknown']),
  lastScrape: timeMsSchema.nullable(), lastDurationMs: z.number().nullable(), lastError: z.string().nullable(), samples: z.number().int(),
}), ['lastScrape'], { id: 'ScrapeTarget' });
const targetList = z.object({ items: z.array(targetSchema) }).meta({ id: 'ScrapeTargetList' });

export function scrapeTargetRoutes(app: FastifyInstance, options: { targets(): TargetStatus[] }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/prometheus/targets', {
    config: { access: 'read' },
    schema: { summary: 'Scrape targets with their health, last scrape and last error', tags: ['ingest'], response: { 200: targetList } },
  }, () => ({
    items: options.targets().map((t) => ({ ...t, lastScrape: t.lastScrape ?? null, lastDurationMs: t.lastDurationMs ?? null, lastError: t.lastError ?? null })),
  }));
  return Promise.resolve();
}
