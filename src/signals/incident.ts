/** Incident: alerts and anomalies grouped as one problem, with its timeline and analysis. */
import { z } from 'zod';
import { severitySchema } from './severity.js';
import { timeMsSchema } from './time.js';

/** open → acknowledged → resolved → reopened (docs/incidents.md); merged when responders merged it into another. */
export const IncidentStatus = {
  open: 'open',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  reopened: 'reopened',
  merged: 'merged',
} as const;
export type IncidentStatus = (typeof IncidentStatus)[keyof typeof IncidentStatus];
const incidentStatuses = ['open', 'acknowledged', 'resolved', 'reopened', 'merged'] as const;

/** Statuses of an incident that alerts still join and that resolves on its own. */
export const activeStatuses: readonly IncidentStatus[] = ['open', 'acknowledged', 'reopened'];
export const isActive = (incident: { status: IncidentStatus }): boolean => activeStatuses.includes(incident.status);

export const timelineEntrySchema = z.object({
  time: timeMsSchema,
  kind: z.enum(['alert-firing', 'alert-resolved', 'anomaly', 'change', 'status', 'note', 'comment', 'action']),
  text: z.string(),
  ref: z.string().nullable(),
  /** Who wrote it: the token name of the responder behind a comment or an action; absent for what the pipeline wrote. */
  by: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** A likely root cause of an incident, best first in `rootCauses`. */
export const rootCauseCandidateSchema = z.object({
  entityId: z.string(),
  score: z.number(),
  /** The strongest signal that counted (a series, `ingress-delay`, a log template, `change`). */
  signal: z.string(),
  /** Event time of the earliest onset that counted. */
  since: timeMsSchema,
  /** Why, in words, strongest first. */
  evidence: z.array(z.string()),
});
export type RootCauseCandidate = z.infer<typeof rootCauseCandidateSchema>;

/** How a service upstream of the top cause fared: its error ratio and latency before and since the incident began (null: not seen). */
export const affectedServiceSchema = z.object({
  entityId: z.string(),
  /** Call edges between it and the cause. */
  hops: z.number().int().min(0),
  /** Whether nothing calls it: a user-facing entry point. */
  entryPoint: z.boolean(),
  /** Whose figures these are: the calls into it as its callers saw them, or, for an entry point, its calls out. */
  measured: z.enum(['calls-in', 'calls-out']),
  errorRatioBefore: z.number().nullable(),
  errorRatioAfter: z.number().nullable(),
  p95MsBefore: z.number().nullable(),
  p95MsAfter: z.number().nullable(),
});
export type AffectedService = z.infer<typeof affectedServiceSchema>;

/** What the top cause did to the rest: the services upstream of it, the entry points users reach, and a summary to paste into a chat. */
export const impactSchema = z.object({
  cause: z.string(),
  affected: z.array(affectedServiceSchema),
  summary: z.string(),
});
export type Impact = z.infer<typeof impactSchema>;

export const incidentSchema = z.object({
  id: z.string().min(1),
  status: z.enum(incidentStatuses),
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
  /** Filled by the analyze stage with its top cause; null until it has one. */
  impact: impactSchema.nullable().optional(),
  /** What its alerts say is wrong (latency, errors, log errors, an alert's name), in the order they came: the title names them. */
  problems: z.array(z.string()).optional(),
  /** Which problem its alerts show on which entity (`service:checkout latency`, at most 200): grouping links alerts across call edges by it. */
  signs: z.array(z.string()).optional(),
  /**
   * Per entity: how many of its alerts in the incident fire, and when one last fired, repeated or resolved (event
   * time). An alert joins through an entity only while the incident is active there (docs/incidents.md).
   */
  entityActivity: z.record(z.string(), z.object({ firing: z.number().int().min(0), at: timeMsSchema })).optional(),
  /** Log templates its alerts carried, each with the entity of its alert (`service:cart <template>`, at most 50): an alert with the same template joins it. */
  templates: z.array(z.string()).optional(),
  /** Its alerts' titles masked to their words, each with the entity of its alert (`service:cart high latency`, at most 50): a similar title strengthens other evidence. */
  titles: z.array(z.string()).optional(),
  /** The kinds of its alerts (entity/alertname): what responders' merges and splits are remembered by. */
  kinds: z.array(z.string()).optional(),
  /** The groups of grouping rules its alerts fell in ("payments-db: cluster=eu-1"). */
  ruleGroups: z.array(z.string()).optional(),
  /** When its last firing alert resolved: it resolves once `correlate.resolveAfter` passes with nothing firing. */
  quietSince: timeMsSchema.nullable().optional(),
  acknowledgedAt: timeMsSchema.nullable().optional(),
  acknowledgedBy: z.string().nullable().optional(),
  assignee: z.string().nullable().optional(),
  /** The incident it was merged into (status merged). */
  mergedInto: z.string().nullable().optional(),
});
export type Incident = z.infer<typeof incidentSchema>;

/**
 * The entities of its alerts, without the likely root cause analysis added: what its neighbourhood is drawn around.
 * An incident from before activity was kept has only these.
 */
export function memberEntities(incident: Pick<Incident, 'entities' | 'entityActivity'>): string[] {
  const activity = incident.entityActivity;
  return activity === undefined ? [...incident.entities] : incident.entities.filter((entityId) => activity[entityId] !== undefined);
}

/** Something one of an incident's alerts carried (a log template, a title's words) and that alert's entity: `<entity> <text>`. */
export const markOf = (entityId: string, text: string): string => `${entityId} ${text}`;

/** The entity and text of a mark (an entity id holds no space). */
export function parseMark(mark: string): { entityId: string; text: string } {
  const space = mark.indexOf(' ');
  return space < 0 ? { entityId: mark, text: '' } : { entityId: mark.slice(0, space), text: mark.slice(space + 1) };
}

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
  /** Nothing fired for `correlate.resolveAfter` after the last alert resolved, or a responder resolved it. */
  resolved: 'resolved',
  /** One of its alerts fired again within `correlate.reopenWindow` after it resolved, or a responder reopened it. */
  reopened: 'reopened',
  acknowledged: 'acknowledged',
  assigned: 'assigned',
  commented: 'commented',
  /** Other incidents were merged into it (the change of the target), or it was merged into another. */
  merged: 'merged',
  /** Responders split alerts off it into a new incident (a change for each of the two). */
  split: 'split',
  /** A change (deploy, config) of one of its entities landed on its timeline. */
  context: 'context',
  /** The analyze stage ranked its root causes and wrote their impact. */
  analyzed: 'analyzed',
  /** A responder confirmed or rejected a root cause. */
  rootCause: 'root-cause',
} as const;
export type IncidentChangeKind = (typeof IncidentChangeKind)[keyof typeof IncidentChangeKind];

export const incidentChangeSchema = z.object({
  /** Stable per event and incident: a consumer applies each change once by it, even when delivered twice. */
  id: z.string().min(1),
  kind: z.enum(['opened', 'alert-joined', 'alert-refired', 'alert-resolved', 'escalated', 'resolved', 'context',
    'reopened', 'acknowledged', 'assigned', 'commented', 'merged', 'split', 'analyzed', 'root-cause']),
  /** Event time of the change. */
  time: timeMsSchema,
  /**
   * The event that caused it, and the alert it was about (null for a change event). A change with no event behind
   * it names its cause instead: `quiet@<time>` for a quiet period that ended, `action:<id>` for a responder's action.
   */
  eventId: z.string().min(1),
  alertFingerprint: z.string().nullable(),
  /** The incident as written by the change. */
  incident: incidentSchema,
});
export type IncidentChange = z.infer<typeof incidentChangeSchema>;
