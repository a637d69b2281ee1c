/** Span: one operation of a distributed trace. */
import { z } from 'zod';
import { attributesSchema } from './labels.js';
import { timeMsSchema } from './time.js';

export const spanSchema = z.object({
  traceId: z.string().regex(/^[0-9a-f]{32}$/, 'trace id must be 32 lowercase hex digits'),
  spanId: z.string().regex(/^[0-9a-f]{16}$/, 'span id must be 16 lowercase hex digits'),
  parentSpanId: z.string().regex(/^[0-9a-f]{16}$/).optional(),
  entityId: z.string().min(1),
  service: z.string().min(1),
  operation: z.string(),
  kind: z.enum(['internal', 'server', 'client', 'producer', 'consumer']),
  start: timeMsSchema,
  end: timeMsSchema,
  status: z.enum(['unset', 'ok', 'error']),
  attributes: attributesSchema,
});
export type Span = z.infer<typeof spanSchema>;
