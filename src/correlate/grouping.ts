/**
 * Incident grouping: an alert that starts firing joins the active incident it is most strongly linked to (on
 * event time): the group of a grouping rule it matches first; then, by the evidence of evidence.ts, one of its
 * own entity or of the service or pod its labels name, one holding a kind of alert responders merged with its
 * kind before, one of the same service's pods, one of a caller or callee up to three calls away when latency or
 * errors show on both ends, one holding a kind learned to fire with its kind (cooccurrence.ts), or one whose
 * alerts carried its log template on another entity (similarity.ts; a similar title strengthens any of these
 * links, never links alone); otherwise it opens a new incident. When an alert links two active incidents firmly,
 * the younger merges into the older. Kinds responders split apart do not join each other by entity, relation, what was learned or a template.
 * Learned co-occurrence joins an alert but never merges incidents. Each alert records why it joined. Two faults in parts of the graph that do not touch, or that touch only where
 * no latency or errors travel, stay apart.
 *
 * The life cycle (docs/incidents.md): once every alert of an incident resolved and nothing fired for
 * `resolveAfterMs`, it resolves; an alert of it that fires again within `reopenWindowMs` of that reopens it,
 * unless it links to another active incident, which it joins then.
 * Pure: the caller loads the candidate incidents, the routes from the alert's entities and what responders said
 * of its kind, and stores the result (merging the incidents `absorbed` into the one returned).
 */
import { createHash } from 'node:crypto';
import type { Alert, Correlation, Incident, TimelineEntry } from '../signals/index.js';
import { IncidentChangeKind, isActive, maxSeverity } from '../signals/index.js';
import type { Transition } from '../alerts/index.js';
import type { Verdict } from '../store/index.js';
import type { RuleGroup } from './rules.js';
import type { Link, Route } from './evidence.js';
import type { LearnedPartner } from './cooccurrence.js';
import { MAX_CALLS, MAX_SIGNS, MERGE_SCORE, activeOn, routesFrom, signOf, strongestLink } from './evidence.js';
import type { SimilarityConfig } from './similarity.js';
import { MAX_MARKS, templateLink, templateMarkOf, titleMarkOf, withSimilarTitle } from './similarity.js';

export interface GroupingConfig {
  /** How long after an incident's last activity a new alert of the same entity still joins it. */
  windowMs: number;
  /** How long after an incident started an alert of an entity one call (or its pods) away still joins it, per call on the way (a fault spreads within minutes). @default windowMs */
  relatedWindowMs?: number;
  /** How long an incident with nothing firing stays active before it resolves (0: at once). */
  resolveAfterMs: number;
  /** How long after an incident resolved an alert of it that fires again reopens it (0: never). */
  reopenWindowMs: number;
  /** Alerts linked by the same log template or a similar title (similarity.ts); neither without it. */
  similarity?: SimilarityConfig;
}

/** What else decides where an alert goes: the rule group it falls in, responders' verdicts on its kind against others, the kinds it was learned to fire with. */
export interface Hints {
  ruleGroup?: RuleGroup | undefined;
  verdicts?: ReadonlyMap<string, Verdict>;
  learned?: readonly LearnedPartner[];
}

/** Responders merged these kinds of alert before: nearly as strong as the same entity. */
const MERGED_SCORE = 0.9;
/** Learned co-occurrence: below a caller or callee, and never firm: it joins an alert, it merges no incidents. */
const LEARNED_SCORE = 0.6;

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
  /** Active incidents the alert links as firmly as `incident`, younger than it: to be merged into it, and why. */
  absorbed?: { incidents: Incident[]; because: string };
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
    alertCount: 0, firingCount: 0, rootCauses: [], entityActivity: {},
  };
}

function recent(incident: Incident, alert: Alert, windowMs: number): boolean {
  return isActive(incident) && incident.lastActivityAt >= alert.activeSince - windowMs;
}

const holdsKindJudged = (incident: Incident, verdicts: ReadonlyMap<string, Verdict>, verdict: Verdict) =>
  (incident.kinds ?? []).find((kind) => verdicts.get(kind) === verdict);

interface Linked { incident: Incident; link: Link }

const relatedWindowOf = (config: GroupingConfig) => Math.min(config.relatedWindowMs ?? config.windowMs, config.windowMs);
type Choice = { incident: Incident; correlation: Correlation; absorbed?: Incident[] } | undefined;

