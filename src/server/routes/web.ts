/**
 * The web UI: `/` serves the built page (index.html) and `/assets/*` its scripts and styles, which are named by
 * content hash and so cached for good. Public: the page holds no data; it asks the API with the token the person
 * signs in with. When the bundle was not built, `/` says how to build it.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OpsightError } from '../../http/errors.js';

/** Where `npm run build` puts the bundle: `dist/web`, beside `dist/server`. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/** The page runs only its own scripts and talks only to this server; uPlot and cytoscape set inline styles. */
const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
  + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

export function webRoutes(app: FastifyInstance, options: { root: string }): Promise<void> {
  const files = new Map<string, Promise<Buffer>>();
  const load = (name: string) => {
    let file = files.get(name);
    if (file === undefined) {
      file = readFile(join(options.root, name));
      files.set(name, file);
      file.catch(() => files.delete(name)); // a bundle built after start is found on the next request
    }
    return file;
  };
  const send = async (reply: FastifyReply, name: string, cache: string) => {
    const body = await load(name).catch(() => undefined);
    if (body === undefined) return undefined;
    return reply.header('content-type', TYPES[extname(name)] ?? 'application/octet-stream').header('cache-control', cache)
      .header('content-security-policy', PAGE_POLICY).send(body);
  };
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const sent = await send(reply, 'index.html', 'no-cache');
    if (sent === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `the web UI is not built (no ${join(options.root, 'index.html')}): run npm run build`);
    return sent;
  });
  routes.get('/assets/:name', {
    config: { access: 'public' }, schema: { hide: true, params: z.object({ name: z.string().regex(/^[\w.-]+$/) }) },
  }, async (request, reply) => {
    const sent = await send(reply, `assets/${request.params.name}`, 'public, max-age=31536000, immutable');
    if (sent === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no web asset ${request.params.name}`);
    return sent;
  });
  return Promise.resolve();
}
