/** Read access to the log templates the miner has learned, per entity, with their counts and example lines. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RATE_BUCKET_MS, type TemplateInfo } from '../../detect/log/index.js';
import { entityQuery, pageResponse, pagingQuery } from './common.js';
import { errorResponse } from '../../http/errors.js';

const templateSchema = z.object({
  entityId: z.string(), id: z.string(), template: z.string(), count: z.number().int(),
  examples: z.array(z.string()).describe(
    'Example lines: the first line seen, then the most recent distinct ones; at most `detect.logs.miner.examples` (3), each at most `detect.logs.miner.exampleChars` (500) characters, a cut one ending in "…"',
  ),
  rate: z.array(z.number().int()).describe('Lines per minute of event time over the entity\'s last 60 minutes of logs, oldest first; in memory only, so empty again after a restart'),
  rateFrom: z.number().int().nullable().describe('Epoch ms (UTC) of the first minute of `rate`: the minute 59 minutes before the entity\'s latest log line; null before any'),
  rateBucketMs: z.number().int().describe('Length of each `rate` bucket in ms (60000)'),
}).meta({ id: 'LogTemplate' });
const templatePage = pageResponse(templateSchema, 'LogTemplate');

/** `ids=T1,T5`: template ids, as log anomalies and their alerts name them. */
const templateIdsQuery = z.string().transform((text) => text.split(',').map((id) => id.trim()))
  .pipe(z.array(z.string().min(1, 'a template id is empty')).max(200)).optional()
  .describe('Only the templates these ids name, comma-separated (at most 200); an id merged into another template names the one that absorbed it');

export interface LogTemplateOptions {
  templates(entityId?: string, ids?: readonly string[]): TemplateInfo[];
}

export function logTemplateRoutes(app: FastifyInstance, options: LogTemplateOptions): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/log-templates', {
    config: { access: 'read' },
    schema: {
      summary: 'Log templates learned by the miner, most frequent first', tags: ['logs'],
      querystring: z.strictObject({ entity: entityQuery, ids: templateIdsQuery, ...pagingQuery }),
      response: { 200: templatePage, 400: errorResponse },
    },
  }, (request) => {
    const { entity, ids, limit, offset } = request.query;
    const all = options.templates(entity, ids).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    const items = all.slice(offset, offset + limit).map((template) => ({ ...template, rateBucketMs: RATE_BUCKET_MS }));
    return { items, total: all.length, limit, offset };
  });
  return Promise.resolve();
}
