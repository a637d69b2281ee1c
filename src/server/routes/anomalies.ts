/** Read access to anomalies found by the detectors, newest first, with their evidence. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { anomalySchema } from '../../signals/index.js';
import type { Store } from '../../store/index.js';
import { defined, pageResponse, pagingQuery, timeRangeQuery } from './common.js';
import { errorResponse } from '../../http/errors.js';

const anomaliesQuery = z.strictObject({
  entity: z.string().min(1).optional(),
  detector: z.string().min(1).optional(),
  ...timeRangeQuery,
  ...pagingQuery,
});

export function anomalyRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/anomalies', {
    config: { access: 'read' },
    schema: {
      summary: 'List anomalies (expected value and band, actual value, score, since when, explanation)', tags: ['anomalies'],
      querystring: anomaliesQuery, response: { 200: pageResponse(anomalySchema), 400: errorResponse },
    },
  }, async (request) => {
    const { entity, detector, from, to, limit, offset } = request.query;
    const page = await options.store.anomalies.list(defined({ entityId: entity, detector, from, to, limit, offset }));
    return { ...page, limit, offset };
  });
  return Promise.resolve();
}
