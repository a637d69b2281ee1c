/**
 * The service graph: who calls whom (from the Calls traces show), which pod serves which service and runs
 * on which host (from the attributes signals carry), and the edges declared in the config. Each call edge
 * carries the RED figures of the latest closed window of event time. Edges age out on event time: the
 * graph's clock is the latest time it has seen, never the wall clock. Pure: calls and sightings in, views out.
 */
import type { Call } from './call.js';
import { hierarchyOf } from './hierarchy.js';
import { bucketOf, emptyHistogram, quantileOf } from '../detect/trace-red/latency-histogram.js';
import type { RestoreResult } from '../detect/restore-report.js';
import type { EdgeState, SeenEdgeKind } from './graph-checkpoint.js';
import { checkpointEntries, readCheckpoint } from './graph-checkpoint.js';

export const NODE_KINDS = ['service', 'peer', 'pod', 'host', 'container', 'unknown'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const EDGE_KINDS = ['call', 'peer', 'static', 'hierarchy'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export interface TopologyNode {
  id: string;
  kind: NodeKind;
  name: string;
  /** The worst severity of the alerts firing on it, `ok` when none fires; `unknown` until the alerts are read (see health.ts). */
  health: 'unknown' | 'ok' | 'info' | 'warning' | 'error' | 'critical';
}

/** Rate, errors and duration of an edge's calls in one window of event time. */
export interface EdgeRed {
  windowStart: number;
  windowMs: number;
  requests: number;
  errors: number;
  ratePerSecond: number;
  /** Errors over requests; null without requests. */
  errorRatio: number | null;
  /** 95th percentile of the call durations (the upper edge of its histogram bucket, about ±10%); null without requests. */
  p95Ms: number | null;
}

export interface TopologyEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Event times of the first and latest call or sighting; null for a static edge. */
  firstSeen: number | null;
  lastSeen: number | null;
  /** Call and peer edges: the latest closed window; null for other kinds, and for an edge first seen after that window. */
  red: EdgeRed | null;
}

export interface TopologyView {
  /** The graph's clock: the latest event time seen; null before anything was. */
  asOf: number | null;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface ServiceGraphOptions {
  /** Window of event time of the RED figures, in ms. @default 60000 */
  windowMs?: number;
  /** An edge not seen for this long of event time is dropped, in ms. @default 3600000 */
  edgeTtl?: number;
  /** Most edges kept, static ones aside; the least recently seen go first. @default 50000 */
  maxEdges?: number;
  /** Most distinct entities the seen edges may name; past it the least recently seen edges go first. @default 20000 */
  maxNodes?: number;
  /** Edges declared in the config: always present. */
  edges?: readonly { from: string; to: string }[];
}

const edgeKey = (kind: EdgeKind, from: string, to: string) => JSON.stringify([kind, from, to]);

/** An entity one edge away, and what the entity asked about is to it. */
export interface Relative {
  entityId: string;
  relation: string;
}

/** What an edge's `from` is to its `to`, and the other way round. */
const FORWARD: Record<EdgeKind, string> = { call: 'caller of', peer: 'caller of', hierarchy: 'part of', static: 'linked to' };
const BACKWARD: Record<EdgeKind, string> = { call: 'callee of', peer: 'callee of', hierarchy: 'holding', static: 'linked to' };

function nodeOf(id: string): TopologyNode {
  const colon = id.indexOf(':');
  const prefix = id.slice(0, colon);
  const kind = colon > 0 ? NODE_KINDS.find((known) => known === prefix) : undefined;
  return kind === undefined ? { id, kind: 'unknown', name: id, health: 'unknown' } : { id, kind, name: id.slice(colon + 1), health: 'unknown' };
}

export class ServiceGraph {
  private readonly windowMs: number;
  private readonly edgeTtl: number;
  private readonly maxEdges: number;
  private readonly maxNodes: number;
  private readonly staticEdges: TopologyEdge[];
  /** Seen edges, least recently seen first: an edge moves to the end when its last sighting moves on. */
  private edges = new Map<string, EdgeState>();
  /** Seen edges naming each entity: the nodes of the graph, bounded by maxNodes. */
  private nodeEdges = new Map<string, number>();
  private clock: number | undefined;
  /** Window of the clock when edges were last aged: ageing runs once per window of event time. */
  private agedWindow = Number.NEGATIVE_INFINITY;
  private generation = 0;

  constructor(options: ServiceGraphOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.edgeTtl = options.edgeTtl ?? 60 * 60_000;
    this.maxEdges = options.maxEdges ?? 50_000;
    this.maxNodes = options.maxNodes ?? 20_000;
    const declared = new Map((options.edges ?? []).map(({ from, to }) => [edgeKey('static', from, to), { from, to }]));
    this.staticEdges = [...declared.values()].map(({ from, to }) => ({ from, to, kind: 'static', firstSeen: null, lastSeen: null, red: null }));
  }

  /** Adds calls: an edge per caller, callee and kind, with their RED in the window of each call's time. */
  observe(calls: readonly Call[]): void {
    for (const call of calls) {
      this.advance(call.time);
      const edge = this.touch(call.kind === 'service' ? 'call' : 'peer', call.caller.entityId, call.callee.entityId, call.time);
      this.count(edge, call);
    }
  }

  /** Adds the hierarchy (pod → service, container → pod, pod → host) that `attributes`, seen on `entityId` at `time`, reveal. */
  observeEntity(entityId: string, attributes: Record<string, unknown>, time: number): void {
    this.advance(time);
    for (const { from, to } of hierarchyOf(attributes, entityId)) this.touch('hierarchy', from, to, time);
  }

  /**
   * The whole graph, or the part around `entityId`: the nodes at most `depth` edges away from it in
   * either direction, and every edge between them. Nodes by id, edges by from, to and kind.
   */
  neighbourhood(entityId?: string, depth = 1): TopologyView {
    let edges = [...this.liveEdges()];
    if (entityId !== undefined) {
      const near = nodesAround(edges, entityId, depth);
      edges = edges.filter((edge) => near.has(edge.from) && near.has(edge.to));
    }
    edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind));
    const ids = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]))].sort((a, b) => a.localeCompare(b));
    return { asOf: this.clock ?? null, nodes: ids.map(nodeOf), edges };
  }

  /**
   * The entities one edge away from `entityId`, with what `entityId` is to each (`caller of`,
   * `callee of`, `part of`, `holding`, `linked to`): for correlation, which asks whether an alert is
   * related to an incident's entities. Edges aged out are not followed.
   */
  related(entityId: string): Relative[] {
    const relatives: Relative[] = [];
    const follow = (edge: { from: string; to: string; kind: EdgeKind }) => {
      if (edge.from === entityId && edge.to !== entityId) relatives.push({ entityId: edge.to, relation: FORWARD[edge.kind] });
      else if (edge.to === entityId && edge.from !== entityId) relatives.push({ entityId: edge.from, relation: BACKWARD[edge.kind] });
    };
    this.staticEdges.forEach(follow);
    const oldest = this.clock === undefined ? Infinity : this.clock - this.edgeTtl;
    for (const edge of this.edges.values()) if (edge.lastSeen >= oldest) follow(edge);
    return relatives;
  }

  /** The graph's state as checkpoint entries, built lazily chunk by chunk; static edges come from the config again. */
  snapshot(): Iterable<[string, string]> {
    this.generation += 1;
    const edges = this.edges;
    return checkpointEntries({ keys: [...edges.keys()], edge: (key) => edges.get(key), clock: this.clock ?? null }, this.generation);
  }

  /** Restores what snapshot() wrote, in its recency order; edges that fail validation are skipped with the reason. */
  restore(entries: ReadonlyMap<string, string>): RestoreResult {
    const read = readCheckpoint(entries);
    this.edges = new Map();
    this.nodeEdges = new Map();
    this.generation = read.generation;
    this.clock = read.clock ?? undefined;
    for (const edge of read.edges) this.addEdge(edgeKey(edge.kind, edge.from, edge.to), edge);
    this.dropOverBound();
    if (this.clock !== undefined) this.age(this.clock);
    return read.result;
  }

  private advance(time: number): void {
    if (this.clock !== undefined && time <= this.clock) return;
    this.clock = time;
    if (Math.floor(time / this.windowMs) !== this.agedWindow) this.age(time);
  }

  /** Drops the edges not seen within the ttl, and the windows too old to be reported. */
  private age(clock: number): void {
    this.agedWindow = Math.floor(clock / this.windowMs);
    const oldest = clock - this.edgeTtl;
    const closedStart = this.closedWindowStart(clock);
    for (const [key, edge] of this.edges) {
      if (edge.lastSeen < oldest) this.removeEdge(key, edge);
      else edge.windows = edge.windows.filter((window) => window.start >= closedStart);
    }
  }

  private touch(kind: SeenEdgeKind, from: string, to: string, time: number): EdgeState {
    const key = edgeKey(kind, from, to);
    const edge = this.edges.get(key);
    if (edge === undefined) {
      const created: EdgeState = { kind, from, to, firstSeen: time, lastSeen: time, windows: [] };
      this.addEdge(key, created);
      this.dropOverBound();
      return created;
    }
    edge.firstSeen = Math.min(edge.firstSeen, time);
    if (time > edge.lastSeen) {
      edge.lastSeen = time;
      this.edges.delete(key);
      this.edges.set(key, edge);
    }
    return edge;
  }

  /** Drops the least recently seen edges while there are more edges, or more entities named, than the bounds allow. */
  private dropOverBound(): void {
    for (const [key, edge] of this.edges) {
      if (this.edges.size <= this.maxEdges && this.nodeEdges.size <= this.maxNodes) return;
      this.removeEdge(key, edge);
    }
  }

  private addEdge(key: string, edge: EdgeState): void {
    this.edges.set(key, edge);
    for (const node of [edge.from, edge.to]) this.nodeEdges.set(node, (this.nodeEdges.get(node) ?? 0) + 1);
  }

  private removeEdge(key: string, edge: EdgeState): void {
    this.edges.delete(key);
    for (const node of [edge.from, edge.to]) {
      const left = (this.nodeEdges.get(node) ?? 1) - 1;
      if (left > 0) this.nodeEdges.set(node, left);
      else this.nodeEdges.delete(node);
    }
  }

  /** Counts a call in its window; a call of a window older than the latest closed one is too late to be reported. */
  private count(edge: EdgeState, call: Call): void {
    const start = Math.floor(call.time / this.windowMs) * this.windowMs;
    if (start < this.closedWindowStart(this.clock ?? call.time)) return;
    let window = edge.windows.find((candidate) => candidate.start === start);
    if (window === undefined) {
      window = { start, requests: 0, errors: 0, latency: emptyHistogram() };
      edge.windows.push(window);
    }
    window.requests += 1;
    if (call.error) window.errors += 1;
    const bucket = bucketOf(call.durationMs);
    window.latency[bucket] = (window.latency[bucket] ?? 0) + 1;
  }

  /** Start of the latest window that ended at or before `clock`. */
  private closedWindowStart(clock: number): number {
    return Math.floor(clock / this.windowMs) * this.windowMs - this.windowMs;
  }

  private *liveEdges(): Generator<TopologyEdge> {
    yield* this.staticEdges;
    if (this.clock === undefined) return;
    const oldest = this.clock - this.edgeTtl;
    for (const edge of this.edges.values()) {
      if (edge.lastSeen < oldest) continue;
      yield { from: edge.from, to: edge.to, kind: edge.kind, firstSeen: edge.firstSeen, lastSeen: edge.lastSeen, red: this.redOf(edge, this.clock) };
    }
  }

  private redOf(edge: EdgeState, clock: number): EdgeRed | null {
    const windowStart = this.closedWindowStart(clock);
    if (edge.kind === 'hierarchy' || edge.firstSeen >= windowStart + this.windowMs) return null;
    const window = edge.windows.find((candidate) => candidate.start === windowStart);
    const requests = window?.requests ?? 0;
    const errors = window?.errors ?? 0;
    const p95 = window === undefined ? Number.NaN : quantileOf(window.latency, requests, 0.95);
    return {
      windowStart, windowMs: this.windowMs, requests, errors, ratePerSecond: requests / (this.windowMs / 1000),
      errorRatio: requests === 0 ? null : errors / requests, p95Ms: Number.isNaN(p95) ? null : p95,
    };
  }
}

/** The nodes at most `depth` edges from `start`, edges followed either way. */
function nodesAround(edges: readonly TopologyEdge[], start: string, depth: number): Set<string> {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list === undefined) neighbours.set(a, [b]);
    else list.push(b);
  };
  for (const { from, to } of edges) {
    link(from, to);
    link(to, from);
  }
  const near = new Set([start]);
  let frontier = [start];
  for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
    frontier = [...new Set(frontier.flatMap((id) => neighbours.get(id) ?? []))].filter((id) => !near.has(id));
    for (const id of frontier) near.add(id);
  }
  return near;
}
