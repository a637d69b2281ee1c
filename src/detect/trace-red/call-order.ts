/**
 * The order of a service's calls along a trace: for every span with children, its children ordered
 * by start make a sequence START → c1 → … → cn → END, each call named `<callee service or peer>:<operation>`.
 * Per service and window of event time (the parent's end), the mix of those transitions is compared
 * with the service's usual mix (mix-shift.ts): a service that makes the same calls in another order,
 * or skips one, shifts it even when its operation mix and its rates are unchanged. Children and
 * parents may arrive in either order, in different batches: children wait for their parent until
 * its window closes. Under load, whole traces are sampled by id to keep the parents held bounded.
 * Pure: spans in, samples out; bounded memory.
 */
import type { Sample, Span } from '../../signals/index.js';
import { immediatePeer } from '../../topology/calls.js';
import { mixShift } from '../mix-shift.js';
import { MIX_MIN_REQUESTS, RED_METRICS } from './red-aggregator.js';

export interface CallOrderOptions {
  /** Window of event time per data point. @default 60000 */
  windowMs?: number;
  /** Windows a late span may arrive after its window ends. @default 1 */
  lateWindows?: number;
  /** Parents (spans with children) held at once; children of further parents are dropped and counted, and traces sampled. @default 50000 */
  maxParents?: number;
  /** Spans without children yet held for children that arrive after them; past it the oldest half is let go. @default 100000 */
  maxWaiting?: number;
  /** Children of one parent; a longer sequence is dropped whole (a truncated order would be arbitrary) and counted. @default 256 */
  maxChildren?: number;
  /** Distinct transitions learned per service; the rest count in one more, `other`, bucket. @default 200 */
  maxTransitions?: number;
  /** Services learned at once; others are not measured. @default 10000 */
  maxServices?: number;
}

/** Sequences not counted, by why. */
export interface CallOrderDrops {
  /** A parent that arrived after its window closed, to children still held. */
  lateParents: number;
  /** Children whose parent never arrived before their window closed (or was let go from waiting). */
  orphanedGroups: number;
  /** Children of parents beyond maxParents. */
  overflowChildren: number;
  /** Sequences longer than maxChildren. */
  longSequences: number;
}

/** A span that may be a parent: whose sequence it is and the window it counts in (its end's). */
interface Parent {
  traceId: string;
  entityId: string;
  service: string;
  windowStart: number;
}

interface Child {
  start: number;
  end: number;
  name: string;
}

/** The children heard of one parent, and the parent once seen. */
interface Group {
  traceId: string;
  children: Child[];
  parent: Parent | undefined;
  /** Window the sequence counts in: the parent's end, or until it is seen, the latest child's. */
  windowStart: number;
}

interface ServiceBaseline {
  entityId: string;
  /** Transitions per window, as moving averages. */
  usual: Map<string, number>;
}

/** Most bits of a trace id sampling may ask to be zero: at least 1 trace in 65,536 is followed. */
const MAX_SAMPLE_BITS = 16;

/** The last four hex digits of a trace id as a number: random bits, the same for every span of the trace. */
function traceBits(traceId: string): number {
  let bits = 0;
  for (let i = traceId.length - 4; i < traceId.length; i++) {
    const code = traceId.charCodeAt(i);
    bits = (bits << 4) | (code <= 57 ? code - 48 : code - 87);
  }
  return bits;
}

/** Weight of the newest window in a transition's baseline (as the operation mix's). */
const BASELINE_ALPHA = 0.05;
/** A transition whose baseline fell below this is forgotten, making room for new ones. */
const FORGOTTEN = 0.01;
const START = '';
const END = '';
const OTHER = '\u0001other';
const SEPARATOR = '\u0000';

/** A call as it appears in its parent's sequence: the peer a client span names, else the child's service, and its operation. */
function callName(child: Span): string {
  const outgoing = child.kind === 'client' || child.kind === 'producer';
  const peer = outgoing ? immediatePeer(child) : undefined;
  return `${peer ?? child.service}:${child.operation}`;
}

/**
 * Spans held for children that may follow them, the oldest let go first, at the cost of two lookups:
 * a full generation is kept as the older one while the next fills, then let go whole.
 */
class Generations<V> {
  private newer = new Map<string, V>();
  private older = new Map<string, V>();

  constructor(private readonly max: number) {}

  set(key: string, value: V): void {
    if (this.newer.size * 2 >= this.max) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }

