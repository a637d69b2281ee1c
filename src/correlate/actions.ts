/**
 * Responders' actions on incidents, pure: acknowledge, resolve, reopen, assign, comment, judge a root cause, merge and split. Each
 * returns the incidents as they are to be written, the timeline entries that say who did what, and the change
 * to publish. An action the incident's state does not allow is refused (OPS_ERR_CONFLICT), a body naming what is
 * not there or not allowed is refused (OPS_ERR_VALIDATION), and nothing is written.
 */
import { createHash } from 'node:crypto';
import type { Alert, Incident, TimelineEntry } from '../signals/index.js';
import { IncidentChangeKind, isActive, maxSeverity } from '../signals/index.js';
import { OpsightError } from '../http/errors.js';
import { alertTitle, kindOf, problemOf, titleOf, withActivity } from './grouping.js';
import { signOf } from './evidence.js';
import { MAX_MARKS, templateMarkOf, titleMarkOf } from './similarity.js';

export type Action =
  | { kind: 'acknowledge' }
  | { kind: 'resolve' }
  | { kind: 'reopen' }
  | { kind: 'assign'; assignee: string | null }
  | { kind: 'comment'; text: string }
  | { kind: 'root-cause'; entityId: string; confirmed: boolean }
  | { kind: 'merge'; incidents: readonly string[] }
  | { kind: 'split'; alerts: readonly string[] };

/** One incident written by an action, with its timeline entry and its change. */
export interface Written {
  incident: Incident;
  entry: TimelineEntry;
  change: IncidentChangeKind;
}

/** Who acted, and when (the correlate stage's clock: event time while data flows). */
export interface Actor {
  by: string;
  at: number;
}

