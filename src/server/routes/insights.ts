/** Insights over a time range (src/insights): alerts in against incidents out, MTTA and MTTR, noisy and flapping alerts. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { insightsFromStore } from '../../insights/gather.js';
import { OpsightError, errorResponse } from '../../http/errors.js';
import { timeRangeQuery } from './common.js';

const WEEK = 7 * 24 * 3_600_000;

const duration = z.object({
  count: z.number().int(), meanMs: z.number().nullable(), medianMs: z.number().nullable(),
}).meta({ id: 'DurationStat', description: 'Durations in ms over `count` incidents' });
const group = z.object({ group: z.string(), incidents: z.number().int(), mtta: duration, mttr: duration }).meta({ id: 'InsightsGroup' });
const noise = z.object({
  fingerprint: z.string(), title: z.string(), entityId: z.string(), reports: z.number().int(), changes: z.number().int(), flapping: z.boolean(),
}).meta({ id: 'AlertNoise' });
const insightsSchema = z.object({
  from: z.number(), to: z.number(),
  alertsIn: z.number().int(), alertReports: z.number().int(), incidentsOut: z.number().int(), compression: z.number().nullable(),
  mtta: duration, mttr: duration, byService: z.array(group), bySeverity: z.array(group), noisiest: z.array(noise), flapping: z.array(noise),
  overTime: z.object({ bucketMs: z.number(), bucketStarts: z.array(z.number()), series: z.array(z.object({ service: z.string(), counts: z.array(z.number()) })) }),
}).meta({ id: 'Insights' });

export function insightsRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/insights', {
    config: { access: 'read' },
    schema: {
      summary: 'Alerts in against incidents out, MTTA and MTTR by service and severity, noisiest and flapping alerts, incidents by service over time',
      tags: ['insights'], querystring: z.strictObject(timeRangeQuery), response: { 200: insightsSchema, 400: errorResponse },
    },
  }, async (request) => {
    const to = request.query.to ?? Date.now();
    const from = request.query.from ?? to - WEEK;
    if (from > to) throw new OpsightError('OPS_ERR_VALIDATION', '`from` is after `to`');
    return insightsFromStore(options.store, from, to);
  });
  return Promise.resolve();
}
