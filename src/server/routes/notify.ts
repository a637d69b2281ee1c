/**
 * Notifications: every delivery of an incident with its status and attempts, who is on call on a schedule, and
 * the acknowledge and resolve links messages carry. A link needs no API token (its signature and expiry are the
 * credential); GET only shows a button, so a chat tool unfurling the link acts on nothing, and POST acts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OpsightError, errorResponse, validationError } from '../../http/errors.js';
import type { RunningNotify } from '../../notify/stage.js';
import { LinkRefused } from '../../notify/stage.js';
import { timeMsSchema } from '../../signals/index.js';
import { timedResource } from './common.js';
import { timestampField } from '../../ingest/timestamps.js';

export type NotifyApi = Pick<RunningNotify, 'deliveries' | 'onCall' | 'followLink'>;

const deliveryResource = timedResource(z.object({
  id: z.string().describe('The delivery key: incident, receiver (or receiver:person), sequence'),
  incidentId: z.string(),
  receiver: z.string(),
  address: z.string().describe('The receiver, or `receiver:person` for whoever was on call'),
  event: z.enum(['incident.firing', 'incident.updated', 'incident.acknowledged', 'incident.resolved', 'incident.reopened']),
  status: z.enum(['pending', 'delivered', 'failed', 'superseded']).describe('superseded: an update a later transition made pointless, never sent'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  dueAt: timeMsSchema.describe('When it is (next) attempted'),
  createdAt: timeMsSchema,
  updatedAt: timeMsSchema,
}), ['dueAt', 'createdAt', 'updatedAt'], { id: 'NotificationDelivery', description: 'One message to one receiver about an incident' });

const onCallResource = timedResource(z.object({
  schedule: z.string(),
  at: timeMsSchema,
  user: z.string().nullable().describe('Who is on call; null when no rotation has begun'),
  source: z.enum(['rotation', 'override']).nullable(),
  since: timeMsSchema.nullable(),
  until: timeMsSchema.nullable(),
}), ['at', 'since', 'until'], { id: 'OnCall', description: 'Who is on call on a schedule' });

const tokenQuery = z.strictObject({ token: z.string().min(1).max(2000).describe('The signed token of the link') });

const confirmPage = (action: string) => `<!doctype html><html><head><meta charset="utf-8"><title>opsight</title></head>
<body><form method="post"><p>${action === 'resolve' ? 'Resolve' : 'Acknowledge'} this incident?</p><button type="submit">${action === 'resolve' ? 'Resolve' : 'Acknowledge'}</button></form></body></html>`;

export function notifyRoutes(app: FastifyInstance, options: { notify: NotifyApi | undefined }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const notify = () => options.notify ?? (() => { throw new OpsightError('OPS_ERR_NOT_FOUND', 'notifications are not running'); })();
  // A link's form posts an empty urlencoded body; nothing in it is read.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));

  routes.get('/api/v1/notifications', {
    config: { access: 'read' },
    schema: {
      summary: 'Every notification of an incident: receiver, event, status and attempts', tags: ['notifications'],
      querystring: z.strictObject({ incident: z.string().min(1).describe('The incident id') }),
      response: { 200: z.object({ items: z.array(deliveryResource) }).meta({ id: 'NotificationList' }), 400: errorResponse },
    },
  }, async (request) => ({ items: await notify().deliveries(request.query.incident) }));

  routes.get('/api/v1/oncall', {
    config: { access: 'read' },
    schema: {
      summary: 'Who is on call on a schedule, now or at a time', tags: ['notifications'],
      querystring: z.strictObject({
        schedule: z.string().min(1).describe('The schedule name (`notify.schedules[].name`)'),
        at: z.string().transform((text) => (/^\d+$/.test(text) ? Number(text) : text)).pipe(timestampField).optional().describe('RFC 3339 or epoch ms; defaults to now'),
      }),
      response: { 200: onCallResource, 400: errorResponse, 404: errorResponse },
    },
  }, (request) => {
    const { schedule, at = Date.now() } = request.query;
    const onCall = notify().onCall(schedule, at);
    if (onCall === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no schedule ${schedule}`);
    return { schedule, at, user: onCall?.user ?? null, source: onCall?.source ?? null, since: onCall?.since ?? null, until: onCall?.until ?? null };
  });

  routes.get('/api/v1/notify/ack', {
    config: { access: 'public' },
    schema: { summary: 'The page of an acknowledge or resolve link: a button that posts it', tags: ['notifications'], querystring: tokenQuery, produces: ['text/html'] },
  }, async (request, reply) => {
    const action = /"action":"(\w+)"/.exec(Buffer.from(request.query.token.split('.')[0] ?? '', 'base64url').toString('utf8'))?.[1] ?? 'acknowledge';
    return reply.type('text/html; charset=utf-8').send(confirmPage(action));
  });

  routes.post('/api/v1/notify/ack', {
    config: { access: 'public' },
    schema: {
      summary: 'Follow an acknowledge or resolve link: its signature and expiry are checked, then the action applied', tags: ['notifications'],
      querystring: tokenQuery,
      response: { 200: z.object({ incidentId: z.string(), action: z.enum(['acknowledge', 'resolve']), by: z.string() }), 400: errorResponse, 404: errorResponse, 409: errorResponse, 415: errorResponse },
    },
  }, async (request) => {
    try {
      const claims = await notify().followLink(request.query.token);
      return { incidentId: claims.incident, action: claims.action, by: `link:${claims.to}` };
    } catch (error) {
      if (error instanceof LinkRefused) throw validationError('querystring', [{ path: ['token'], message: error.message }]);
      throw error;
    }
  });
  return Promise.resolve();
}
