/**
 * Incident grouping: an alert that starts firing joins an active incident whose last activity is
 * within the window (on event time): the group of a grouping rule it matches first, then an incident that
 * holds its entity, one holding a kind of alert responders merged with its kind before, or else one holding
 * an entity one edge away from it in the topology (its caller, its callee, its pod or service); otherwise it
 * opens a new incident. Kinds responders split apart do not join each other by entity or relation. Each alert
 * records why it joined. Two faults in parts of the graph that do not touch stay apart.
 *
 * The life cycle (docs/incidents.md): once every alert of an incident resolved and nothing fired for
 * `resolveAfterMs`, it resolves; an alert of it that fires again within `reopenWindowMs` of that reopens it.
 * Pure: the caller loads the candidate incidents, the alert's relatives and what responders said of its
 * kind, and stores the result.
 */
import { createHash } from 'node:crypto';
import type { Alert, Correlation, Incident, TimelineEntry } from '../signals/index.js';
import { IncidentChangeKind, isActive, maxSeverity } from '../signals/index.js';
import type { Transition } from '../alerts/index.js';
import type { Verdict } from '../store/index.js';
import type { RuleGroup } from './rules.js';

export interface GroupingConfig {
  /** How long after an incident's last activity a new alert of the same entity still joins it. */
  windowMs: number;
  /** How long after an incident started an alert of an entity one edge away still joins it (a fault spreads within minutes). @default windowMs */
  relatedWindowMs?: number;
  /** How long an incident with nothing firing stays active before it resolves (0: at once). */
  resolveAfterMs: number;
  /** How long after an incident resolved an alert of it that fires again reopens it (0: never). */
  reopenWindowMs: number;
}

/** What else decides where an alert goes: the rule group it falls in, and responders' verdicts on its kind against others. */
export interface Hints {
  ruleGroup?: RuleGroup | undefined;
  verdicts?: ReadonlyMap<string, Verdict>;
}

/** Entities one edge away from an alert's entity, and what the alert's entity is to each ("callee of"). */
export type Relatives = readonly { entityId: string; relation: string }[];

/** The evidence of a relation one edge away, against that of the same entity. */
const RELATED_SCORE = 0.7;
/** Responders merged these kinds of alert before: nearly as strong as the same entity. */
const MERGED_SCORE = 0.9;

