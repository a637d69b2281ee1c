/**
 * Ingest endpoints: the body is validated and normalised, the events are written durably to the
 * bus, and only then does the sender get 202. A rejected request stores nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Event } from '../../signals/index.js';
import { alertmanagerPayloadSchema } from '../../ingest/alertmanager/payload.js';
import { normalizeAlertmanager } from '../../ingest/alertmanager/normalize.js';
import { grafanaPayloadSchema } from '../../ingest/grafana/payload.js';
import { normalizeGrafana } from '../../ingest/grafana/normalize.js';
import { genericEventsBodySchema, parseGenericEventsBody } from '../../ingest/events/payload.js';
import { normalizeGenericEvents } from '../../ingest/events/normalize.js';
import { liveContext } from '../../ingest/normalize-context.js';
import type { SignalSink } from '../../ingest/sink.js';
import { acceptOrThrow } from '../../http/accept.js';
import { toOpsightError } from '../../http/error-handler.js';
import { OpsightError } from '../../http/errors.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import { validateWith } from '../../http/validation.js';
import { errorResponse } from '../../http/errors.js';
import { countRefusal } from '../../http/ingest-refusals.js';

export interface IngestOptions {
  sink: SignalSink;
  metrics: OpsightMetrics;
}

const acceptedResponse = z.object({
  accepted: z.number().int().describe('Events stored durably'), ids: z.array(z.string()).describe('Their ids, in the order sent'),
}).meta({ id: 'Accepted' });
const responses = { 202: acceptedResponse, 400: errorResponse, 413: errorResponse, 429: errorResponse, 503: errorResponse };

const sourceOfRoute: Record<string, string> = {
  '/api/v1/events': 'api', '/api/v1/ingest/alertmanager': 'alertmanager', '/api/v1/ingest/grafana': 'grafana',
};

export function ingestRoutes(app: FastifyInstance, options: IngestOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // Refused before the body is read: parsing and validating what cannot be delivered only deepens the overload.
  app.addHook('onRequest', (request, _reply, done) => {
    const source = sourceOfRoute[request.routeOptions.url ?? ''];
    const wait = source === undefined ? undefined : options.sink.busyFor?.('events');
    if (source === undefined || wait === undefined) {
      done();
      return;
    }
    const refused = new OpsightError('OPS_ERR_OVERLOADED', 'opsight is behind on processing events; retry later');
    refused.retryAfterSeconds = wait;
    done(refused);
  });

  async function accept(source: string, events: Event[]) {
    await acceptOrThrow(options.sink, source, { events });
    return { accepted: events.length, ids: events.map((event) => event.id) };
  }

  routes.post('/api/v1/events', {
    config: { access: 'ingest' },
    schema: {
      summary: 'Post generic events: alerts from any tool, changes (deploys, config) and informational events',
      tags: ['ingest'],
      body: validateWith(genericEventsBodySchema, parseGenericEventsBody),
      response: responses,
    },
  }, async (request, reply) => reply.code(202).send(await accept('api', normalizeGenericEvents(request.body, liveContext()))));

  routes.post('/api/v1/ingest/alertmanager', {
    config: { access: 'ingest' },
    schema: {
      summary: 'Alertmanager webhook receiver (payload version 4)',
      tags: ['ingest'],
      body: alertmanagerPayloadSchema,
      response: responses,
    },
  }, async (request, reply) => reply.code(202).send(await accept('alertmanager', normalizeAlertmanager(request.body, liveContext()))));

  routes.post('/api/v1/ingest/grafana', {
    config: { access: 'ingest' },
    schema: {
      summary: 'Grafana alerting webhook receiver (contact point of type webhook)',
      tags: ['ingest'],
      body: grafanaPayloadSchema,
      response: responses,
    },
  }, async (request, reply) => reply.code(202).send(await accept('grafana', normalizeGrafana(request.body, liveContext()))));

  app.addHook('onError', (request, _reply, error, done) => {
    const source = sourceOfRoute[request.routeOptions.url ?? ''];
    const known = toOpsightError(error, request);
    if (source !== undefined) countRefusal(options.metrics, source, known ?? error, known?.code ?? 'OPS_ERR_INTERNAL');
    done();
  });
  return Promise.resolve();
}
