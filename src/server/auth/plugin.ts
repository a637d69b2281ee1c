/**
 * Authentication and authorisation for every route: a Bearer token (or the password of Basic auth,
 * for tools that only speak that) checked against the stored hashes, then the route's access level.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role, Store, TokenRecord } from '../../store/index.js';
import { OpsightError } from '../../http/errors.js';
import type { Access } from './access.js';
import { accessOf, roleAllows } from './access.js';
import { hashToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: { id: string; name: string; role: Role };
  }
}

export interface AuthOptions {
  store: Store;
  /** Serve without tokens: every request acts as admin. */
  open: boolean;
}

const TOUCH_INTERVAL_MS = 60_000;

/** The principal of every request in open mode. */
export const OPEN_PRINCIPAL_ID = 'open';

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return undefined;
}

async function authenticate(store: Store, token: string): Promise<TokenRecord | undefined> {
  const record = await store.tokens.findByHash(hashToken(token));
  if (record === undefined || record.revokedAt !== null) return undefined;
  const now = Date.now();
  if (record.lastUsedAt === null || now - record.lastUsedAt > TOUCH_INTERVAL_MS) await store.tokens.touch(record.id, now);
  return record;
}

function authPlugin(app: FastifyInstance, options: AuthOptions): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const access = request.is404 ? 'any' : accessOf(request.routeOptions.config);
    if (access === 'public') return;
    if (options.open) {
      request.principal = { id: OPEN_PRINCIPAL_ID, name: 'open mode', role: 'admin' };
      return;
    }
    const token = presentedToken(request);
    if (token === undefined || token === '') throw new OpsightError('OPS_ERR_UNAUTHENTICATED', 'an API token is required: send "Authorization: Bearer <token>"');
    const record = await authenticate(options.store, token);
    if (record === undefined) throw new OpsightError('OPS_ERR_UNAUTHENTICATED', 'the API token is unknown or revoked');
    if (!roleAllows(record.role, access)) {
      throw new OpsightError('OPS_ERR_FORBIDDEN', `a ${record.role} token cannot use this endpoint (needs ${access} access)`);
    }
    request.principal = { id: record.id, name: record.name, role: record.role };
  });
  return Promise.resolve();
}

export const auth = fp(authPlugin, { name: 'opsight-auth' });
