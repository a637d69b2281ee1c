/** Read access to incidents: a filtered, paged list and one incident with its alerts and timeline. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { OpsightError } from '../../http/errors.js';
import { defined, entityQuery, pagingQuery, severityListQuery, timeRangeQuery } from './common.js';
import { incidentDetail, incidentPage } from './resources.js';
import { errorResponse } from '../../http/errors.js';

const incidentsQuery = z.strictObject({
  status: z.enum(['open', 'resolved']).optional().describe('Only open or only resolved incidents'),
  severity: severityListQuery,
  entity: entityQuery,
  ...timeRangeQuery,
  ...pagingQuery,
});

/** Most alerts shown with one incident; the full list pages through `GET /api/v1/alerts?incident=ID`. */
const ALERTS_PER_INCIDENT = 500;

export function incidentRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/incidents', {
    config: { access: 'read' },
    schema: {
      summary: 'List incidents, most recently active first', tags: ['incidents'],
      querystring: incidentsQuery, response: { 200: incidentPage, 400: errorResponse },
    },
  }, async (request) => {
    const { status, severity, entity, from, to, limit, offset } = request.query;
    const page = await options.store.incidents.list(defined({ status, severity, entityId: entity, from, to, limit, offset }));
    return { ...page, limit, offset };
  });

  routes.get('/api/v1/incidents/:id', {
    config: { access: 'read' },
    schema: {
      summary: 'One incident with its alerts and timeline', tags: ['incidents'],
      params: z.object({ id: z.string().min(1).describe('The incident id (`inc_...`)') }), response: { 200: incidentDetail, 404: errorResponse },
    },
  }, async (request) => {
    const incident = await options.store.incidents.get(request.params.id);
    if (incident === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no incident ${request.params.id}`);
    const [alerts, timeline] = await Promise.all([
      options.store.alerts.list({ incidentId: incident.id, limit: ALERTS_PER_INCIDENT, offset: 0 }),
      options.store.incidents.timeline(incident.id),
    ]);
    return { ...incident, alerts: alerts.items, timeline };
  });
  return Promise.resolve();
}
