/** Schemas shared by the API's routes: paging, time-range queries, times and page responses. */
import { z } from 'zod';
import { severitySchema } from '../../signals/index.js';
import { timestampField } from '../../ingest/timestamps.js';

export const pagingQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Most items in the page (1 to 1000)'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip before the page'),
};

/** The RFC 3339 twin of a time field: `startedAt` is sent as `startedAt` and `startedAtRfc3339`. */
const TWIN_SUFFIX = 'Rfc3339';
type TwinName<F extends string> = `${F}${typeof TWIN_SUFFIX}`;
/** The type of a twin: a string where its time is a number; null or absent alike. */
type TwinOf<T> = T extends number ? string : T;
type TimeKeys<V> = { [F in keyof V & string]: V[F] extends number | null | undefined ? F : never }[keyof V & string];
type WithTwins<V, K extends keyof V & string> = V & { [F in K as TwinName<F>]: TwinOf<V[F]> };

function twinName<F extends string>(field: F): TwinName<F> {
  return `${field}${TWIN_SUFFIX}`;
}

/** Each time of `resource` followed by its RFC 3339 twin (UTC, ms); a null time has a null twin, an absent one none. */
function withTwins<V extends object, K extends keyof V & string>(resource: V, times: readonly K[]): WithTwins<V, K> {
  const isTime = (key: string): key is K => (times as readonly string[]).includes(key);
  return Object.fromEntries(Object.entries(resource).flatMap(([key, value]) => (isTime(key) && value !== undefined
    ? [[key, value], [twinName(key), value === null ? null : new Date(value as number).toISOString()]]
    : [[key, value]]))) as WithTwins<V, K>;
}

/**
 * A resource the API shows, with times. Stores and stages keep epoch milliseconds and API clients
 * compare them as numbers, so each time stays a number under its name; it gains a twin
 * `<name>Rfc3339` in RFC 3339 (UTC, ms), as Alertmanager and Grafana write times.
 *
 * A codec, because the serializer encodes: the handler returns the resource as stored and the encode
 * adds the twins, so no route can forget them, nested resources included (their own codecs encode
 * them). zod documents a codec by its decoded side; that side lists the twins, optional since the
 * handler never sets them, and `required` says what the encoded side always holds.
 */
export function timedResource<S extends z.ZodObject, K extends TimeKeys<z.output<S>> & TimeKeys<z.input<S>>>(
  resource: S, times: readonly K[], meta: { id: string; description?: string },
) {
  const shape = resource.shape as Record<string, z.ZodType>;
  const fields: Record<string, z.ZodType> = {};
  const alwaysSent = Object.entries(shape).filter(([, field]) => !field.safeParse(undefined).success).map(([name]) => name);
  for (const time of times) {
    const field = shape[time] as z.ZodType;
    const twin = z.string().meta({ format: 'date-time', description: `\`${time}\` in RFC 3339 (UTC, ms)`, example: '2026-05-01T08:00:00.000Z' });
    fields[time] = field.meta({ description: 'Epoch milliseconds (UTC)' });
    fields[twinName(time)] = (field.safeParse(null).success ? twin.nullable() : twin).optional();
    if (alwaysSent.includes(time)) alwaysSent.push(twinName(time));
  }
  type Stored = z.input<S>;
  const stored = resource.extend(fields) as unknown as z.ZodType<z.output<S>, Stored>;
  return z.codec(z.custom<WithTwins<Stored, K>>(), stored, {
    decode: (sent) => sent, // the server only encodes; a decoded resource keeps its twins, which the stored side allows
    encode: (value) => withTwins(value, times),
  }).meta({ ...meta, required: alwaysSent });
}

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
