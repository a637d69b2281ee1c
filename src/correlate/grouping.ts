/**
 * Incident grouping: an alert that starts firing joins an open incident whose last activity is
 * within the window (on event time) and that holds its entity, or else an entity one edge away from
 * it in the topology (its caller, its callee, its pod or service); otherwise it opens a new incident.
 * Each alert records why it joined. Two faults in parts of the graph that do not touch stay apart.
 * Pure: the caller loads the candidate incidents and the alert's relatives, and stores the result.
 */
import { createHash } from 'node:crypto';
import type { Alert, Correlation, Incident, TimelineEntry } from '../signals/index.js';
import { IncidentChangeKind, maxSeverity } from '../signals/index.js';
import type { Transition } from '../alerts/index.js';

export interface GroupingConfig {
  /** How long after an incident's last activity a new alert of the same entity still joins it. */
  windowMs: number;
  /** How long after an incident started an alert of an entity one edge away still joins it (a fault spreads within minutes). @default windowMs */
  relatedWindowMs?: number;
}

/** Entities one edge away from an alert's entity, and what the alert's entity is to each ("callee of"). */
export type Relatives = readonly { entityId: string; relation: string }[];

/** The evidence of a relation one edge away, against that of the same entity. */
const RELATED_SCORE = 0.7;

export interface GroupingResult {
  /** The incident changed by this alert, if any, to be stored. */
  incident: Incident | undefined;
  /** The alert with its incident link set. */
  alert: Alert;
  timeline: TimelineEntry[];
  /** What the change to `incident` means for a responder; undefined when it only moved its last activity. */
  change: IncidentChangeKind | undefined;
}

const unchanged = (alert: Alert): GroupingResult => ({ incident: undefined, alert, timeline: [], change: undefined });

function incidentIdFor(alert: Alert): string {
  return `inc_${createHash('sha256').update(`${alert.fingerprint}@${alert.activeSince}`).digest('hex').slice(0, 16)}`;
}

function opened(alert: Alert): Incident {
  return {
    id: incidentIdFor(alert), status: 'open', severity: alert.severity, title: alert.title.includes(alert.entityId) ? alert.title : `${alert.title} on ${alert.entityId}`,
    entities: [alert.entityId], startedAt: alert.activeSince, lastActivityAt: alert.activeSince, resolvedAt: null,
    alertCount: 0, firingCount: 0, rootCauses: [],
  };
}

function recent(incident: Incident, alert: Alert, config: GroupingConfig): boolean {
  return incident.status === 'open' && incident.lastActivityAt >= alert.activeSince - config.windowMs;
}

function seconds(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return ms >= 0 ? `${s} s after its last alert` : `${s} s before its last alert`;
}

/** The incident an alert joins and why: one of its own entity first, then one of a relative, the most recently active of each. */
function chooseIncident(alert: Alert, open: readonly Incident[], relatives: Relatives, config: GroupingConfig): { incident: Incident; correlation: Correlation } | undefined {
  const candidates = open.filter((incident) => recent(incident, alert, config));
  const same = candidates.find((incident) => incident.entities.includes(alert.entityId));
  if (same !== undefined) return { incident: same, correlation: { reason: `same entity: ${alert.entityId}`, score: 1, relatedTo: alert.entityId } };
  // A fault spreads to its neighbours within minutes: an incident takes in relatives' alerts while it is young.
  const relatedSince = alert.activeSince - Math.min(config.relatedWindowMs ?? config.windowMs, config.windowMs);
  for (const incident of candidates) {
    if (incident.startedAt < relatedSince) continue;
    const relative = relatives.find((r) => incident.entities.includes(r.entityId));
    if (relative === undefined) continue;
    const reason = `${relative.relation} ${relative.entityId}, ${seconds(alert.activeSince - incident.lastActivityAt)}`;
    return { incident, correlation: { reason, score: RELATED_SCORE, relatedTo: relative.entityId } };
  }
  return undefined;
}

const OPENED: Correlation = { reason: 'opened the incident', score: 1, relatedTo: null };

/** Problems named by class (opsight's metric alerts) or by kind of log alert; any other alert by its name. */
const PROBLEM_NAMES: Record<string, string> = {
  errors: 'errors', latency: 'latency', traffic: 'traffic', saturation: 'saturation', behaviour: 'behaviour change',
  LogErrorBurst: 'log errors', NewErrorLogTemplate: 'log errors', NewLogTemplate: 'new log lines', LogRateShift: 'log rates',
};