const conflict = (message: string) => new OpsightError('OPS_ERR_CONFLICT', message);
const invalid = (path: string, message: string) => new OpsightError('OPS_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);

function entry(actor: Actor, kind: TimelineEntry['kind'], text: string, ref: string | null = null): TimelineEntry {
  return { time: actor.at, kind, text, ref, by: actor.by };
}

function requireNotMerged(incident: Incident): void {
  if (incident.status === 'merged') throw conflict(`incident ${incident.id} was merged into ${incident.mergedInto ?? 'another'}; act on that one`);
}

type Simple = Extract<Action, { kind: 'acknowledge' | 'resolve' | 'reopen' | 'assign' | 'comment' | 'root-cause' }>;

/** The actions on one incident alone. */
export function actOn(incident: Incident, action: Simple, actor: Actor): Written {
  const { by, at } = actor;
  requireNotMerged(incident);
  switch (action.kind) {
    case 'acknowledge':
      if (!isActive(incident)) throw conflict(`incident ${incident.id} is ${incident.status}: only an active incident is acknowledged`);
      if (incident.status === 'acknowledged') throw conflict(`incident ${incident.id} is already acknowledged by ${incident.acknowledgedBy ?? 'someone'}`);
      return { incident: { ...incident, status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by }, entry: entry(actor, 'action', `acknowledged by ${by}`), change: IncidentChangeKind.acknowledged };
    case 'resolve':
      if (!isActive(incident)) throw conflict(`incident ${incident.id} is already resolved`);
      return { incident: { ...incident, status: 'resolved', resolvedAt: at, quietSince: null }, entry: entry(actor, 'status', `incident resolved by ${by}`), change: IncidentChangeKind.resolved };
    case 'reopen':
      if (incident.status !== 'resolved') throw conflict(`incident ${incident.id} is ${incident.status}: only a resolved incident is reopened`);
      // Reopened by hand it stays active until resolved again, even with nothing firing: the responder saw a problem the alerts do not.
      return { incident: { ...incident, status: 'reopened', resolvedAt: null, quietSince: null }, entry: entry(actor, 'status', `incident reopened by ${by}`), change: IncidentChangeKind.reopened };
    case 'assign': {
      const text = action.assignee === null ? `unassigned by ${by}` : `assigned to ${action.assignee} by ${by}`;
      return { incident: { ...incident, assignee: action.assignee }, entry: entry(actor, 'action', text), change: IncidentChangeKind.assigned };
    }
    case 'comment':
      return { incident, entry: entry(actor, 'comment', action.text), change: IncidentChangeKind.commented };
    case 'root-cause': {
      const known = incident.rootCauses.some((candidate) => candidate.entityId === action.entityId) || incident.entities.includes(action.entityId);
      if (!known) throw invalid('body.entityId', `${action.entityId} is neither a root cause candidate nor an entity of incident ${incident.id}`);
      const text = `root cause ${action.entityId} ${action.confirmed ? 'confirmed' : 'rejected'} by ${by}`;
      return { incident, entry: entry(actor, 'action', text, action.entityId), change: IncidentChangeKind.rootCause };
    }
  }
}

const union = (lists: readonly (readonly string[] | undefined)[]) => [...new Set(lists.flatMap((list) => list ?? []))];
/** The first MAX_MARKS distinct marks `markOf` finds on `alerts`. */
const marks = (alerts: readonly Alert[], markOf: (alert: Alert) => string | undefined) =>
  [...new Set(alerts.map(markOf).filter((mark): mark is string => mark !== undefined))].slice(0, MAX_MARKS);

/** An active incident with nothing firing is quiet from now on (if it was not already); one with alerts firing is not. */
function quietness(incident: Incident, at: number): Pick<Incident, 'quietSince'> {
  if (!isActive(incident) || incident.firingCount > 0) return { quietSince: null };
  return { quietSince: incident.quietSince ?? at };
}

const titled = (incident: Incident, single: Alert | undefined): Incident => ({
  ...incident, title: incident.alertCount > 1 || single === undefined ? titleOf(incident, incident.problems ?? []) : alertTitle(single),
});

/**
 * Merges `sources` into `target`: the target takes in their alerts, each source is marked merged into it. A merge
 * grouping makes (`because` says why) is written without a responder's name.
 */
export function mergeIncidents(target: Incident, sources: readonly Incident[], actor: Actor, because?: string): { target: Written; sources: Written[] } {
  requireNotMerged(target);
  sources.forEach((source, index) => {
    if (source.id === target.id) throw invalid(`body.incidents[${index}]`, 'an incident is not merged into itself');
    requireNotMerged(source);
  });
  const all = [target, ...sources];
  const firingCount = all.reduce((sum, incident) => sum + incident.firingCount, 0);
  const combined: Incident = {
    ...target,
    ...(target.status === 'resolved' && firingCount > 0 ? { status: 'reopened', resolvedAt: null } : {}),
    severity: all.reduce((severity, incident) => maxSeverity(severity, incident.severity), target.severity),
    entities: union(all.map((incident) => incident.entities)),
    startedAt: Math.min(...all.map((incident) => incident.startedAt)),
    lastActivityAt: Math.max(...all.map((incident) => incident.lastActivityAt)),
    alertCount: all.reduce((sum, incident) => sum + incident.alertCount, 0),
    firingCount,
    problems: union(all.map((incident) => incident.problems)),
    kinds: union(all.map((incident) => incident.kinds)),
    signs: union(all.map((incident) => incident.signs)),
    entityActivity: combinedActivity(all),
    templates: union(all.map((incident) => incident.templates)).slice(0, MAX_MARKS),
    titles: union(all.map((incident) => incident.titles)).slice(0, MAX_MARKS),
    ruleGroups: union(all.map((incident) => incident.ruleGroups)),
  };
  const merged = titled({ ...combined, ...quietness(combined, actor.at) }, undefined);
  const names = sources.map((source) => source.id).join(', ');
  const told = (text: string, ref: string | null = null): TimelineEntry => (because === undefined ? entry(actor, 'action', `${text} by ${actor.by}`, ref) : { time: actor.at, kind: 'status', text: `${text}: ${because}`, ref });
  return {
    target: { incident: merged, entry: told(`merged ${names} into this incident`), change: IncidentChangeKind.merged },
    sources: sources.map((source) => ({
      incident: { ...source, status: 'merged', mergedInto: target.id, alertCount: 0, firingCount: 0, quietSince: null },
      entry: told(`merged into ${target.id}`, target.id),
      change: IncidentChangeKind.merged,
    })),
  };
}

/** The activity of incidents merged into one: their firing alerts summed and their latest activity, per entity; unknown if one's is. */
function combinedActivity(all: readonly Incident[]): Incident['entityActivity'] {
  if (all.some((incident) => incident.entityActivity === undefined)) return undefined;
  return all.flatMap((incident) => Object.entries(incident.entityActivity ?? {}))
    .reduce<NonNullable<Incident['entityActivity']>>((combined, [entityId, { firing, at }]) => withActivity(combined, entityId, firing, at), {});
}

/** The counts, entities, problems and kinds of an incident made of `members`. */
function summarized(base: Incident, members: readonly Alert[], at: number): Incident {
  const ordered = [...members].sort((a, b) => a.activeSince - b.activeSince);
  const firingCount = ordered.filter((alert) => alert.status === 'firing').length;
  const incident: Incident = {
    ...base,
    entities: union([ordered.map((alert) => alert.entityId)]),
    alertCount: ordered.length,
    firingCount,
    problems: union([ordered.map(problemOf)]),
    kinds: union([ordered.map(kindOf)]),
    signs: union([ordered.map(signOf)]),
    entityActivity: ordered.reduce<NonNullable<Incident['entityActivity']>>(
      (activity, alert) => withActivity(activity, alert.entityId, alert.status === 'firing' ? 1 : 0, alert.resolvedAt ?? alert.lastSeen), {}),
    templates: marks(ordered, templateMarkOf),
    titles: marks(ordered, titleMarkOf),
  };
  return titled({ ...incident, ...quietness(incident, at) }, ordered[0]);
}

/** Moves the alerts `moved` (members of `source`, not all of them) into a new incident; `remaining` are the others. */
export function splitIncident(source: Incident, moved: readonly Alert[], remaining: readonly Alert[], actor: Actor): { source: Written; created: Written; alerts: Alert[] } {
  requireNotMerged(source);
  if (remaining.length === 0) throw invalid('body.alerts', 'a split leaves at least one alert in the incident');
  const fingerprints = moved.map((alert) => alert.fingerprint).sort();
  const id = `inc_${createHash('sha256').update(`${source.id}/split/${fingerprints.join(',')}@${actor.at}`).digest('hex').slice(0, 16)}`;
  const times = moved.flatMap((alert) => [alert.activeSince, alert.lastSeen]);
  const fresh: Incident = {
    id, status: 'open', severity: moved.reduce((severity, alert) => maxSeverity(severity, alert.severity), 'info' as Incident['severity']), title: '',
    entities: [], startedAt: Math.min(...times), lastActivityAt: Math.max(...times), resolvedAt: null, alertCount: 0, firingCount: 0, rootCauses: [],
    quietSince: null, acknowledgedAt: null, acknowledgedBy: null, assignee: null, mergedInto: null,
  };
  const created = summarized(fresh, moved, actor.at);
  const kept = summarized(source, remaining, actor.at);
  const correlation = { reason: `split off ${source.id} by ${actor.by}`, score: 1, relatedTo: null };
  return {
    source: { incident: kept, entry: entry(actor, 'action', `split ${moved.length} alerts off into ${id} by ${actor.by}`, id), change: IncidentChangeKind.split },
    created: { incident: created, entry: entry(actor, 'action', `split off ${source.id} by ${actor.by}`, source.id), change: IncidentChangeKind.split },
    alerts: moved.map((alert) => ({ ...alert, incidentId: id, correlation })),
  };
}
