/** Read access to anomalies found by the detectors, newest first, with their evidence. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { defined, entityQuery, pagingQuery, timeRangeQuery } from './common.js';
import { anomalyPage } from './resources.js';
import { errorResponse } from '../../http/errors.js';

const anomaliesQuery = z.strictObject({
  entity: entityQuery,
  detector: z.string().min(1).optional().describe('Only those of this detector, such as `log.new-template`'),
  ...timeRangeQuery,
  ...pagingQuery,
});

export function anomalyRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/anomalies', {
    config: { access: 'read' },
    schema: {
      summary: 'List anomalies (expected value and band, actual value, score, since when, explanation)', tags: ['anomalies'],
      querystring: anomaliesQuery, response: { 200: anomalyPage, 400: errorResponse },
    },
  }, async (request) => {
    const { entity, detector, from, to, limit, offset } = request.query;
    const page = await options.store.anomalies.list(defined({ entityId: entity, detector, from, to, limit, offset }));
    return { ...page, limit, offset };
  });
  return Promise.resolve();
}
