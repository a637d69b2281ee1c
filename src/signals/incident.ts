/** Incident: alerts and anomalies grouped as one problem, with its timeline and analysis. */
import { z } from 'zod';
import { severitySchema } from './severity.js';
import { timeMsSchema } from './time.js';

export const IncidentStatus = {
  open: 'open',
  resolved: 'resolved',
} as const;
export type IncidentStatus = (typeof IncidentStatus)[keyof typeof IncidentStatus];

export const timelineEntrySchema = z.object({
  time: timeMsSchema,
  kind: z.enum(['alert-firing', 'alert-resolved', 'anomaly', 'change', 'status', 'note']),
  text: z.string(),
  ref: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const rootCauseCandidateSchema = z.object({
  entityId: z.string(),
  score: z.number(),
  evidence: z.array(z.string()),
});

export const incidentSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['open', 'resolved']),
  severity: severitySchema,
  title: z.string(),
  entities: z.array(z.string()),
  startedAt: timeMsSchema,
  lastActivityAt: timeMsSchema,
  resolvedAt: timeMsSchema.nullable(),
  alertCount: z.number().int().min(0),
  firingCount: z.number().int().min(0),
  /** Filled by the analyze stage; empty until it has run. */
  rootCauses: z.array(rootCauseCandidateSchema),
});
export type Incident = z.infer<typeof incidentSchema>;
