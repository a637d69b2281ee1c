/**
 * The part of the topology an incident's root cause is looked for in: its entities, the entities within a few
 * edges of them (callers and callees, the pods of a service, the host of a pod), everything they call however
 * deep, and the call edges among them.
 * Pure: a view of the graph in, the scope out.
 */
import type { TopologyEdge, TopologyView } from '../topology/graph.js';
import type { CallEdge } from './evidence.js';

export interface Scope {
  entities: Set<string>;
  /** Caller → callee edges among the scope's entities. */
  edges: CallEdge[];
}

export interface ScopeOptions {
  /** Edges followed (either way) from the incident's entities. @default 2 */
  depth?: number;
  /** Most entities in the scope; the nearest are kept. @default 200 */
  maxEntities?: number;
}

/** Adds everything the entities call, directly or not: a fault deep in the call graph shows at every caller above it. */
function addDownstream(scope: Set<string>, entities: readonly string[], calls: readonly TopologyEdge[], maxEntities: number): void {
  const callees = new Map<string, string[]>();
  for (const { from, to } of calls) callees.set(from, [...(callees.get(from) ?? []), to]);
  const queue = [...entities];
  const seen = new Set(entities);
  for (let next = queue.shift(); next !== undefined && scope.size < maxEntities; next = queue.shift()) {
    for (const callee of callees.get(next) ?? []) {
      if (seen.has(callee)) continue;
      seen.add(callee);
      scope.add(callee);
      queue.push(callee);
    }
  }
}

export function scopeOf(entities: readonly string[], view: TopologyView, options: ScopeOptions = {}): Scope {
  const depth = options.depth ?? 2;
  const maxEntities = options.maxEntities ?? 200;
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = neighbours.get(a);
    if (set === undefined) neighbours.set(a, new Set([b]));
    else set.add(b);
  };
  for (const { from, to } of view.edges) {
    link(from, to);
    link(to, from);
  }
  const scope = new Set(entities.slice(0, maxEntities));
  let frontier = [...scope];
  for (let hop = 0; hop < depth && frontier.length > 0 && scope.size < maxEntities; hop += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of [...(neighbours.get(id) ?? [])].sort()) {
        if (scope.has(neighbour) || scope.size >= maxEntities) continue;
        scope.add(neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  const calls = view.edges.filter((edge) => edge.kind === 'call' || edge.kind === 'peer');
  addDownstream(scope, entities, calls, maxEntities);
  const edges = calls.filter((edge) => scope.has(edge.from) && scope.has(edge.to)).map((edge) => ({ caller: edge.from, callee: edge.to }));
  return { entities: scope, edges };
}
