/** Token administration (admin only): list, create (the token is shown once) and revoke. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store, TokenRecord } from '../../store/index.js';
import { OPEN_PRINCIPAL_ID } from '../auth/plugin.js';
import { issueToken } from '../auth/tokens.js';
import { OpsightError } from '../../http/errors.js';
import { errorResponse } from '../../http/errors.js';
import { timeMsSchema } from '../../signals/index.js';
import { timedResource } from './common.js';

const OPEN_MODE_TOKEN_WARNING = 'created in open mode by an unauthenticated caller: this token stays valid after tokens are turned on; '
  + 'revoke it (opsight token revoke ID) unless you meant to keep it';

const roleSchema = z.enum(['viewer', 'responder', 'admin', 'ingest']);
type TokenView = Omit<TokenRecord, 'hash'>;

/** A token record without its hash: what the API shows. */
function viewOf({ id, name, role, createdAt, lastUsedAt, revokedAt }: TokenRecord): TokenView {
  return { id, name, role, createdAt, lastUsedAt, revokedAt };
}

const tokenFields = z.object({
  id: z.string(), name: z.string(), role: roleSchema, createdAt: timeMsSchema, lastUsedAt: timeMsSchema.nullable(), revokedAt: timeMsSchema.nullable(),
});
const tokenTimes = ['createdAt', 'lastUsedAt', 'revokedAt'] as const;
const tokenView = timedResource(tokenFields, tokenTimes, { id: 'Token', description: 'An API token, without its secret' });
const tokenList = z.object({ items: z.array(tokenView) }).meta({ id: 'TokenList' });
const createdToken = timedResource(tokenFields.extend({
  token: z.string().describe('The secret, shown this once'),
  warning: z.string().optional().describe('Set when the token was created in open mode by an unauthenticated caller'),
}), tokenTimes, { id: 'CreatedToken' });

export function tokenRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'admin' as const };
  routes.get('/api/v1/tokens', {
    config, schema: { summary: 'List API tokens (never their secret)', tags: ['tokens'], response: { 200: tokenList } },
  }, async () => ({ items: (await options.store.tokens.list()).map(viewOf) }));

  routes.post('/api/v1/tokens', {
    config,
    schema: {
      summary: 'Create an API token; the response is the only time the token is shown', tags: ['tokens'],
      body: z.strictObject({ role: roleSchema, name: z.string().trim().min(1).max(200) }),
      response: { 201: createdToken, 400: errorResponse },
    },
  }, async (request, reply) => {
    const { token, record } = await issueToken(options.store, request.body.role, request.body.name);
    if (request.principal?.id !== OPEN_PRINCIPAL_ID) return reply.code(201).send({ ...viewOf(record), token });
    request.log.warn({ tokenId: record.id, role: record.role }, OPEN_MODE_TOKEN_WARNING);
    return reply.code(201).send({ ...viewOf(record), token, warning: OPEN_MODE_TOKEN_WARNING });
  });

  routes.delete('/api/v1/tokens/:id', {
    config, schema: { summary: 'Revoke a token', tags: ['tokens'], params: z.object({ id: z.string().min(1).describe('The token id (not the token itself)') }), response: { 204: z.null(), 404: errorResponse } },
  }, async (request, reply) => {
    if (!(await options.store.tokens.revoke(request.params.id, Date.now()))) {
      throw new OpsightError('OPS_ERR_NOT_FOUND', `no active token with id ${request.params.id}`);
    }
    return reply.code(204).send(null);
  });
  return Promise.resolve();
}
