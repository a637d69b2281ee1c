/**
 * Incidents: a filtered, paged list and one incident with its alerts, comments and timeline (read access), and
 * responders' actions on one (respond access), applied by the correlate stage so their changes are published as
 * grouping's are.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import type { Incident } from '../../signals/index.js';
import type { Action } from '../../correlate/actions.js';
import type { ActionResult } from '../../correlate/respond.js';
import { OpsightError } from '../../http/errors.js';
import { defined, entityQuery, pagingQuery, severityListQuery, timeRangeQuery } from './common.js';
import { incidentDetail, incidentPage } from './resources.js';
import { errorResponse } from '../../http/errors.js';

const incidentsQuery = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'resolved', 'reopened', 'merged']).optional().describe('Only incidents of this status'),
  severity: severityListQuery,
  entity: entityQuery,
  q: z.string().trim().min(1).max(200).optional().describe('Only incidents whose title or id contains this text (case-insensitive)'),
  ...timeRangeQuery,
  ...pagingQuery,
});

/** Most alerts shown with one incident; the full list pages through `GET /api/v1/alerts?incident=ID`. */
const ALERTS_PER_INCIDENT = 500;

/** Applies a responder's action on an incident, by the token name `by`. */
export type IncidentActions = (incidentId: string, action: Action, by: string) => Promise<ActionResult>;

const idParams = z.object({ id: z.string().min(1).describe('The incident id (`inc_...`)') });

/** Each action: its path, what it does, its body, and the action it makes of the body. */
const actions = [
  { name: 'acknowledge', summary: 'Acknowledge an active incident: someone is on it', body: z.strictObject({}), action: (): Action => ({ kind: 'acknowledge' }) },
  { name: 'resolve', summary: 'Resolve an incident by hand, firing alerts or not', body: z.strictObject({}), action: (): Action => ({ kind: 'resolve' }) },
  { name: 'reopen', summary: 'Reopen a resolved incident; it stays active until resolved again', body: z.strictObject({}), action: (): Action => ({ kind: 'reopen' }) },
  {
    name: 'assign', summary: 'Assign the incident to someone (null unassigns)',
    body: z.strictObject({ assignee: z.string().trim().min(1).max(200).nullable().describe('Who owns the incident now') }),
    action: (body: { assignee: string | null }): Action => ({ kind: 'assign', assignee: body.assignee }),
  },
  {
    name: 'comments', summary: 'Comment on the incident', created: true,
    body: z.strictObject({ text: z.string().trim().min(1).max(10_000).describe('The comment') }),
    action: (body: { text: string }): Action => ({ kind: 'comment', text: body.text }),
  },
  {
    name: 'root-cause', summary: 'Confirm or reject a root cause (a candidate or an entity of the incident): later rankings of similar incidents weigh it',
    body: z.strictObject({
      entityId: z.string().trim().min(1).max(500).describe('The entity judged: one of the incident\'s root cause candidates or entities'),
      confirmed: z.boolean().describe('true: it is the root cause; false: it is not'),
    }),
    action: (body: { entityId: string; confirmed: boolean }): Action => ({ kind: 'root-cause', entityId: body.entityId, confirmed: body.confirmed }),
  },
  {
    name: 'merge', summary: 'Merge other incidents into this one: it takes in their alerts, and grouping remembers their kinds of alert belong together',
    body: z.strictObject({ incidents: z.array(z.string().min(1)).min(1).max(100).describe('Ids of the incidents merged into this one') }),
    action: (body: { incidents: string[] }): Action => ({ kind: 'merge', incidents: body.incidents }),
  },
  {
    name: 'split', summary: 'Move alerts of this incident into a new one (the response), and remember their kinds of alert do not belong with the rest', created: true,
    body: z.strictObject({ alerts: z.array(z.string().min(1)).min(1).max(1000).describe('Fingerprints of the alerts moved') }),
    action: (body: { alerts: string[] }): Action => ({ kind: 'split', alerts: body.alerts }),
  },
] as const;

async function detailOf(store: Store, incident: Incident) {
  const [alerts, timeline] = await Promise.all([
    store.alerts.list({ incidentId: incident.id, limit: ALERTS_PER_INCIDENT, offset: 0 }),
    store.incidents.timeline(incident.id),
  ]);
  const comments = timeline.filter((entry) => entry.kind === 'comment').map((entry) => ({ time: entry.time, by: entry.by ?? '', text: entry.text }));
  return { ...incident, alerts: alerts.items, comments, timeline };
}

export function incidentRoutes(app: FastifyInstance, options: { store: Store; act: IncidentActions }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/v1/incidents', {
    config: { access: 'read' },
    schema: {
      summary: 'List incidents, most recently active first', tags: ['incidents'],
      querystring: incidentsQuery, response: { 200: incidentPage, 400: errorResponse },
    },
  }, async (request) => {
    const { status, severity, entity, q, from, to, limit, offset } = request.query;
    const page = await options.store.incidents.list(defined({ status, severity, entityId: entity, text: q, from, to, limit, offset }));
    return { ...page, limit, offset };
  });

  routes.get('/api/v1/incidents/:id', {
    config: { access: 'read' },
    schema: {
      summary: 'One incident with its status, alerts, comments and timeline', tags: ['incidents'],
      params: idParams, response: { 200: incidentDetail, 404: errorResponse },
    },
  }, async (request) => {
    const incident = await options.store.incidents.get(request.params.id);
    if (incident === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no incident ${request.params.id}`);
    return detailOf(options.store, incident);
  });

  for (const { name, summary, body, action, ...rest } of actions) {
    const status = 'created' in rest ? 201 : 200;
    routes.post(`/api/v1/incidents/:id/${name}`, {
      config: { access: 'respond' },
      schema: {
        summary, tags: ['incidents'], params: idParams, body,
        response: { [status]: incidentDetail, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    }, async (request, reply) => {
      const result = await options.act(request.params.id, action(request.body as never), request.principal?.name ?? 'unknown');
      return reply.code(status).send(await detailOf(options.store, result.incident));
    });
  }
  return Promise.resolve();
}
