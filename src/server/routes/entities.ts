/** The entity inventory: every service, host and pod opsight has seen, with when. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { OpsightError } from '../../http/errors.js';
import { pagingQuery } from './common.js';
import { entityPage, entityResource } from './resources.js';
import { documentedAs } from '../openapi.js';
import { errorResponse } from '../../http/errors.js';

const entityId = z.string().describe('The entity id, such as `service:checkout` or `pod:default/web-1`; its `/` may be sent as is or as `%2F`');

export function entityRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/entities', {
    config: { access: 'read' },
    schema: { summary: 'Entities seen in any signal, by id', tags: ['entities'], querystring: z.strictObject(pagingQuery), response: { 200: entityPage, 400: errorResponse } },
  }, async (request) => {
    const { limit, offset } = request.query;
    return { ...(await options.store.entities.list(limit, offset)), limit, offset };
  });
  // Entity ids hold slashes (`pod:default/web-1`): a wildcard takes the rest of the path, so clients need not escape them.
  routes.get('/api/v1/entities/*', {
    config: { access: 'read', swaggerTransform: documentedAs('/api/v1/entities/:id', z.object({ id: entityId })) },
    schema: {
      summary: 'One entity', tags: ['entities'],
      params: z.object({ '*': entityId }),
      response: { 200: entityResource, 404: errorResponse },
    },
  }, async (request) => {
    const id = request.params['*'];
    const entity = await options.store.entities.get(id);
    if (entity === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no entity ${JSON.stringify(id)}`);
    return entity;
  });
  return Promise.resolve();
}
