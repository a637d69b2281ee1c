/** The metric series the detectors watch: which still learn their baseline, which may alert, which are evidence only. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SeriesInfo, SeriesPoints, SeriesPointsQuery } from '../../detect/metric-fleet/index.js';
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

const pointSchema = timedResource(z.object({
  time: timeMsSchema,
  actual: z.number().nullable().describe('Value scored (a counter: its rate per second), to 7 significant digits; null where single precision cannot hold it (beyond ±3.4e38)'),
  expected: z.number().nullable().describe('The value expected for it'),
  lower: z.number().nullable().describe('Lower edge of the band: inside the band a point scores below 0.5'),
  upper: z.number().nullable().describe('Upper edge of the band'),
  anomalous: z.boolean().describe('Whether the score reached detect.metrics.open: an anomaly'),
}), ['time'], { id: 'SeriesPoint', description: 'A point as the detector scored it, with the band it expected' });
const seriesPointsSchema = z.object({
  key: z.string().describe('Metric name and labels'),
  entityId: z.string(),
  metric: z.string(),
  labels: labelsSchema,
  capacity: z.number().int().describe('Most points kept (detect.metrics.recentPoints)'),
  bytes: z.number().int().describe('Memory the points of the series take'),
  points: z.array(pointSchema).describe('Oldest first'),
}).meta({ id: 'SeriesPoints', description: "A series' recent points, in memory only: after a restart they fill again" });

const pointsQuery = z.strictObject({
  key: z.string().min(1).optional().describe('A series key, as `GET /api/v1/series` and anomalies (`subject`) give it'),
  entity: entityQuery,
  metric: z.string().min(1).optional().describe('With `entity`: the series of this metric on it'),
}).superRefine((query, ctx) => {
  const byName = query.entity !== undefined || query.metric !== undefined;
  if (query.key !== undefined && byName) ctx.addIssue({ code: 'custom', path: ['key'], message: 'give key, or entity and metric, not both' });
  else if (query.key === undefined && (query.entity === undefined || query.metric === undefined)) {
    ctx.addIssue({ code: 'custom', path: [query.entity === undefined ? 'entity' : 'metric'], message: 'give key, or entity and metric' });
  }
});

export function seriesRoutes(app: FastifyInstance, options: { series(entityId?: string): SeriesInfo[]; points(query: SeriesPointsQuery): SeriesPoints[] }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/series/points', {
    config: { access: 'read' },
    schema: {
      summary: 'The recent points of a series (or of the series of one metric on an entity) with the band the detector expected, for charts', tags: ['detection'],
      querystring: pointsQuery,
      response: { 200: z.object({ items: z.array(seriesPointsSchema).describe('None when no such series is watched') }).meta({ id: 'SeriesPointsList' }), 400: errorResponse },
    },
  }, (request) => {
    const { key, entity, metric } = request.query;
    return { items: options.points(key !== undefined ? { key } : { entityId: entity ?? '', metric: metric ?? '' }) };
  });
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