/** A link of the alert to an incident holding a kind responders merged with its kind. */
function mergedBefore(incident: Incident, verdicts: ReadonlyMap<string, Verdict>): Link | undefined {
  const partner = holdsKindJudged(incident, verdicts, 'merged');
  if (partner === undefined) return undefined;
  const relatedTo = incident.entities.find((entityId) => partner.startsWith(`${entityId}/`)) ?? '';
  return { score: MERGED_SCORE, reason: 'merged by responders before', relatedTo, firm: true };
}

/** A link of the alert to an incident, active within `relatedWindowMs`, holding a kind learned to fire with its kind. */
function learnedWith(alert: Alert, incident: Incident, learned: readonly LearnedPartner[], relatedWindowMs: number): Link | undefined {
  if (incident.lastActivityAt < alert.activeSince - relatedWindowMs) return undefined;
  const partner = learned.find(({ kind }) => (incident.kinds ?? []).includes(kind));
  if (partner === undefined) return undefined;
  const relatedTo = incident.entities.find((entityId) => partner.kind.startsWith(`${entityId}/`)) ?? '';
  const named = relatedTo === '' ? partner.kind : `${relatedTo} ${partner.kind.slice(relatedTo.length + 1)}`;
  const reason = `fired together with ${named} in ${Math.round(partner.together)} of ${Math.round(partner.occurrences)} earlier incidents`;
  return { score: LEARNED_SCORE, reason, relatedTo, firm: false };
}

const strongerLink = (a: Link | undefined, b: Link | undefined) => (a === undefined || (b !== undefined && b.score > a.score) ? b : a);

const stronger = (a: Linked, b: Linked) => b.link.score - a.link.score || a.incident.startedAt - b.incident.startedAt;

/**
 * The incident an alert joins and why: its rule group's first; else the one it is most strongly linked to (the
 * older of equals). When it links firmly to more than one, it joins the oldest of those, which takes in the others.
 */
