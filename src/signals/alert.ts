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

/** Why an alert is held back from incidents: silenced, inhibited, in a maintenance window, or flapping. */
export const suppressionSchema = z.object({
  kind: z.enum(['silence', 'inhibition', 'maintenance', 'flapping']),
  /** The silence id, the inhibition rule (`correlate.inhibit[0]`), the maintenance window id, or `correlate.flapping`. */
  by: z.string().min(1),
  reason: z.string().min(1),
});
export type Suppression = z.infer<typeof suppressionSchema>;

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
  /** Why the alert is held back from incidents at its latest report, or null; it is stored and shown either way. */
  suppressed: suppressionSchema.nullable().optional(),
  /** Event times (epoch ms) of its latest state changes, as many as flapping detection looks at. */
  recentChanges: z.array(timeMsSchema).optional(),
});
export type Alert = z.infer<typeof alertSchema>;
