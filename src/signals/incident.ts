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
  /** What its alerts say is wrong (latency, errors, log errors, an alert's name), in the order they came: the title names them. */
  problems: z.array(z.string()).optional(),
});
export type Incident = z.infer<typeof incidentSchema>;

/** What happened to an incident: every write of the correlate stage that a responder would want to hear of. */
export const IncidentChangeKind = {
  /** A firing alert opened a new incident. */
  opened: 'opened',
  /** A firing alert joined an open incident it was not part of. */
  alertJoined: 'alert-joined',
  /** An alert of the incident fired again after it had resolved. */
  alertRefired: 'alert-refired',
  /** An alert of the incident resolved while others still fire. */
  alertResolved: 'alert-resolved',
  /** The incident's severity rose. */
  escalated: 'escalated',
  /** The last firing alert resolved. */
  resolved: 'resolved',
  /** A change (deploy, config) of one of its entities landed on its timeline. */
  context: 'context',
} as const;
export type IncidentChangeKind = (typeof IncidentChangeKind)[keyof typeof IncidentChangeKind];

export const incidentChangeSchema = z.object({
  /** Stable per event and incident: a consumer applies each change once by it, even when delivered twice. */
  id: z.string().min(1),
  kind: z.enum(['opened', 'alert-joined', 'alert-refired', 'alert-resolved', 'escalated', 'resolved', 'context']),
  /** Event time of the change. */
  time: timeMsSchema,
  /** The event that caused it, and the alert it was about (null for a change event). */
  eventId: z.string().min(1),
  alertFingerprint: z.string().nullable(),
  /** The incident as written by the change. */
  incident: incidentSchema,
});
export type IncidentChange = z.infer<typeof incidentChangeSchema>;
