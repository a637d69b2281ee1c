/**
 * The evidence that links an alert to an open incident, as an SRE would check it: the same entity (its own, or
 * the service or pod its labels name), the same service's pods, callers and callees up to three calls away when
 * latency or errors show on both ends (they travel up call edges; a memory leak or a full disk does not), and a
 * node with its pods when both are saturated. Each link has a score and says itself in words. Pure: the one-edge
 * relatives of an entity come from the topology through the caller.
 */
import type { Alert, Incident } from '../signals/index.js';
import { podRefOf, serviceRefOf } from '../signals/index.js';

/** What an alert says is wrong, coarsely: what decides whether it travels along a call edge. */
export type ProblemClass = 'latency' | 'errors' | 'traffic' | 'saturation' | 'other';

/** Alert names of other tools, by the words they use. */
const CLASS_BY_NAME: readonly [RegExp, ProblemClass][] = [
  [/latency|slow|duration|timeout/i, 'latency'],
  [/error|5xx|fail|budget|unavailable/i, 'errors'],
  [/cpu|memory|oom|disk|crash|restart|notready|throttl|saturat|full|pressure/i, 'saturation'],
  [/rate|traffic|throughput|request/i, 'traffic'],
];
const LABELLED: ReadonlySet<string> = new Set(['latency', 'errors', 'traffic', 'saturation']);

/** The class of problem an alert tells: opsight's metric alerts name it (`problem`), other alerts by their name. */
export function classOf(alert: Pick<Alert, 'labels' | 'title'>): ProblemClass {
  const labelled = alert.labels.problem;
  if (labelled !== undefined && LABELLED.has(labelled)) return labelled as ProblemClass;
  const name = alert.labels.alertname ?? alert.title;
  return CLASS_BY_NAME.find(([pattern]) => pattern.test(name))?.[1] ?? 'other';
}

/** Latency and errors travel up call edges: a slow callee makes its callers slow. */
const travels = (problem: ProblemClass) => problem === 'latency' || problem === 'errors';

/** A sign of an incident: which problem one of its alerts shows on which entity. */
export const signOf = (alert: Pick<Alert, 'entityId' | 'labels' | 'title'>) => `${alert.entityId} ${classOf(alert)}`;

/** Signs an incident keeps: enough for every entity of a large fault, bounded for a storm. */
export const MAX_SIGNS = 200;

/**
 * The entities an alert's labels name besides its own: an Alertmanager alert on a service that carries `pod`, or
 * a pod's alert that carries `service`, is about both.
 */
export function labelEntities(alert: Pick<Alert, 'entityId' | 'labels'>): string[] {
  const named = [serviceRefOf(alert.labels)?.id, podRefOf(alert.labels)?.id];
  return [...new Set(named.filter((id): id is string => id !== undefined && id !== alert.entityId))];
}

/** Entities one edge away, and what the entity asked about is to each ("callee of"), as the topology says. */
export type Relatives = readonly { entityId: string; relation: string }[];

/** How an alert's entity reaches another: edges walked, call edges among them, the entities passed. */
export interface Route {
  entityId: string;
  /** What the alert's entity is to the first entity on the way ("caller of"). */
  relation: string;
  hops: number;
  calls: number;
  via: readonly string[];
  /** One end is a host: a node is related to its pods only by their saturation. */
  host: boolean;
}

const CALL_RELATIONS: ReadonlySet<string> = new Set(['caller of', 'callee of', 'linked to']);
const isHost = (entityId: string) => entityId.startsWith('host:');
/** Calls a fault's latency and errors are followed up the graph. */
export const MAX_CALLS = 3;
/** Entities a walk visits at most: bounds the work per alert in a large graph. */
const MAX_VISITED = 256;

/**
 * The routes from an alert's entities (its own and its labels') to everything within MAX_CALLS calls, shortest
 * first. A walk never passes through a host: two pods on one node are not related by it.
 */
export function routesFrom(starts: readonly string[], related: (entityId: string) => Relatives): Route[] {
  const routes = new Map<string, Route>(starts.map((entityId) => [entityId, { entityId, relation: 'same', hops: 0, calls: 0, via: [], host: isHost(entityId) }]));
  let frontier = [...routes.values()];
  while (frontier.length > 0 && routes.size < MAX_VISITED) {
    const next: Route[] = [];
    for (const from of frontier) {
      if (from.hops > 0 && from.host) continue;
      for (const { entityId, relation } of related(from.entityId)) {
        if (routes.has(entityId)) continue;
        const calls = from.calls + (CALL_RELATIONS.has(relation) ? 1 : 0);
        if (calls > MAX_CALLS) continue;
        const route: Route = {
          entityId, relation: from.hops === 0 ? relation : from.relation, hops: from.hops + 1, calls,
          via: from.hops === 0 ? [] : [...from.via, from.entityId], host: from.host || isHost(entityId),
        };
        routes.set(entityId, route);
        next.push(route);
      }
    }
    frontier = next;
  }
  return [...routes.values()];
}

