/** Schemas shared by the API's routes: paging, time-range queries, error and page responses. */
import { z } from 'zod';
import { severitySchema } from '../../signals/index.js';
import { timestampField } from '../../ingest/timestamps.js';

export const pagingQuery = {
  /** @default 100 */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** @default 0 */
  offset: z.coerce.number().int().min(0).default(0),
};

/** RFC 3339 or epoch milliseconds, as a query-string value. */
const queryTimestamp = z.string().transform((text) => (/^\d+$/.test(text) ? Number(text) : text)).pipe(timestampField);

export const timeRangeQuery = {
  from: queryTimestamp.optional(),
  to: queryTimestamp.optional(),
};

/** `severity=critical,error`: one or more severities, comma-separated. */
export const severityListQuery = z.string().transform((text) => text.split(',').map((word) => word.trim()))
  .pipe(z.array(severitySchema)).optional();

export function pageResponse<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

/** Drops keys whose value is undefined, so optional filters stay absent. */
export function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