function problemOf(alert: Alert): string {
  const named = PROBLEM_NAMES[alert.labels.problem ?? ''] ?? PROBLEM_NAMES[alert.labels.alertname ?? ''];
  return named ?? alert.labels.alertname ?? alert.title;
}

const nameOf = (entityId: string) => entityId.slice(entityId.indexOf(':') + 1);

/**
 * The title of an incident of more than one alert names where it started and what is wrong, not its
 * first alert: "checkout: latency and errors, 7 alerts on 3 entities".
 */
function titleOf(incident: Incident, problems: readonly string[]): string {
  const shown = problems.slice(0, 3).join(' and ') + (problems.length > 3 ? ` and ${problems.length - 3} more` : '');
  const entities = incident.entities.length;
  return `${nameOf(incident.entities[0] ?? '')}: ${shown}, ${incident.alertCount} alerts on ${entities} ${entities === 1 ? 'entity' : 'entities'}`;
}

function onFiring(alert: Alert, previous: Incident | undefined, open: readonly Incident[], relatives: Relatives, config: GroupingConfig): GroupingResult {
  const rejoin = previous?.status === 'open' ? { incident: previous, correlation: alert.correlation ?? OPENED } : undefined;
  const chosen = rejoin ?? chooseIncident(alert, open, relatives, config);
  const joined = chosen?.incident;
  const target = joined ?? opened(alert);
  const isNewMember = alert.incidentId !== target.id;
  const change = joined === undefined ? IncidentChangeKind.opened : isNewMember ? IncidentChangeKind.alertJoined : IncidentChangeKind.alertRefired;
  const problem = problemOf(alert);
  const problems = (target.problems ?? []).includes(problem) ? target.problems ?? [] : [...(target.problems ?? []), problem];
  const grown: Incident = {
    ...target,
    severity: maxSeverity(target.severity, alert.severity),
    entities: target.entities.includes(alert.entityId) ? target.entities : [...target.entities, alert.entityId],
    lastActivityAt: Math.max(target.lastActivityAt, alert.activeSince),
    alertCount: target.alertCount + (isNewMember ? 1 : 0),
    firingCount: target.firingCount + 1,
    problems,
  };
  const incident = grown.alertCount > 1 ? { ...grown, title: titleOf(grown, problems) } : grown;
  const entry: TimelineEntry = { time: alert.activeSince, kind: 'alert-firing', text: `${alert.title} firing (${alert.severity})`, ref: alert.fingerprint };
  return { incident, alert: { ...alert, incidentId: incident.id, correlation: chosen?.correlation ?? OPENED }, timeline: [entry], change };
}

function onResolved(alert: Alert, incident: Incident | undefined): GroupingResult {
  if (incident === undefined || incident.status !== 'open') return unchanged(alert);
  const at = alert.resolvedAt ?? alert.lastSeen;
  const firingCount = Math.max(0, incident.firingCount - 1);
  const resolved = firingCount === 0;
  const timeline: TimelineEntry[] = [{ time: at, kind: 'alert-resolved', text: `${alert.title} resolved`, ref: alert.fingerprint }];
  if (resolved) timeline.push({ time: at, kind: 'status', text: 'incident resolved: every alert resolved', ref: null });
  return {
    incident: { ...incident, firingCount, lastActivityAt: Math.max(incident.lastActivityAt, at), status: resolved ? 'resolved' : 'open', resolvedAt: resolved ? at : null },
    alert, timeline, change: resolved ? IncidentChangeKind.resolved : IncidentChangeKind.alertResolved,
  };
}

function onRepeated(alert: Alert, incident: Incident | undefined): GroupingResult {
  if (incident?.status !== 'open' || alert.lastSeen <= incident.lastActivityAt) return unchanged(alert);
  const severity = maxSeverity(incident.severity, alert.severity);
  const change = severity !== incident.severity ? IncidentChangeKind.escalated : undefined;
  return { incident: { ...incident, lastActivityAt: alert.lastSeen, severity }, alert, timeline: [], change };
}

/**
 * Places an alert that just changed (by `transition`) into an incident. `previous` is the
 * incident the alert belonged to, `open` the open incidents recent enough to join (of its entity
 * and of its `relatives`).
 */
export function groupAlert(alert: Alert, transition: Transition, previous: Incident | undefined, open: readonly Incident[], config: GroupingConfig, relatives: Relatives = []): GroupingResult {
  switch (transition) {
    case 'firing':
      return onFiring(alert, previous, open, relatives, config);
    case 'resolved':
      return onResolved(alert, previous);
    case 'repeated':
      return onRepeated(alert, previous);
    case 'stale':
      return unchanged(alert);
  }
}