/** What responders' merges and splits are remembered by: the alert's entity and name. */
export function kindOf(alert: Pick<Alert, 'entityId' | 'labels' | 'title'>): string {
  return `${alert.entityId}/${alert.labels.alertname ?? alert.title}`;
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

/** The title of an incident of one alert: the alert's, naming its entity. */
export const alertTitle = (alert: Alert): string => (alert.title.includes(alert.entityId) ? alert.title : `${alert.title} on ${alert.entityId}`);

function opened(alert: Alert): Incident {
  return {
    id: incidentIdFor(alert), status: 'open', severity: alert.severity, title: alertTitle(alert),
    entities: [alert.entityId], startedAt: alert.activeSince, lastActivityAt: alert.activeSince, resolvedAt: null,
    alertCount: 0, firingCount: 0, rootCauses: [],
  };
}

function recent(incident: Incident, alert: Alert, windowMs: number): boolean {
  return isActive(incident) && incident.lastActivityAt >= alert.activeSince - windowMs;
}

const holdsKindJudged = (incident: Incident, verdicts: ReadonlyMap<string, Verdict>, verdict: Verdict) =>
  (incident.kinds ?? []).find((kind) => verdicts.get(kind) === verdict);

function seconds(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return ms >= 0 ? `${s} s after its last alert` : `${s} s before its last alert`;
}

type Choice = { incident: Incident; correlation: Correlation } | undefined;

/**
 * The incident an alert joins and why: its rule group's first, then one of its own entity, then one holding a kind
 * responders merged with its kind, then one of a relative; the most recently active of each.
 */
function chooseIncident(alert: Alert, open: readonly Incident[], relatives: Relatives, hints: Hints, config: GroupingConfig): Choice {
  const { ruleGroup, verdicts = new Map<string, Verdict>() } = hints;
  if (ruleGroup !== undefined) {
    const grouped = open.find((incident) => recent(incident, alert, ruleGroup.windowMs) && (incident.ruleGroups ?? []).includes(ruleGroup.key));
    if (grouped !== undefined) return { incident: grouped, correlation: { reason: ruleGroup.reason, score: 1, relatedTo: null } };
  }
  const candidates = open.filter((incident) => recent(incident, alert, config.windowMs));
  const unsplit = candidates.filter((incident) => holdsKindJudged(incident, verdicts, 'split') === undefined);
  const same = unsplit.find((incident) => incident.entities.includes(alert.entityId));
  if (same !== undefined) return { incident: same, correlation: { reason: `same entity: ${alert.entityId}`, score: 1, relatedTo: alert.entityId } };
  for (const incident of candidates) {
    const partner = holdsKindJudged(incident, verdicts, 'merged');
    if (partner === undefined) continue;
    const relatedTo = incident.entities.find((entityId) => partner.startsWith(`${entityId}/`)) ?? null;
    return { incident, correlation: { reason: 'merged by responders before', score: MERGED_SCORE, relatedTo } };
  }
  return relatedIncident(alert, unsplit, relatives, config);
}

function relatedIncident(alert: Alert, candidates: readonly Incident[], relatives: Relatives, config: GroupingConfig): Choice {
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

export function problemOf(alert: Alert): string {
  const named = PROBLEM_NAMES[alert.labels.problem ?? ''] ?? PROBLEM_NAMES[alert.labels.alertname ?? ''];
  return named ?? alert.labels.alertname ?? alert.title;
}

const nameOf = (entityId: string) => entityId.slice(entityId.indexOf(':') + 1);

/**
 * The title of an incident of more than one alert names where it started and what is wrong, not its
 * first alert: "checkout: latency and errors, 7 alerts on 3 entities".
 */
export function titleOf(incident: Incident, problems: readonly string[]): string {
  const shown = problems.slice(0, 3).join(' and ') + (problems.length > 3 ? ` and ${problems.length - 3} more` : '');
  const entities = incident.entities.length;
  return `${nameOf(incident.entities[0] ?? '')}: ${shown}, ${incident.alertCount} alerts on ${entities} ${entities === 1 ? 'entity' : 'entities'}`;
}

const withItem = (list: readonly string[] | undefined, item: string | undefined): string[] =>
  (item === undefined || (list ?? []).includes(item) ? [...(list ?? [])] : [...(list ?? []), item]);

/** A resolved incident an alert of which fires again within `reopenWindowMs` of its resolution. */
function reopenable(alert: Alert, previous: Incident | undefined, config: GroupingConfig): previous is Incident & { resolvedAt: number } {
  return previous?.status === 'resolved' && previous.resolvedAt !== null && alert.activeSince - previous.resolvedAt <= config.reopenWindowMs;
}

function onFiring(alert: Alert, previous: Incident | undefined, open: readonly Incident[], relatives: Relatives, hints: Hints, config: GroupingConfig): GroupingResult {
  const rejoin = previous !== undefined && (isActive(previous) || reopenable(alert, previous, config)) ? { incident: previous, correlation: alert.correlation ?? OPENED } : undefined;
  const chosen = rejoin ?? chooseIncident(alert, open, relatives, hints, config);
  const joined = chosen?.incident;
  const target = joined ?? opened(alert);
  const reopens = target.status === 'resolved';
  const isNewMember = alert.incidentId !== target.id;
  const change = joined === undefined ? IncidentChangeKind.opened
    : reopens ? IncidentChangeKind.reopened : isNewMember ? IncidentChangeKind.alertJoined : IncidentChangeKind.alertRefired;
  const problems = withItem(target.problems, problemOf(alert));
  const grown: Incident = {
    ...target,
    ...(reopens ? { status: 'reopened', resolvedAt: null } : {}),
    severity: maxSeverity(target.severity, alert.severity),
    entities: withItem(target.entities, alert.entityId),
    lastActivityAt: Math.max(target.lastActivityAt, alert.activeSince),
    alertCount: target.alertCount + (isNewMember ? 1 : 0),
    firingCount: target.firingCount + 1,
    problems,
    kinds: withItem(target.kinds, kindOf(alert)),
    ruleGroups: withItem(target.ruleGroups, hints.ruleGroup?.key),
    quietSince: null,
  };
  const incident = grown.alertCount > 1 ? { ...grown, title: titleOf(grown, problems) } : grown;
  const timeline: TimelineEntry[] = [{ time: alert.activeSince, kind: 'alert-firing', text: `${alert.title} firing (${alert.severity})`, ref: alert.fingerprint }];
  if (reopens) timeline.push({ time: alert.activeSince, kind: 'status', text: `incident reopened: ${alert.title} fired again ${Math.round((alert.activeSince - (target.resolvedAt ?? alert.activeSince)) / 1000)} s after it resolved`, ref: alert.fingerprint });
  return { incident, alert: { ...alert, incidentId: incident.id, correlation: chosen?.correlation ?? OPENED }, timeline, change };
}

/** The incident resolved at `at`, and the timeline entry that says why. */
export function resolvedIncident(incident: Incident, at: number, why: string, by?: string): { incident: Incident; entry: TimelineEntry } {
  return {
    incident: { ...incident, status: 'resolved', resolvedAt: at, quietSince: null },
    entry: { time: at, kind: 'status', text: `incident resolved: ${why}`, ref: null, ...(by === undefined ? {} : { by }) },
  };
}

/**
 * An alert of the incident resolved. The last one starts the quiet period, at whose end the incident resolves
 * (at once when it is 0). An alert of an incident a responder resolved while it fired only lowers its count.
 */
function onResolved(alert: Alert, incident: Incident | undefined, config: GroupingConfig): GroupingResult {
  if (incident === undefined || incident.status === 'merged') return unchanged(alert);
  const at = alert.resolvedAt ?? alert.lastSeen;
  const firingCount = Math.max(0, incident.firingCount - 1);
  const entry: TimelineEntry = { time: at, kind: 'alert-resolved', text: `${alert.title} resolved`, ref: alert.fingerprint };
  const counted: Incident = { ...incident, firingCount, lastActivityAt: Math.max(incident.lastActivityAt, at) };
  if (!isActive(incident)) return { incident: { ...counted, lastActivityAt: incident.lastActivityAt }, alert, timeline: [entry], change: undefined };
  if (firingCount > 0) return { incident: counted, alert, timeline: [entry], change: IncidentChangeKind.alertResolved };
  if (config.resolveAfterMs === 0) {
    const resolved = resolvedIncident(counted, at, 'every alert resolved');
    return { incident: resolved.incident, alert, timeline: [entry, resolved.entry], change: IncidentChangeKind.resolved };
  }
  return { incident: { ...counted, quietSince: at }, alert, timeline: [entry], change: IncidentChangeKind.alertResolved };
}

/** The incident resolved if it has been quiet for `resolveAfterMs` by `now` (event time); resolved at the end of the quiet period, whenever this runs. */
export function resolveIfQuiet(incident: Incident, now: number, config: Pick<GroupingConfig, 'resolveAfterMs'>): { incident: Incident; entry: TimelineEntry } | undefined {
  if (!isActive(incident) || incident.quietSince === null || incident.quietSince === undefined) return undefined;
  const at = incident.quietSince + config.resolveAfterMs;
  if (at > now) return undefined;
  return resolvedIncident(incident, at, `every alert resolved, and nothing fired for ${Math.round(config.resolveAfterMs / 1000)} s`);
}

function onRepeated(alert: Alert, incident: Incident | undefined): GroupingResult {
  if (incident === undefined || !isActive(incident) || alert.lastSeen <= incident.lastActivityAt) return unchanged(alert);
  const severity = maxSeverity(incident.severity, alert.severity);
  const change = severity !== incident.severity ? IncidentChangeKind.escalated : undefined;
  return { incident: { ...incident, lastActivityAt: alert.lastSeen, severity }, alert, timeline: [], change };
}

/**
 * Places an alert that just changed (by `transition`) into an incident. `previous` is the
 * incident the alert belonged to, `open` the active incidents recent enough to join (of its entity,
 * of its `relatives`, of its rule group and holding kinds responders judged against its kind).
 */
export function groupAlert(
  alert: Alert, transition: Transition, previous: Incident | undefined, open: readonly Incident[], config: GroupingConfig, relatives: Relatives = [], hints: Hints = {},
): GroupingResult {
  switch (transition) {
    case 'firing':
      return onFiring(alert, previous, open, relatives, hints, config);
    case 'resolved':
      return onResolved(alert, previous, config);
    case 'repeated':
      return onRepeated(alert, previous);
    case 'stale':
      return unchanged(alert);
  }
}
