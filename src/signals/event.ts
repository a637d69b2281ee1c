/**
 * Event: something that happened, as any source reports it: an alert from another tool, a
 * deploy or config change, or an informational event. Ingest normalises every source to this.
 */
import { z } from 'zod';
import { labelsSchema } from './labels.js';
import { severitySchema } from './severity.js';
import { timeMsSchema } from './time.js';

export const EventKind = {
  alert: 'alert',
  change: 'change',
  info: 'info',
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

export const AlertStatus = {
  firing: 'firing',
  resolved: 'resolved',
} as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];

export const eventSchema = z.object({
  /** Unique per received event; consumers use it to apply each event once. */
  id: z.string().min(1),
  source: z.string().min(1),
  kind: z.enum(['alert', 'change', 'info']),
  entityId: z.string().min(1),
  severity: severitySchema,
  title: z.string().min(1),
  description: z.string().optional(),
  /** Identifying labels: for alerts, the fingerprint is a hash of these. */
  labels: labelsSchema,
  /** Non-identifying details (summary, runbook URL, ...). */
  annotations: labelsSchema,
  /** Event time: when it happened, by the source's own clock. */
  time: timeMsSchema,
  /** Wall time at which opsight accepted it (informational; stages never use it). */
  receivedAt: timeMsSchema,
  /** Alerts only: firing or resolved. */
  status: z.enum(['firing', 'resolved']).optional(),
  /** Alerts only: when the source says the alert started, and (resolved) ended. */
  startsAt: timeMsSchema.optional(),
  endsAt: timeMsSchema.optional(),
  /** An explicit deduplication key from the sender; replaces the label hash when set. */
  dedupKey: z.string().min(1).optional(),
  /** Link back to the source (Prometheus graph, Grafana panel, CI job). */
  url: z.string().optional(),
});
export type Event = z.infer<typeof eventSchema>;
