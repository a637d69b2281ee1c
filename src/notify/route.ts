/**
 * Routing, as Alertmanager routes alerts: the incident's label sets go down the tree; a node matches when all its
 * matchers do, its children are tried in order, and the deepest matching nodes receive the incident (a node
 * whose children all miss receives it itself). A matching child stops its siblings unless it says `continue`.
 * Settings not given on a node are inherited from its parent.
 */
import type { Incident, Labels } from '../signals/index.js';
import { matchAll } from '../suppress/index.js';
import type { RouteNode } from './config.js';

/** Alertmanager's defaults for a root that does not say. */
export const routeDefaults = { groupBy: [] as string[], groupWait: 30_000, groupInterval: 5 * 60_000, repeatInterval: 4 * 3_600_000 };

/** Where a route sends an incident, and how its notifications are grouped and repeated. */
export interface RouteMatch {
  receiver: string | undefined;
  escalation: string | undefined;
  /** Which node matched (`route.routes[0]`) and the values of its groupBy labels: the notification group. */
  groupKey: string;
  groupWait: number;
  groupInterval: number;
  repeatInterval: number;
}

const entityKinds = ['service', 'host', 'pod'];

/**
 * The label sets an incident offers matchers, one per entity: `incident`, `severity`, `status`, `entity` and
 * `service` (or `host`, `pod`: the name of that entity), over the labels of its alerts. A route matches when one
 * set matches, so `service=checkout` finds an incident that involves checkout among others.
 */
export function incidentLabelSets(incident: Incident, alertLabels: Labels = {}): Labels[] {
  const own = { incident: incident.id, severity: incident.severity, status: incident.status };
  const entities = incident.entities.length > 0 ? incident.entities : [''];
  return entities.map((entity) => {
    const [kind = '', name = ''] = entity.includes(':') ? [entity.slice(0, entity.indexOf(':')), entity.slice(entity.indexOf(':') + 1)] : [];
    return { ...alertLabels, ...own, entity, ...(entityKinds.includes(kind) ? { [kind]: name } : {}) };
  });
}

interface Inherited { receiver: string | undefined; groupBy: string[]; groupWait: number; groupInterval: number; repeatInterval: number }

function inherit(parent: Inherited, node: RouteNode): Inherited {
  return {
    receiver: node.receiver ?? parent.receiver,
    groupBy: node.groupBy ?? parent.groupBy,
    groupWait: node.groupWait ?? parent.groupWait,
    groupInterval: node.groupInterval ?? parent.groupInterval,
    repeatInterval: node.repeatInterval ?? parent.repeatInterval,
  };
}

/** Every node that receives the incident, deepest first in tree order. */
export function routeIncident(root: RouteNode, labelSets: readonly Labels[]): RouteMatch[] {
  const visit = (node: RouteNode, parent: Inherited, path: string, matching: readonly Labels[]): RouteMatch[] => {
    const test = matchAll(node.matchers);
    const sets = matching.filter((labels) => test(labels));
    if (sets.length === 0) return [];
    const settings = inherit(parent, node);
    const found: RouteMatch[] = [];
    for (const [index, child] of node.routes.entries()) {
      const matches = visit(child, settings, `${path}.routes[${index}]`, sets);
      found.push(...matches);
      if (matches.length > 0 && !child.continue) break;
    }
    if (found.length > 0) return found;
    const labels = sets[0] as Labels;
    const group = settings.groupBy.map((name) => `${name}=${JSON.stringify(labels[name] ?? '')}`).join(',');
    const { receiver, groupWait, groupInterval, repeatInterval } = settings;
    return [{ receiver, escalation: node.escalation, groupKey: `${path}{${group}}`, groupWait, groupInterval, repeatInterval }];
  };
  return visit(root, { receiver: undefined, ...routeDefaults }, 'route', labelSets);
}
