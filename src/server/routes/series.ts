/** The metric series the detectors watch: which still learn their baseline, which may alert, which are evidence only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SeriesInfo } from '../../detect/metric-fleet/index.js';
import { labelsSchema, timeMsSchema } from '../../signals/index.js';
import { errorResponse } from '../../http/errors.js';
import { entityQuery, pageResponse, pagingQuery, timedResource } from './common.js';

const SERIES_STATES = ['learning', 'watching', 'evidence-only'] as const;

const seriesSchema = timedResource(z.object({
  key: z.string().describe('Metric name and labels'),
  entityId: z.string(),
  metric: z.string(),
  labels: labelsSchema,
  signalClass: z.enum(['errors', 'latency', 'traffic', 'saturation', 'behaviour', 'runtime', 'other']).describe('What the series is, from its name and labels; decides the direction that alerts and the severity'),
  points: z.number().int().describe('Points learned, backfilled ones included'),
  warmup: z.number().int().describe('Points needed before the series may alert'),
  state: z.enum(SERIES_STATES).describe('learning: before warm-up, no alert yet; watching: may alert; evidence-only: its class does not alert (detect.metrics.alertClasses)'),
  alerting: z.boolean().describe('Whether the series is part of a firing MetricAnomaly alert'),
  lastTime: timeMsSchema.nullable(),
  actual: z.number().describe('Last value scored (a counter: its rate per second)'),
  expected: z.number().describe('The value expected for it'),
  sigmas: z.number().describe('Deviation of the last value from expected, in standard deviations'),
}), ['lastTime'], { id: 'Series', description: 'A metric series the detectors watch' });
const seriesPage = pageResponse(seriesSchema, 'Series');

export function seriesRoutes(app: FastifyInstance, options: { series(entityId?: string): SeriesInfo[] }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/series', {
    config: { access: 'read' },
    schema: {
      summary: 'Metric series watched by the detectors, with their warm-up and alerting state, in key order', tags: ['detection'],
      querystring: z.strictObject({
        entity: entityQuery,
        state: z.enum(SERIES_STATES).optional().describe('Only series in this state'),
        ...pagingQuery,
      }),
      response: { 200: seriesPage, 400: errorResponse },
    },
  }, (request) => {
    const { entity, state, limit, offset } = request.query;
    const all = options.series(entity).filter((series) => state === undefined || series.state === state);
    return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
  });
  return Promise.resolve();
}
