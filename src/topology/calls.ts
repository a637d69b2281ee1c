/**
 * Calls between services, from spans, on event time. A span whose parent belongs to another service
 * is a call from the parent's service to its own (OpenTelemetry puts the caller's client span over
 * the callee's server span, so the call's duration is the client's: what the caller waited, network
 * included). A client span naming a peer that sends no spans (`db.system`, `messaging.destination.name`,
 * `peer.service`; `server.address` when no instrumented child joined it) is a call to that peer.
 * Parents and children may arrive in either order, in different batches: each span waits up to
 * `joinWindowMs` of event time for the other side. Pure: spans in, calls out; bounded memory.
 */
import type { Span } from '../signals/index.js';
import type { Call, CallEnd } from './call.js';

export interface CallJoinerOptions {
  /** Event time a span waits for its parent or its children. @default 120000 */
  joinWindowMs?: number;
  /** Spans held at once; past it the oldest are let go unjoined. @default 200000 */
  maxSpans?: number;
}

/** What a held span keeps: enough to join and time a call, not its attributes (thousands are held at once). */
interface HeldSpan {
  traceId: string;
  parentSpanId: string | undefined;
  entityId: string;
  service: string;
  operation: string;
  outgoing: boolean;
  start: number;
  end: number;
  error: boolean;
  /** A server address named by a client span that named no other peer: a call to it if no instrumented child answers. */
  address: string | undefined;
}

interface Held {
  span: HeldSpan;
  /** Whether a child in another service joined it (a client span then needs no peer call). */
  joined: boolean;
}

const keyOf = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

/** The peer a client span names when the callee sends no spans of its own; undefined when it names none. */
export function immediatePeer(span: Span): string | undefined {
  const attribute = (name: string) => {
    const value = span.attributes[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const db = attribute('db.system');
  if (db !== undefined) return [db, attribute('db.namespace') ?? attribute('db.name')].filter((part) => part !== undefined).join('/');
  return attribute('messaging.destination.name') ?? attribute('peer.service');
}

function serverAddress(span: Span): string | undefined {
  const value = span.attributes['server.address'] ?? span.attributes['net.peer.name'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const isOutgoing = (span: Span) => span.kind === 'client' || span.kind === 'producer';

function endOf(span: HeldSpan): CallEnd {
  return { entityId: span.entityId, service: span.service, operation: span.operation };
}

function heldOf(span: Span, peer: string | undefined): HeldSpan {
  const outgoing = isOutgoing(span);
  return {
    traceId: span.traceId, parentSpanId: span.parentSpanId, entityId: span.entityId, service: span.service, operation: span.operation,
    outgoing, start: span.start, end: span.end, error: span.status === 'error', address: outgoing && peer === undefined ? serverAddress(span) : undefined,
  };
}

function peerEnd(name: string): CallEnd {
  return { entityId: `peer:${name}`, service: name };
}

export class CallJoiner {
  private readonly held = new Map<string, Held>();
  /** Children waiting for their parent, by the parent's key. */
  private readonly orphans = new Map<string, HeldSpan[]>();
  private readonly joinWindowMs: number;
  private readonly maxSpans: number;
  private watermark = 0;

  constructor(options: CallJoinerOptions = {}) {
    this.joinWindowMs = options.joinWindowMs ?? 120_000;
    this.maxSpans = options.maxSpans ?? 200_000;
  }

  /** Spans held now (for tests and metrics). */
  get size(): number {
    return this.held.size;
  }

  observe(spans: readonly Span[]): Call[] {
    const calls: Call[] = [];
    for (const span of spans) {
      this.hold(span, calls);
      if (span.end > this.watermark) this.watermark = span.end;
    }
    this.expire(this.watermark - this.joinWindowMs, calls);
    return calls;
  }

  private hold(span: Span, calls: Call[]): void {
    const key = keyOf(span.traceId, span.spanId);
    if (this.held.has(key)) return;
    if (this.held.size >= this.maxSpans) this.expire(Infinity, calls, 1);
    const peer = isOutgoing(span) ? immediatePeer(span) : undefined;
    const compact = heldOf(span, peer);
    const held: Held = { span: compact, joined: false };
    this.held.set(key, held);
    if (peer !== undefined) calls.push(this.peerCall(compact, peer));
    for (const child of this.orphans.get(key) ?? []) this.join(held, child, calls);
    this.orphans.delete(key);
    if (span.parentSpanId === undefined) return;
    const parentKey = keyOf(span.traceId, span.parentSpanId);
    const parent = this.held.get(parentKey);
    if (parent !== undefined) this.join(parent, compact, calls);
    else {
      const siblings = this.orphans.get(parentKey);
      if (siblings === undefined) this.orphans.set(parentKey, [compact]);
      else siblings.push(compact);
    }
  }

  private join(parent: Held, child: HeldSpan, calls: Call[]): void {
    const caller = parent.span;
    if (caller.service === child.service) return;
    parent.joined = true;
    const timing = caller.outgoing ? caller : child;
    calls.push({
      caller: endOf(caller), callee: endOf(child), kind: 'service', time: timing.end,
      durationMs: Math.max(0, timing.end - timing.start), error: caller.error || child.error,
      ...(caller.outgoing ? { calleeDurationMs: Math.max(0, child.end - child.start) } : {}),
    });
  }

  private peerCall(span: HeldSpan, peer: string): Call {
    return { caller: endOf(span), callee: peerEnd(peer), kind: 'peer', time: span.end, durationMs: Math.max(0, span.end - span.start), error: span.error };
  }

  /**
   * Lets go of spans that ended before `before` (at most `limit`, oldest held first): a client span
   * that named a server address and that no instrumented child joined was a call to that address.
   */
  private expire(before: number, calls: Call[], limit = Infinity): void {
    let released = 0;
    for (const [key, held] of this.held) {
      if (released >= limit || held.span.end >= before) break;
      this.held.delete(key);
      released += 1;
      const { span } = held;
      if (span.address !== undefined && !held.joined) calls.push(this.peerCall(span, span.address));
      if (span.parentSpanId !== undefined) this.orphans.delete(keyOf(span.traceId, span.parentSpanId));
    }
  }
}
