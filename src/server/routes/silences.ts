/**
 * Silences, as Alertmanager's v2 API has them: create, list (by state), read, and expire by DELETE. Writes go
 * through the store, then tell the correlate stage to read silences again.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { OpsightError, errorResponse, validationError } from '../../http/errors.js';
import { timestampField } from '../../ingest/timestamps.js';
import type { Silence } from '../../suppress/index.js';
import { SilenceState, expireSilence, matcherField, matchesEmpty, silenceSchema, silenceState } from '../../suppress/index.js';
import { pageResponse, pagingQuery, timedResource } from './common.js';

/** What creating a silence or a maintenance window takes as matchers: text or v2 objects, at least one that does not match an empty label. */
export const matchersBody = z.array(matcherField).min(1).max(100).refine((matchers) => matchers.some((matcher) => !matchesEmpty(matcher)),
  'at least one matcher must not match an alert that lacks its label (matchers that all match "" would hold back every alert)')
  .describe('Matchers as text (`service=~"cart|checkout"`, `severity!=info`) or as objects `{name, value, isRegex, isEqual}`; regexes are fully anchored');

/** Who created it: `createdBy` as sent, else the name of the token used. */
export const createdByBody = z.string().trim().min(1).max(200).optional().describe('Who created it; defaults to the name of the API token');

const silenceBody = z.strictObject({
  matchers: matchersBody,
  startsAt: timestampField.optional().describe('RFC 3339 or epoch ms; defaults to now'),
  endsAt: timestampField.describe('RFC 3339 or epoch ms; after startsAt and in the future'),
  createdBy: createdByBody,
  comment: z.string().trim().min(1).max(2000).describe('Why, as Alertmanager requires'),
});

const silenceView = timedResource(silenceSchema.extend({ state: z.enum(['pending', 'active', 'expired']) }), ['startsAt', 'endsAt', 'createdAt', 'updatedAt'], {
  id: 'Silence', description: 'Matchers and a time range: matching alerts are held back from incidents while it is active',
});
const idParams = z.object({ id: z.string().min(1).max(100).describe('The silence id') });

/** The time problems of a new silence at wall time `now`, with the path of each. */
function timeProblems(startsAt: number, endsAt: number, now: number): { path: string[]; message: string }[] {
  if (endsAt <= startsAt) return [{ path: ['endsAt'], message: 'must be after startsAt' }];
  if (endsAt <= now) return [{ path: ['endsAt'], message: 'is in the past: a silence must end in the future' }];
  return [];
}

export function silenceRoutes(app: FastifyInstance, options: { store: Store; changed(): void }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const view = (silence: Silence) => ({ ...silence, state: silenceState(silence, Date.now()) });

  routes.post('/api/v1/silences', {
    config: { access: 'respond' },
    schema: { summary: 'Create a silence: alerts it matches are kept and shown, but open or join no incident while it is active', tags: ['silences'], body: silenceBody, response: { 201: silenceView, 400: errorResponse } },
  }, async (request, reply) => {
    const now = Date.now();
    const { matchers, startsAt = now, endsAt, createdBy, comment } = request.body;
    const problems = timeProblems(startsAt, endsAt, now);
    if (problems.length > 0) throw validationError('body', problems);
    const silence: Silence = { id: randomUUID(), matchers, startsAt, endsAt, createdBy: createdBy ?? request.principal?.name ?? 'unknown', comment, createdAt: now, updatedAt: now };
    await options.store.silences.put(silence);
    options.changed();
    return reply.code(201).send(view(silence));
  });

  routes.get('/api/v1/silences', {
    config: { access: 'read' },
    schema: {
      summary: 'List silences, latest start first', tags: ['silences'],
      querystring: z.strictObject({ state: z.enum([SilenceState.pending, SilenceState.active, SilenceState.expired]).optional().describe('Only pending, active or expired silences'), ...pagingQuery }),
      response: { 200: pageResponse(silenceView, 'Silence'), 400: errorResponse },
    },
  }, async (request) => {
    const { state, limit, offset } = request.query;
    const page = await options.store.silences.list({ ...(state === undefined ? {} : { state }), at: Date.now(), limit, offset });
    return { items: page.items.map(view), total: page.total, limit, offset };
  });

  routes.get('/api/v1/silences/:id', {
    config: { access: 'read' },
    schema: { summary: 'One silence', tags: ['silences'], params: idParams, response: { 200: silenceView, 404: errorResponse } },
  }, async (request) => {
    const silence = await options.store.silences.get(request.params.id);
    if (silence === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no silence ${request.params.id}`);
    return view(silence);
  });

  routes.delete('/api/v1/silences/:id', {
    config: { access: 'respond' },
    schema: { summary: 'Expire a silence now (it is kept, as expired); expiring an expired one changes nothing', tags: ['silences'], params: idParams, response: { 204: z.null(), 404: errorResponse } },
  }, async (request, reply) => {
    const silence = await options.store.silences.get(request.params.id);
    if (silence === undefined) throw new OpsightError('OPS_ERR_NOT_FOUND', `no silence ${request.params.id}`);
    const expired = expireSilence(silence, Date.now());
    if (expired !== silence) {
      await options.store.silences.put(expired);
      options.changed();
    }
    return reply.code(204).send(null);
  });
  return Promise.resolve();
}
