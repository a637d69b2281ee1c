/** Schemas shared by the API's routes: paging, time-range queries, times and page responses. */
import { z } from 'zod';
import { severitySchema } from '../../signals/index.js';
import { timestampField } from '../../ingest/timestamps.js';

export const pagingQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Most items in the page (1 to 1000)'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip before the page'),
};

/**
 * A time in a response. Stores and stages hold epoch milliseconds; the API writes RFC 3339 in UTC
 * with milliseconds (`2026-05-01T08:00:00.000Z`), as Alertmanager and Grafana do. A codec, because
 * the serializer encodes: the handler returns the number and the codec turns it into text. zod
 * documents a codec by its decoded side (a number), hence the type and format given here.
 */
export const timeField = z.codec(z.iso.datetime({ offset: true }), z.number(), {
  decode: (text) => Date.parse(text),
  encode: (ms) => new Date(ms).toISOString(),
}).meta({ type: 'string', format: 'date-time', example: '2026-05-01T08:00:00.000Z' });

/** RFC 3339 or epoch milliseconds, as a query-string value. */
const queryTimestamp = z.string().transform((text) => (/^\d+$/.test(text) ? Number(text) : text)).pipe(timestampField);

export const timeRangeQuery = {
  from: queryTimestamp.optional().describe('Only what was active at or after this time (RFC 3339 or epoch ms)'),
  to: queryTimestamp.optional().describe('Only what was active at or before this time (RFC 3339 or epoch ms)'),
};

/** `severity=critical,error`: one or more severities, comma-separated. */
export const severityListQuery = z.string().transform((text) => text.split(',').map((word) => word.trim()))
  .pipe(z.array(severitySchema)).optional().describe('One or more of critical, error, warning, info, comma-separated');

/** `?entity=`: the entity a list is about. */
export const entityQuery = z.string().min(1).optional().describe('Only those of this entity id (`service:checkout`, `pod:default/web-1`)');

/** A page of `item`, named `<name>Page` in the OpenAPI document; call once per name. */
export function pageResponse<T extends z.ZodType>(item: T, name: string) {
  return z.object({
    items: z.array(item), total: z.number().int().describe('Items matching the filters, over all pages'), limit: z.number().int(), offset: z.number().int(),
  }).meta({ id: `${name}Page` });
}

/** Drops keys whose value is undefined, so optional filters stay absent. */
export function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
