/**
 * Maintenance windows: matchers and a one-off or weekly time range during which matching alerts open no
 * incident. Create, list, read and delete; writes go through the store, then tell the correlate stage.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { OpsightError, errorResponse } from '../../http/errors.js';
import { timestampField } from '../../ingest/timestamps.js';
import type { MaintenanceWindow } from '../../suppress/index.js';
import { inWindow, maintenanceWindowSchema, recurrenceSchema } from '../../suppress/index.js';
import { pageResponse, pagingQuery, timedResource } from './common.js';
import { createdByBody, matchersBody } from './silences.js';

const windowBody = z.strictObject({
  matchers: matchersBody,
  startsAt: timestampField.optional().describe('Start of a one-off window, or from when a recurring one applies (RFC 3339 or epoch ms)'),
  endsAt: timestampField.optional().describe('End of a one-off window, or until when a recurring one applies'),
  recurrence: recurrenceSchema.optional().describe('Weekly occurrences: `{weekdays: ["sat","sun"], start: "02:00", duration: "2h", timeZone: "Europe/Berlin"}`'),
  createdBy: createdByBody,
  comment: z.string().trim().max(2000).default('').describe('What the maintenance is'),
}).superRefine((body, ctx) => {
  if (body.recurrence === undefined) {
    for (const key of ['startsAt', 'endsAt'] as const) {
      if (body[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'a window without recurrence needs startsAt and endsAt' });
    }
  }
  if (body.startsAt !== undefined && body.endsAt !== undefined && body.endsAt <= body.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
});

const windowView = timedResource(maintenanceWindowSchema.extend({ active: z.boolean().describe('Whether it holds alerts back now') }), ['startsAt', 'endsAt', 'createdAt'], {
  id: 'MaintenanceWindow', description: 'Matchers and a one-off or weekly time range: matching alerts open no incident during it',
});
const idParams = z.object({ id: z.string().min(1).max(100).describe('The maintenance window id') });

export function maintenanceWindowRoutes(app: FastifyInstance, options: { store: Store; changed(): void }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const view = (window: MaintenanceWindow) => ({ ...window, active: inWindow(window, Date.now()) });

  routes.post('/api/v1/maintenance-windows', {
    config: { access: 'respond' },
    schema: { summary: 'Create a maintenance window: alerts it matches are kept and shown, but open or join no incident during it', tags: ['maintenance'], body: windowBody, response: { 201: windowView, 400: errorResponse } },
  }, async (request, reply) => {
    const { matchers, startsAt, endsAt, recurrence, createdBy, comment } = request.body;
    const window: MaintenanceWindow = {
      id: randomUUID(), matchers, startsAt: startsAt ?? null, endsAt: endsAt ?? null, recurrence: recurrence ?? null,
      createdBy: createdBy ?? request.principal?.name ?? 'unknown', comment, createdAt: Date.now(),
    };
    await options.store.maintenanceWindows.insert(window);
    options.changed();
    return reply.code(201).send(view(window));
  });

  routes.get('/api/v1/maintenance-windows', {
    config: { access: 'read' },
    schema: { summary: 'List maintenance windows, latest created first', tags: ['maintenance'], querystring: z.strictObject(pagingQuery), response: { 200: pageResponse(windowView, 'MaintenanceWindow'), 400: errorResponse } },
  }, async (request) => {
    const { limit, offset } = request.query;
    const page = await options.store.maintenanceWindows.list(limit, offset);
    return { items: page.items.map(view), total: page.total, limit, offset };
  });

  routes.get('/api/v1/maintenance-windows/:id', {
    config: { access: 'read' },
    schema: { summary: 'One maintenance window', tags: ['maintenance'], params: idParams, response: { 200: windowView, 404: errorResponse } },
  }, async (request) => {
    const window = await options.store.maintenanceWindows.get(request.params.id);
    if (window === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no maintenance window ${request.params.id}`);
    return view(window);
  });

  routes.delete('/api/v1/maintenance-windows/:id', {
    config: { access: 'respond' },
    schema: { summary: 'Delete a maintenance window', tags: ['maintenance'], params: idParams, response: { 204: z.null(), 404: errorResponse } },
  }, async (request, reply) => {
    if (!(await options.store.maintenanceWindows.delete(request.params.id))) throw new OpsightError('OPS_ERR_NOT_FOUND', `no maintenance window ${request.params.id}`);
    options.changed();
    return reply.code(204).send(null);
  });
  return Promise.resolve();
}
