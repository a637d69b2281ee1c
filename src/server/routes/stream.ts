/**
 * Live updates for the web UI: `GET /api/v1/stream` is a server-sent events stream of incident changes. The
 * browser's EventSource cannot send a token, so the stream takes a one-time ticket (tickets.ts) issued to a
 * token holder by `POST /api/v1/stream/tickets`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { IncidentChange } from '../../signals/index.js';
import { OpsightError, errorResponse } from '../../http/errors.js';
import { roleAllows } from '../auth/access.js';
import type { IncidentFeed } from '../stream/feed.js';
import type { StreamTickets } from '../stream/tickets.js';

const HEARTBEAT_MS = 15_000;
/** A client that reads slower than changes come is dropped past this much unsent; its EventSource reconnects and reloads. */
const MAX_UNSENT_BYTES = 1024 * 1024;

const ticketSchema = z.object({
  ticket: z.string().describe('Opens one stream, once: `GET /api/v1/stream?ticket=...`'),
  expiresAt: z.number().int().describe('Epoch milliseconds after which the ticket is refused'),
}).meta({ id: 'StreamTicket' });

function frame(change: IncidentChange): string {
  const data = { id: change.id, kind: change.kind, time: change.time, incident: change.incident };
  return `id: ${change.id}\nevent: incident\ndata: ${JSON.stringify(data)}\n\n`;
}

export function streamRoutes(app: FastifyInstance, options: { feed: IncidentFeed; tickets: StreamTickets }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const open = new Set<ServerResponse>();
  // A stream never goes idle, so closing the server ends them.
  app.addHook('onClose', (_app, done) => {
    for (const response of open) response.end();
    done();
  });

  routes.post('/api/v1/stream/tickets', {
    config: { access: 'read' },
    schema: { summary: 'A one-time ticket for the incident stream (valid 30 s)', tags: ['stream'], body: z.strictObject({}).optional(), response: { 201: ticketSchema } },
  }, async (request, reply) => {
    const principal = request.principal ?? { id: 'unknown', name: 'unknown', role: 'viewer' as const };
    return reply.code(201).send(options.tickets.issue(principal));
  });

  routes.get('/api/v1/stream', {
    config: { access: 'public' }, // the ticket is the credential
    schema: {
      summary: 'Server-sent events: every incident change (`event: incident`, data `{id, kind, time, incident}`)', tags: ['stream'],
      querystring: z.strictObject({ ticket: z.string().min(1).describe('From `POST /api/v1/stream/tickets`') }),
      response: { 401: errorResponse, 403: errorResponse },
    },
  }, (request, reply) => {
    const principal = options.tickets.redeem(request.query.ticket);
    if (principal === undefined) throw new OpsightError('OPS_ERR_UNAUTHENTICATED', 'the stream ticket is unknown, used or expired: ask POST /api/v1/stream/tickets for a new one');
    if (!roleAllows(principal.role, 'read')) throw new OpsightError('OPS_ERR_FORBIDDEN', `a ${principal.role} token cannot read incidents`);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    open.add(response);
    const send = (text: string) => {
      if (response.writableLength > MAX_UNSENT_BYTES) response.destroy();
      else response.write(text);
    };
    const stop = options.feed.listen((change) => send(frame(change)));
    const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    response.on('close', () => {
      stop();
      clearInterval(heartbeat);
      open.delete(response);
    });
  });
  return Promise.resolve();
}
