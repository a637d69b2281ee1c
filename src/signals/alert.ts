/** Alert: a deduplicated problem report, keyed by fingerprint, firing or resolved. */
import { z } from 'zod';
import { labelsSchema } from './labels.js';
import { severitySchema } from './severity.js';
import { timeMsSchema } from './time.js';

/** Why an alert joined its incident: the reason in words, how strong the evidence was, and what it is related to. */
export const correlationSchema = z.object({
  reason: z.string().min(1),
  /** 1 for the alert that opened the incident or one of the same entity; less the further the relation. */
  score: z.number().min(0).max(1),
  /** The entity of the incident the alert is related to, or null for the alert that opened it. */
  relatedTo: z.string().nullable(),
});
export type Correlation = z.infer<typeof correlationSchema>;

export const alertSchema = z.object({
  fingerprint: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  severity: severitySchema,
  entityId: z.string().min(1),
  source: z.string().min(1),
  title: z.string().min(1),
  labels: labelsSchema,
  annotations: labelsSchema,
  /** Event time of the first report ever received for this fingerprint. */
  firstSeen: timeMsSchema,
  /** Latest event time reported for it. */
  lastSeen: timeMsSchema,
  /** Start of the current firing episode. */
  activeSince: timeMsSchema,
  resolvedAt: timeMsSchema.nullable(),
  /** Reports received (firing notifications and repeats), resolutions excluded. */
  count: z.number().int().min(1),
  incidentId: z.string().nullable(),
  url: z.string().nullable(),
  /** Why the alert is in its incident (absent until it joins one). */
  correlation: correlationSchema.optional(),
});
export type Alert = z.infer<typeof alertSchema>;
