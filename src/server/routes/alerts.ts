/** Read access to alerts: a filtered, paged list and one alert by fingerprint. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { OpsightError } from '../../http/errors.js';
import { defined, entityQuery, pagingQuery, severityListQuery, timeRangeQuery } from './common.js';
import { alertPage, alertResource } from './resources.js';
import { errorResponse } from '../../http/errors.js';

export const alertsQuery = z.strictObject({
  status: z.enum(['firing', 'resolved']).optional().describe('Only firing or only resolved alerts'),
  severity: severityListQuery,
  entity: entityQuery,
  incident: z.string().min(1).optional().describe('Only the alerts of this incident id'),
  suppressed: z.enum(['true', 'false']).transform((text) => text === 'true').optional()
    .describe('Only alerts held back from incidents (silenced, inhibited, in maintenance, flapping: `true`) or only the others (`false`)'),
  ...timeRangeQuery,
  ...pagingQuery,
});

export function alertRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/alerts', {
    config: { access: 'read' },
    schema: {
      summary: 'List alert episodes, most recently seen first: an alert that resolved and fired again is listed once per episode, each with its incident. `from`/`to` select the episodes active in that range (RFC 3339 or epoch ms).',
      tags: ['alerts'], querystring: alertsQuery, response: { 200: alertPage, 400: errorResponse },
    },
  }, async (request) => {
    const { status, severity, entity, incident, suppressed, from, to, limit, offset } = request.query;
    const page = await options.store.alerts.list(defined({ status, severity, entityId: entity, incidentId: incident, suppressed, from, to, limit, offset }));
    return { ...page, limit, offset };
  });

  routes.get('/api/v1/alerts/:fingerprint', {
    config: { access: 'read' },
    schema: {
      summary: 'One alert by fingerprint: its latest episode', tags: ['alerts'],
      params: z.object({ fingerprint: z.string().min(1).describe('The alert fingerprint (a hash of its labels, or the dedupKey sent with it)') }), response: { 200: alertResource, 404: errorResponse },
    },
  }, async (request) => {
    const alert = await options.store.alerts.get(request.params.fingerprint);
    if (alert === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no alert with fingerprint ${request.params.fingerprint}`);
    return alert;
  });
  return Promise.resolve();
}