  /** The value under `key`, no longer held. */
  take(key: string): V | undefined {
    const value = this.newer.get(key) ?? this.older.get(key);
    if (value !== undefined && !this.newer.delete(key)) this.older.delete(key);
    return value;
  }
}

function byStart(a: Child, b: Child): number {
  return a.start - b.start || a.end - b.end || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** START → c1 → … → cn → END of one parent's children. */
function transitionsOf(children: Child[]): string[] {
  const names = children.sort(byStart).map((child) => child.name);
  return [START, ...names].map((from, i) => `${from}${SEPARATOR}${names[i] ?? END}`);
}

export class CallOrderMix {
  /** Parents with children heard, by span id (ids are random 64 bits; the trace id is checked too). */
  private readonly groups = new Map<string, Group>();
  /** Spans without children heard yet, by span id. */
  private readonly waiting: Generations<Parent>;
  private readonly baselines = new Map<string, ServiceBaseline>();
  private readonly windowMs: number;
  private readonly lateWindows: number;
  private readonly maxParents: number;
  private readonly maxChildren: number;
  private readonly maxTransitions: number;
  private readonly maxServices: number;
  private readonly dropped: CallOrderDrops = { lateParents: 0, orphanedGroups: 0, overflowChildren: 0, longSequences: 0 };
  /** Traces followed: those whose id's last `sampleBits` bits are zero (see adjustSampling). */
  private sampleBits = 0;
  /** Spans with a parent since the last window closed, followed or not: the load sampling is set for. */
  private childrenSinceClose = 0;
  /** Start of the first window still open: groups of earlier windows are closed. */
  private openFrom = Number.NEGATIVE_INFINITY;
  private watermark = 0;

  constructor(options: CallOrderOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.lateWindows = options.lateWindows ?? 1;
    this.maxParents = options.maxParents ?? 50_000;
    this.waiting = new Generations(options.maxWaiting ?? 100_000);
    this.maxChildren = options.maxChildren ?? 256;
    this.maxTransitions = options.maxTransitions ?? 200;
    this.maxServices = options.maxServices ?? 10_000;
  }

  /** Sequences not counted so far, by why. */
  get drops(): Readonly<CallOrderDrops> {
    return { ...this.dropped };
  }

  /** Parents with children held now (for tests). */
  get size(): number {
    return this.groups.size;
  }

  /** Transitions in a service's baseline (for tests). */
  transitionsLearned(service: string): number {
    return this.baselines.get(service)?.usual.size ?? 0;
  }

  /** Holds the spans' parent–child links and returns the call-order mix shift of every window that closed. */
  observe(spans: readonly Span[]): Sample[] {
    const mask = (1 << this.sampleBits) - 1;
    const overflow = this.dropped.overflowChildren;
    for (const span of spans) {
      if (span.end > this.watermark) this.watermark = span.end;
      if (span.parentSpanId !== undefined) this.childrenSinceClose += 1;
      if ((traceBits(span.traceId) & mask) !== 0) continue;
      this.hearParent(span);
      if (span.parentSpanId !== undefined) this.hearChild(span, span.parentSpanId);
    }
    // Turned away before the window closes: follow half as many traces from now on.
    if (this.dropped.overflowChildren > overflow) this.sampleBits = Math.min(MAX_SAMPLE_BITS, this.sampleBits + 1);
    return this.closeWindows();
  }

  private startOf(time: number): number {
    return time - (time % this.windowMs);
  }

  /** The span as a parent: it joins the children heard before it, or waits for children to come. */
  private hearParent(span: Span): void {
    const parent: Parent = { traceId: span.traceId, entityId: span.entityId, service: span.service, windowStart: this.startOf(span.end) };
    const group = this.groupOf(span.spanId, span.traceId);
    if (group === undefined) {
      // Most spans are leaves: they wait for children exported after them, the oldest let go first.
      if (parent.windowStart >= this.openFrom) this.waiting.set(span.spanId, parent);
    } else if (parent.windowStart < this.openFrom) {
      this.dropped.lateParents += 1;
      this.groups.delete(span.spanId);
    } else {
      group.parent = parent;
      group.windowStart = parent.windowStart;
    }
  }

  private hearChild(span: Span, parentSpanId: string): void {
    let group = this.groupOf(parentSpanId, span.traceId);
    if (group === undefined) {
      if (this.groups.size >= this.maxParents) {
        this.dropped.overflowChildren += 1;
        return;
      }
      const waited = this.waiting.take(parentSpanId);
      // A parent whose window closed while it waited came too late for its children.
      const parent = waited !== undefined && waited.traceId === span.traceId && waited.windowStart >= this.openFrom ? waited : undefined;
      group = { traceId: span.traceId, children: [], parent, windowStart: parent?.windowStart ?? Number.NEGATIVE_INFINITY };
      this.groups.set(parentSpanId, group);
    }
    if (group.parent === undefined) group.windowStart = Math.max(group.windowStart, this.startOf(span.end), this.openFrom);
    if (group.children.length <= this.maxChildren) group.children.push({ start: span.start, end: span.end, name: callName(span) });
  }

  private groupOf(spanId: string, traceId: string): Group | undefined {
    const group = this.groups.get(spanId);
    return group?.traceId === traceId ? group : undefined;
  }

  /** Closes every window ending by the latest event time less the late allowance, oldest first. */
  private closeWindows(): Sample[] {
    const until = this.watermark - this.lateWindows * this.windowMs;
    const openFrom = this.startOf(until);
    if (openFrom <= this.openFrom) return [];
    this.openFrom = openFrom;
    this.adjustSampling();
    const closing = new Map<number, Group[]>();
    for (const [key, group] of this.groups) {
      if (group.windowStart >= openFrom) continue;
      this.groups.delete(key);
      if (group.children.length === 0) continue;
      const groups = closing.get(group.windowStart);
      if (groups === undefined) closing.set(group.windowStart, [group]);
      else groups.push(group);
    }
    const samples: Sample[] = [];
    for (const start of [...closing.keys()].sort((a, b) => a - b)) {
      for (const sample of this.closeWindow(start, closing.get(start) ?? [])) samples.push(sample);
    }
    return samples;
  }

  /** Counts the window's sequences per service, judges each service's mix against its baseline, then teaches it. */
  private closeWindow(start: number, groups: readonly Group[]): Sample[] {
    const counts = new Map<string, Map<string, number>>();
    for (const group of groups) {
      if (group.parent === undefined) {
        this.dropped.orphanedGroups += 1;
        continue;
      }
      if (group.children.length > this.maxChildren) {
        this.dropped.longSequences += 1;
        continue;
      }
      const baseline = this.baselineOf(group.parent.service, group.parent.entityId);
      if (baseline === undefined) continue;
      let window = counts.get(group.parent.service);
      if (window === undefined) counts.set(group.parent.service, (window = new Map<string, number>()));
      for (const transition of transitionsOf(group.children)) {
        const known = baseline.usual.has(transition) || baseline.usual.size < this.maxTransitions ? transition : OTHER;
        if (!baseline.usual.has(known)) baseline.usual.set(known, 0);
        window.set(known, (window.get(known) ?? 0) + 1);
      }
    }
    const samples: Sample[] = [];
    for (const [service, window] of counts) {
      const baseline = this.baselines.get(service) as ServiceBaseline;
      const shift = mixShift([...baseline.usual].map(([transition, usual]) => [window.get(transition) ?? 0, usual]), MIX_MIN_REQUESTS);
      if (shift !== undefined) {
        samples.push({ entityId: baseline.entityId, metric: RED_METRICS.callOrderMix, labels: { service }, kind: 'gauge', time: start + this.windowMs, value: shift });
      }
      this.learn(baseline, window);
    }
    return samples;
  }

  /**
   * Follows as many traces as the last window's load lets fill half of maxParents (as if each span with
   * a parent had its own): the cost stays bounded under any load, and a mix measured on a sample of
   * whole traces is still the mix.
   */
  private adjustSampling(): void {
    const load = this.childrenSinceClose / (this.maxParents / 2);
    this.sampleBits = Math.min(MAX_SAMPLE_BITS, Math.max(0, Math.ceil(Math.log2(load))));
    this.childrenSinceClose = 0;
  }

  private baselineOf(service: string, entityId: string): ServiceBaseline | undefined {
    let baseline = this.baselines.get(service);
    if (baseline === undefined && this.baselines.size < this.maxServices) this.baselines.set(service, (baseline = { entityId, usual: new Map() }));
    return baseline;
  }

  private learn(baseline: ServiceBaseline, window: ReadonlyMap<string, number>): void {
    for (const [transition, usual] of baseline.usual) {
      const next = usual + BASELINE_ALPHA * ((window.get(transition) ?? 0) - usual);
      if (next < FORGOTTEN && !window.has(transition)) baseline.usual.delete(transition);
      else baseline.usual.set(transition, next);
    }
  }
}