function chooseIncident(alert: Alert, open: readonly Incident[], routes: readonly Route[], hints: Hints, config: GroupingConfig): Choice {
  const { ruleGroup, verdicts = new Map<string, Verdict>(), learned = [] } = hints;
  if (ruleGroup !== undefined) {
    const grouped = open.find((incident) => recent(incident, alert, ruleGroup.windowMs) && (incident.ruleGroups ?? []).includes(ruleGroup.key));
    if (grouped !== undefined) return { incident: grouped, correlation: { reason: ruleGroup.reason, score: 1, relatedTo: null } };
  }
  const relatedWindowMs = relatedWindowOf(config);
  const { similarity } = config;
  const linked: Linked[] = [];
  for (const incident of open.filter((candidate) => recent(candidate, alert, config.windowMs))) {
    const split = holdsKindJudged(incident, verdicts, 'split') !== undefined;
    const byEntity = (split ? undefined : strongestLink(alert, incident, routes, relatedWindowMs)) ?? mergedBefore(incident, verdicts);
    const byLikeness = split || similarity === undefined ? undefined : templateLink(alert, incident, similarity, relatedWindowMs);
    const link = strongerLink(strongerLink(byEntity, split ? undefined : learnedWith(alert, incident, learned, relatedWindowMs)), byLikeness);
    if (link !== undefined) linked.push({ incident, link: split || similarity === undefined ? link : withSimilarTitle(link, alert, incident, similarity, relatedWindowMs) });
  }
  const [best] = linked.sort(stronger);
  if (best === undefined) return undefined;
  // Only incidents that began within the reach of one fault's spread merge: one that has run for an hour is another
  // problem, however one chronic entity touches both.
  const mergeable = linked.filter(({ incident, link }) => link.firm && link.score >= MERGE_SCORE && incident.startedAt >= alert.activeSince - relatedWindowMs * MAX_CALLS);
  const [oldest, ...younger] = [...mergeable].sort((a, b) => a.incident.startedAt - b.incident.startedAt);
  const chosen = oldest !== undefined && mergeable.includes(best) ? oldest : best;
  const { link } = chosen;
  const correlation = { reason: link.reason, score: link.score, relatedTo: link.relatedTo === '' ? null : link.relatedTo };
  return chosen === oldest && younger.length > 0 ? { incident: chosen.incident, correlation, absorbed: younger.map(({ incident }) => incident) } : { incident: chosen.incident, correlation };
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

type EntityActivity = NonNullable<Incident['entityActivity']>;

/**
 * The incident's activity with one more (or one fewer) alert firing on `entityId`, active at `at`. An incident from
 * before activity was kept stays without: a partial record would make its other entities look healthy.
 */
export function withActivity<A extends EntityActivity | undefined>(activity: A, entityId: string, firing: number, at: number): A {
  if (activity === undefined) return activity;
  const previous = activity[entityId];
  return { ...activity, [entityId]: { firing: Math.max(0, (previous?.firing ?? 0) + firing), at: Math.max(previous?.at ?? at, at) } };
}

const withItem = (list: readonly string[] | undefined, item: string | undefined): string[] =>
  (item === undefined || (list ?? []).includes(item) ? [...(list ?? [])] : [...(list ?? []), item]);

/** A resolved incident an alert of which fires again within `reopenWindowMs` of its resolution. */
function reopenable(alert: Alert, previous: Incident | undefined, config: GroupingConfig): previous is Incident & { resolvedAt: number } {
  return previous?.status === 'resolved' && previous.resolvedAt !== null && alert.activeSince - previous.resolvedAt <= config.reopenWindowMs;
}

function onFiring(alert: Alert, previous: Incident | undefined, open: readonly Incident[], routes: readonly Route[], hints: Hints, config: GroupingConfig): GroupingResult {
  // A refire stays with its active incident while that is active on its entity; one of a resolved incident reopens it
  // unless it links to an active one (a new fault upstream symptoms point to).
  const rejoins = previous !== undefined && isActive(previous) && activeOn(previous, alert.entityId, alert.activeSince, relatedWindowOf(config));
  const rejoin = rejoins ? { incident: previous, correlation: alert.correlation ?? OPENED } : undefined;
  const reopen = previous !== undefined && reopenable(alert, previous, config) ? { incident: previous, correlation: alert.correlation ?? OPENED } : undefined;
  const chosen: Choice = rejoin ?? chooseIncident(alert, open, routes, hints, config) ?? reopen;
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
    signs: withItem(target.signs, (target.signs ?? []).length < MAX_SIGNS ? signOf(alert) : undefined),
    entityActivity: withActivity(target.entityActivity, alert.entityId, 1, alert.activeSince),
    templates: withItem(target.templates, (target.templates ?? []).length < MAX_MARKS ? templateMarkOf(alert) : undefined),
    titles: withItem(target.titles, (target.titles ?? []).length < MAX_MARKS ? titleMarkOf(alert) : undefined),
    ruleGroups: withItem(target.ruleGroups, hints.ruleGroup?.key),
    quietSince: null,
  };
  const incident = grown.alertCount > 1 ? { ...grown, title: titleOf(grown, problems) } : grown;
  const timeline: TimelineEntry[] = [{ time: alert.activeSince, kind: 'alert-firing', text: `${alert.title} firing (${alert.severity})`, ref: alert.fingerprint }];
  if (reopens) timeline.push({ time: alert.activeSince, kind: 'status', text: `incident reopened: ${alert.title} fired again ${Math.round((alert.activeSince - (target.resolvedAt ?? alert.activeSince)) / 1000)} s after it resolved`, ref: alert.fingerprint });
  const absorbed = chosen?.absorbed === undefined ? {} : { absorbed: { incidents: chosen.absorbed, because: `${alert.title} on ${alert.entityId} links it to this one (${chosen.correlation.reason})` } };
  return { incident, alert: { ...alert, incidentId: incident.id, correlation: chosen?.correlation ?? OPENED }, timeline, change, ...absorbed };
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
  const counted: Incident = {
    ...incident, firingCount, lastActivityAt: Math.max(incident.lastActivityAt, at),
    entityActivity: withActivity(incident.entityActivity, alert.entityId, -1, at),
  };
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
  const entityActivity = withActivity(incident.entityActivity, alert.entityId, 0, alert.lastSeen);
  return { incident: { ...incident, lastActivityAt: alert.lastSeen, severity, entityActivity }, alert, timeline: [], change };
}

/**
 * Places an alert that just changed (by `transition`) into an incident. `previous` is the
 * incident the alert belonged to, `open` the active incidents recent enough to join (of its entity,
 * of an entity on one of its `routes`, of its rule group and holding kinds responders judged against its kind).
 */
export function groupAlert(
  alert: Alert, transition: Transition, previous: Incident | undefined, open: readonly Incident[], config: GroupingConfig, routes: readonly Route[] = routesFrom([alert.entityId], () => []), hints: Hints = {},
): GroupingResult {
  switch (transition) {
    case 'firing':
      return onFiring(alert, previous, open, routes, hints, config);
    case 'resolved':
      return onResolved(alert, previous, config);
    case 'repeated':
      return onRepeated(alert, previous);
    case 'stale':
      return unchanged(alert);
  }
}
