/** zod fields for timestamps as senders write them, turned into epoch milliseconds with a clear error. */
import { z } from 'zod';
import { parseTime } from '../signals/index.js';

/** RFC 3339 text or epoch milliseconds, within 2000..2200. */
export const timestampField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseTime(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a valid timestamp (RFC 3339 or epoch milliseconds between 2000 and 2200): ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

/** Go's zero time (0001-01-01T00:00:00Z), which Alertmanager sends for "not set". */
const goZeroTime = /^0001-01-01T00:00:00(\.0+)?Z$/;

/** Like timestampField, but Go's zero time means "not set" and becomes undefined. */
export const optionalGoTimestampField = z.string().transform((value, ctx) => {
  if (goZeroTime.test(value)) return undefined;
  const ms = parseTime(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a valid RFC 3339 timestamp between 2000 and 2200: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
