/**
 * First incident grouping: an alert that starts firing joins an open incident of the same entity
 * whose last activity is within the window (on event time); otherwise it opens a new incident.
 * Pure: the caller loads the candidate incidents and stores the result.
 */
import { createHash } from 'node:crypto';
import type { Alert, Incident, TimelineEntry } from '../signals/index.js';
import { IncidentChangeKind, maxSeverity } from '../signals/index.js';
import type { Transition } from '../alerts/index.js';

export interface GroupingConfig {
  /** How long after an incident's last activity a new alert of the same entity still joins it. */
  windowMs: number;
}

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
    id: incidentIdFor(alert), status: 'open', severity: alert.severity, title: `${alert.title} on ${alert.entityId}`,
    entities: [alert.entityId], startedAt: alert.activeSince, lastActivityAt: alert.activeSince, resolvedAt: null,
    alertCount: 0, firingCount: 0, rootCauses: [],
  };
}

function joinable(incident: Incident, alert: Alert, config: GroupingConfig): boolean {
  return incident.status === 'open' && incident.entities.includes(alert.entityId)
    && incident.lastActivityAt >= alert.activeSince - config.windowMs;
}

function onFiring(alert: Alert, previous: Incident | undefined, open: readonly Incident[], config: GroupingConfig): GroupingResult {
  const rejoin = previous?.status === 'open' ? previous : undefined;
  const joined = rejoin ?? open.find((incident) => joinable(incident, alert, config));
  const target = joined ?? opened(alert);
  const isNewMember = alert.incidentId !== target.id;
  const change = joined === undefined ? IncidentChangeKind.opened : isNewMember ? IncidentChangeKind.alertJoined : IncidentChangeKind.alertRefired;
  const incident: Incident = {
    ...target,
    severity: maxSeverity(target.severity, alert.severity),
    entities: target.entities.includes(alert.entityId) ? target.entities : [...target.entities, alert.entityId],
    lastActivityAt: Math.max(target.lastActivityAt, alert.activeSince),
    alertCount: target.alertCount + (isNewMember ? 1 : 0),
    firingCount: target.firingCount + 1,
  };
  const entry: TimelineEntry = { time: alert.activeSince, kind: 'alert-firing', text: `${alert.title} firing (${alert.severity})`, ref: alert.fingerprint };
  return { incident, alert: { ...alert, incidentId: incident.id }, timeline: [entry], change };
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
 * incident the alert belonged to, `open` the open incidents recent enough to join.
 */
export function groupAlert(alert: Alert, transition: Transition, previous: Incident | undefined, open: readonly Incident[], config: GroupingConfig): GroupingResult {
  switch (transition) {
    case 'firing':
      return onFiring(alert, previous, open, config);
    case 'resolved':
      return onResolved(alert, previous);
    case 'repeated':
      return onRepeated(alert, previous);
    case 'stale':
      return unchanged(alert);
  }
}