/** A link at least this strong to two active incidents merges them: the same entity, pods, callers two calls away. */
export const MERGE_SCORE = 0.7;

/** A link of an alert to an incident: how strong, in words, to which of its entities; `firm` links of MERGE_SCORE or more merge incidents. */
export interface Link {
  score: number;
  reason: string;
  relatedTo: string;
  firm: boolean;
}

/** Whether the incident shows a problem that travels on `entityId`; an incident from before signs were kept is taken to. */
function showsTravelling(incident: Incident, entityId: string): boolean {
  if (incident.signs === undefined) return true;
  return incident.signs.some((sign) => sign === `${entityId} latency` || sign === `${entityId} errors`);
}

function routeWords(route: Route): string {
  if (route.hops === 1) return `${route.relation} ${route.entityId}`;
  const calls = route.calls === 0 ? '' : `, ${route.calls} ${route.calls === 1 ? 'call' : 'calls'} away`;
  return `${route.relation} ${route.via[0] ?? ''}, which leads to ${route.entityId} via ${route.via.length} ${route.via.length === 1 ? 'entity' : 'entities'}${calls}`;
}

export const rounded = (score: number) => Math.round(score * 100) / 100;

function seconds(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return ms >= 0 ? `${s} s after its last alert` : `${s} s before its last alert`;
}

/** The link of one route, if the problems on its ends allow one. */
function linkOf(problem: ProblemClass, incident: Incident, route: Route, own: string): Omit<Link, 'reason'> & { words: string } | undefined {
  if (route.hops === 0) {
    const reason = route.entityId === own ? `same entity: ${own}` : `same entity by its labels: ${route.entityId}`;
    return { score: route.entityId === own ? 1 : 0.95, words: reason, relatedTo: route.entityId, firm: true };
  }
  if (route.host) {
    const saturated = problem === 'saturation' && (incident.signs ?? []).includes(`${route.entityId} saturation`);
    return route.hops === 1 && saturated ? { score: 0.5, words: `${route.relation} ${route.entityId}, saturated both`, relatedTo: route.entityId, firm: false } : undefined;
  }
  if (route.calls === 0) return { score: rounded(0.9 - 0.05 * (route.hops - 1)), words: routeWords(route), relatedTo: route.entityId, firm: true };
  if (!travels(problem) || !showsTravelling(incident, route.entityId)) return undefined;
  const score = rounded(0.8 - 0.1 * (route.calls - 1) - 0.05 * (route.hops - route.calls));
  return { score, words: `${routeWords(route)}, ${problem} here and latency or errors there`, relatedTo: route.entityId, firm: true };
}

/**
 * Whether the incident is active on `entityId` at `time`: an alert of it there fires, or fired, repeated or resolved
 * at most `windowMs` before. An entity whose alerts all ended a while ago is healthy again, so a new alert on it is a
 * new problem unless other evidence ties it to the incident. An incident from before activity was kept is taken to be.
 */
export function activeOn(incident: Pick<Incident, 'entityActivity'>, entityId: string, time: number, windowMs: number): boolean {
  if (incident.entityActivity === undefined) return true;
  const activity = incident.entityActivity[entityId];
  return activity !== undefined && (activity.firing > 0 || activity.at >= time - windowMs);
}

/**
 * A fault climbs the call graph a hop in minutes: a route through calls counts while the incident is young,
 * `relatedWindowMs` after it started per call. The pods of a service and their service count while the incident
 * was active within `relatedWindowMs`.
 */
function soonEnough(alert: Alert, incident: Incident, route: Route, relatedWindowMs: number): boolean {
  if (route.calls === 0) return route.hops === 0 || incident.lastActivityAt >= alert.activeSince - relatedWindowMs;
  return incident.startedAt >= alert.activeSince - relatedWindowMs * route.calls;
}

/**
 * The strongest link of an alert to an incident over the routes that reach its entities, soon enough: its own
 * entity, its service or its pods while the incident is active there (activeOn), other routes as soonEnough says.
 */
export function strongestLink(alert: Alert, incident: Incident, routes: readonly Route[], relatedWindowMs: number): Link | undefined {
  const problem = classOf(alert);
  let best: Link | undefined;
  for (const route of routes) {
    if (!incident.entities.includes(route.entityId)) continue;
    if (route.calls === 0 && !activeOn(incident, route.entityId, alert.activeSince, relatedWindowMs)) continue;
    if (!soonEnough(alert, incident, route, relatedWindowMs)) continue;
    const found = linkOf(problem, incident, route, alert.entityId);
    if (found === undefined || (best !== undefined && found.score <= best.score)) continue;
    const { words, ...link } = found;
    best = { ...link, reason: route.hops === 0 ? words : `${words}, ${seconds(alert.activeSince - incident.lastActivityAt)}` };
  }
  return best;
}
