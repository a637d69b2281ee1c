/**
 * The generic event schema of `POST /api/v1/events`: alerts from any tool, change events (deploys,
 * config changes) and informational events. Strict: a misspelt field is an error, not ignored.
 */
import { z } from 'zod';
import { attributesSchema, labelsSchema } from '../../signals/index.js';
import { timestampField } from '../timestamps.js';

const severityWords = ['critical', 'error', 'warning', 'info', 'crit', 'fatal', 'high', 'major', 'warn', 'medium', 'minor', 'low', 'notice', 'debug', 'p1', 'p2', 'p3', 'p4', 'p5'] as const;

export const genericEventSchema = z.strictObject({
  kind: z.enum(['alert', 'change', 'info']).default('alert'),
  title: z.string().trim().min(1, 'title must not be empty').max(1000),
  source: z.string().trim().min(1).max(200).default('api'),
  severity: z.enum(severityWords, { error: `severity must be one of ${severityWords.join(', ')}` }).optional(),
  description: z.string().max(100_000).optional(),
  /** The entity as `kind:name` (service:checkout, host:db-1) or a bare service name. */
  entity: z.string().trim().min(1).max(500).optional(),
  /** Resource attributes (service.name, host.name, k8s.pod.name, ...) to resolve the entity from. */
  resource: attributesSchema.optional(),
  labels: labelsSchema.default({}),
  annotations: labelsSchema.default({}),
  /** When it happened; defaults to the time of receipt. */
  time: timestampField.optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  startsAt: timestampField.optional(),
  endsAt: timestampField.optional(),
  dedupKey: z.string().min(1).max(500).optional(),
  url: z.url().optional(),
});
export type GenericEvent = z.infer<typeof genericEventSchema>;

const eventListSchema = z.array(genericEventSchema).min(1, 'no events given').max(10_000);
const wrappedEventsSchema = z.strictObject({ events: eventListSchema });

/** One event, a JSON array of events, or `{ "events": [...] }` (documented as this union). */
export const genericEventsBodySchema = z.union([eventListSchema, wrappedEventsSchema, genericEventSchema]);
export type GenericEventsBody = z.infer<typeof genericEventsBodySchema>;

/**
 * Validates a body against the one shape it has, so errors name the real field instead of
 * listing every alternative of the union.
 */
export function parseGenericEventsBody(body: unknown) {
  if (Array.isArray(body)) return eventListSchema.safeParse(body);
  if (typeof body === 'object' && body !== null && 'events' in body) return wrappedEventsSchema.safeParse(body);
  return genericEventSchema.safeParse(body);
}
