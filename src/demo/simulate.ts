/**
 * The simulator core: the shop (shop.ts) under a daily load curve with noise, the faults active at each
 * moment (faults.ts), and what both do along the call graph. Each tick of event time gives plain data:
 * the pods' metric samples, sampled traces, log lines, change events, and each service's state with the
 * faults behind it (the ground truth a sink may need). Pure and deterministic: tick i depends on the
 * seed, i, the faults, and the counters of the ticks before; sinks turn it into protocols or files.
 */
import type { Rng } from '../bench/fuzz/prng.js';
import { inputRng } from '../bench/fuzz/prng.js';
import type { Sample } from '../signals/index.js';
import { resolveEntity } from '../signals/index.js';
import type { Fault, FaultEffect, FaultKind } from './faults.js';
import { effectOn } from './faults.js';
import { calleeErrorLine, ownErrorLine, routineLine, slowLine, warningLine } from './logs.js';
import type { CallEdge, ServiceModel } from './shop.js';
import { CONNECT_TIMEOUT_MS, ENTRY_ROUTES, ENTRY_SERVICE, NAMESPACE, PEAK_RPS, SHOP, callersFirst, podsOf, serviceModel } from './shop.js';

export interface DemoSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  pod: string;
  node: string;
  name: string;
  kind: 'server' | 'client' | 'producer' | 'consumer';
  start: number;
  end: number;
  error: boolean;
  attributes: Record<string, string | number>;
}

export interface DemoLog {
  service: string;
  pod: string;
  node: string;
  time: number;
  severity: 'info' | 'warning' | 'error';
  body: string;
  traceId?: string;
  spanId?: string;
}

/** A deploy, as `POST /api/v1/events` takes it (kind change). */
export interface DemoChange {
  service: string;
  time: number;
  title: string;
  version: string;
}

/** What a service looks like in one tick, and the faults behind it (own, or inherited from callees). */
export interface ServiceState {
  service: string;
  rps: number;
  /** Median and 90th percentile of a request's duration, ms. */
  p50Ms: number;
  p90Ms: number;
  errorRatio: number;
  /** Highest of its pods, as a share of the limit. */
  cpu: number;
  memory: number;
  disk: number;
  up: boolean;
  causes: string[];
}

export interface Tick {
  index: number;
  /** End of the tick: samples are stamped here; spans and logs fall in the tick. */
  time: number;
  samples: Sample[];
  spans: DemoSpan[];
  logs: DemoLog[];
  changes: DemoChange[];
  states: ServiceState[];
  /** Faults that began, and ended, within this tick. */
  began: Fault[];
  ended: Fault[];
}

export interface SimulatorOptions {
  seed: number;
  /** Event time of the first tick's start, ms. */
  start: number;
  /** @default 15000, a Prometheus scrape interval */
  tickMs?: number;
  faults?: readonly Fault[];
  /** Share of requests traced. @default 0.02 */
  traceSampling?: number;
  shop?: readonly ServiceModel[];
}

const BASE_ERROR_RATIO = 0.001;
const LATENCY_SIGMA = 0.45;
const Z90 = 1.2816;
const GiB = 1024 ** 3;
const VOLUME_BYTES = 20 * GiB;
/** Routine deploys, on average one per this much event time: changes that break nothing. */
const ROUTINE_DEPLOY_EVERY_MS = 2 * 3_600_000;

/** Share of the daily peak at `time`: lowest at 04:00 UTC, highest at 16:00. */
export function dailyLoad(time: number): number {
  const hours = (time / 3_600_000) % 24;
  return 0.3 + 0.7 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hours - 4)) / 24));
}

/** A standard normal draw (Box–Muller). */
function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

const hex = (rng: Rng, digits: number) => Array.from({ length: digits }, () => rng.int(16).toString(16)).join('');
const jitter = (rng: Rng, spread: number) => 1 + spread * gaussian(rng);

interface Flow {
  rps: number;
  effect: FaultEffect;
  /** Median of a request's duration, as its callers wait for it (the connect timeout when it is down). */
  latencyMs: number;
  errorRatio: number;
  causes: Set<string>;
}

/** Latency, errors and their causes along the call graph: callees first, so a caller inherits what its callees suffer. */
function flows(shop: readonly ServiceModel[], faults: readonly Fault[], time: number, entryRps: number): Map<string, Flow> {
  const order = callersFirst(shop);
  const result = new Map<string, Flow>(order.map((s) => [s.name, { rps: 0, effect: effectOn(s, faults, time), latencyMs: 0, errorRatio: 0, causes: new Set<string>() }]));
  const flow = (name: string) => result.get(name) as Flow;
  flow(ENTRY_SERVICE).rps = entryRps;
  for (const service of order) for (const edge of service.calls) flow(edge.to).rps += flow(service.name).rps * edge.p;
  for (const service of [...order].reverse()) {
    const own = flow(service.name);
    for (const cause of own.effect.causes) own.causes.add(cause);
    let latency = service.ownMs * own.effect.latencyFactor + own.effect.extraLatencyMs;
    let success = 1 - Math.max(BASE_ERROR_RATIO, own.effect.errorRatio);
    for (const edge of service.calls.filter((e) => e.async !== true)) {
      const callee = flow(edge.to);
      latency += edge.p * callee.latencyMs;
      if (edge.critical) success *= 1 - edge.p * callee.errorRatio;
      for (const cause of callee.causes) own.causes.add(cause);
    }
    own.latencyMs = own.effect.down ? CONNECT_TIMEOUT_MS : latency;
    own.errorRatio = own.effect.down ? 1 : 1 - success;
  }
  return result;
}

export class Simulator {
  readonly shop: readonly ServiceModel[];
  readonly tickMs: number;
  private readonly faults: Fault[];
  private readonly counters = new Map<string, number>();
  private readonly restartsSeen = new Map<string, number>();
  private readonly baseline: Map<string, Flow>;
  private index = 0;

  constructor(private readonly options: SimulatorOptions) {
    this.shop = options.shop ?? SHOP;
    this.tickMs = options.tickMs ?? 15_000;
    this.faults = [...(options.faults ?? [])];
    this.baseline = flows(this.shop, [], options.start, PEAK_RPS);
  }

  /** Event time the next tick starts at. */
  get now(): number {
    return this.options.start + this.index * this.tickMs;
  }

  /** Injects a fault (on demand); it acts from its start. */
  inject(fault: Fault): void {
    this.faults.push(fault);
  }

  get injected(): readonly Fault[] {
    return this.faults;
  }

  next(): Tick {
    const index = this.index++;
    const from = this.options.start + index * this.tickMs;
    const time = from + this.tickMs;
    const rng = inputRng(this.options.seed, 'demo', index);
    const entryRps = PEAK_RPS * dailyLoad(from) * jitter(rng, 0.05);
    const flow = flows(this.shop, this.faults, from, entryRps);
    const tick: Tick = {
      index, time, samples: [], spans: [], logs: [], changes: [], states: [],
      began: this.faults.filter((f) => f.start >= from && f.start < time), ended: this.faults.filter((f) => f.end >= from && f.end < time),
    };
    for (const service of this.shop) {
      const state = this.podSamples(rng, service, flow.get(service.name) as Flow, time, tick.samples);
      tick.states.push(state);
      this.serviceLogs(rng, service, flow, from, tick.logs);
    }
    const traces = Math.round(entryRps * (this.tickMs / 1000) * (this.options.traceSampling ?? 0.02));
    for (let i = 0; i < traces; i++) this.trace(rng, flow, from + rng.int(this.tickMs), tick);
    tick.changes.push(...this.changes(rng, tick.began, from));
    return tick;
  }

  private counter(key: string, increment: number): number {
    const total = (this.counters.get(key) ?? 0) + increment;
    this.counters.set(key, total);
    return total;
  }

  private podSamples(rng: Rng, service: ServiceModel, flow: Flow, time: number, out: Sample[]): ServiceState {
    const { effect } = flow;
    const pods = podsOf(service);
    const seconds = this.tickMs / 1000;
    const p50Ms = flow.latencyMs;
    const p90Ms = flow.latencyMs * Math.exp(Z90 * LATENCY_SIGMA);
    const newKills = Math.max(0, effect.restarts - (this.restartsSeen.get(service.name) ?? 0));
    this.restartsSeen.set(service.name, effect.restarts);
    let [cpuMax, memoryMax, disk] = [0, 0, effect.diskUsed ?? service.diskBase];
    for (const { pod, node } of pods) {
      const labels = { namespace: NAMESPACE, service: service.name, pod, node, container: service.name };
      const push = (metric: string, kind: Sample['kind'], value: number, extra: Record<string, string> = {}) => {
        const all = { ...labels, ...extra };
        out.push({ entityId: resolveEntity(all).id, metric, labels: all, kind, time, value });
      };
      const rps = effect.down ? 0 : flow.rps / pods.length;
      const cores = Math.min(service.cpuLimit * 0.98, (service.idleCpu + rps * service.cpuPerRequest + effect.cpuBurn * service.cpuLimit) * jitter(rng, 0.05));
      const memory = Math.min(0.99, (service.memoryBase + effect.memoryGrowth) * jitter(rng, 0.01));
      cpuMax = Math.max(cpuMax, cores / service.cpuLimit);
      memoryMax = Math.max(memoryMax, memory);
      disk = Math.min(1, (effect.diskUsed ?? service.diskBase) * jitter(rng, 0.002));
      push('container_cpu_usage_seconds_total', 'counter', this.counter(`cpu/${pod}`, cores * seconds));
      push('container_memory_working_set_bytes', 'gauge', Math.round(memory * service.memoryLimit));
      push('container_fs_usage_bytes', 'gauge', Math.round(disk * VOLUME_BYTES));
      push('kube_pod_container_status_restarts_total', 'counter', this.counter(`restarts/${pod}`, pod === pods[0]?.pod ? newKills : 0));
      push('up', 'gauge', effect.down ? 0 : 1, { job: service.name, instance: `${pod}:9090` });
      if (!service.instrumented) continue;
      const requests = rps * seconds;
      push('http_requests_total', 'counter', this.counter(`ok/${pod}`, requests * (1 - flow.errorRatio)), { code: '200' });
      push('http_requests_total', 'counter', this.counter(`err/${pod}`, requests * flow.errorRatio), { code: '500' });
      push('http_request_duration_seconds', 'gauge', (p50Ms / 1000) * jitter(rng, 0.05), { quantile: '0.5' });
      push('http_request_duration_seconds', 'gauge', (p90Ms / 1000) * jitter(rng, 0.05), { quantile: '0.9' });
      push('http_request_duration_seconds_count', 'counter', this.counter(`count/${pod}`, requests));
      push('http_request_duration_seconds_sum', 'counter', this.counter(`sum/${pod}`, (requests * p50Ms * Math.exp((LATENCY_SIGMA ** 2) / 2)) / 1000));
    }
    return { service: service.name, rps: flow.rps, p50Ms, p90Ms, errorRatio: flow.errorRatio, cpu: cpuMax, memory: memoryMax, disk, up: !effect.down, causes: [...flow.causes] };
  }

  /** Routine lines, the odd warning, slow-request warnings, and error lines as many as its errors (a tenth, at most 20 a tick). */
  private serviceLogs(rng: Rng, service: ServiceModel, flows: Map<string, Flow>, from: number, out: DemoLog[]): void {
    const flow = flows.get(service.name) as Flow;
    if (flow.effect.down) return;
    const pods = podsOf(service);
    const log = (severity: DemoLog['severity'], body: string) => {
      const { pod, node } = rng.pick(pods);
      out.push({ service: service.name, pod, node, time: from + rng.int(this.tickMs), severity, body });
    };
    const routine = Math.min(12, 1 + Math.round(flow.rps * 0.08 * jitter(rng, 0.3)));
    for (let i = 0; i < routine; i++) log('info', routineLine(rng, service, flow.latencyMs * jitter(rng, 0.3)));
    if (rng.chance(0.04)) log('warning', warningLine(rng, service));
    const usual = this.baseline.get(service.name)?.latencyMs ?? flow.latencyMs;
    if (flow.latencyMs > 3 * usual) for (let i = 0; i < 3; i++) log('warning', slowLine(rng, operationOf(service, this.shop), flow.latencyMs * jitter(rng, 0.2)));
    const errors = Math.min(20, Math.round(flow.rps * (this.tickMs / 1000) * flow.errorRatio * 0.1));
    const ownKind = this.faultKindOf(flow.effect);
    const ownShare = Math.min(1, Math.max(BASE_ERROR_RATIO, flow.effect.errorRatio) / Math.max(flow.errorRatio, 1e-9));
    const calleeOf = (edge: CallEdge) => flows.get(edge.to) as Flow;
    const failing = service.calls.filter((edge) => edge.critical && calleeOf(edge).errorRatio > 0.01);
    for (let i = 0; i < errors; i++) {
      const edge = failing.length > 0 && !rng.chance(ownShare) ? rng.pick(failing) : undefined;
      log('error', edge === undefined ? ownErrorLine(rng, service, ownKind, operationOf(service, this.shop)) : calleeErrorLine(rng, serviceModel(edge.to, this.shop), calleeOf(edge).effect.down));
    }
  }

  private faultKindOf(effect: FaultEffect) {
    return this.faults.find((fault) => effect.causes.includes(fault.id))?.kind;
  }

  private changes(rng: Rng, began: readonly Fault[], from: number): DemoChange[] {
    const version = () => `v1.${rng.int(40)}.${rng.int(10)}`;
    const changes = began.filter((fault) => fault.kind === 'bad-deploy').map((fault) => {
      const v = version();
      return { service: fault.service, time: fault.start, title: `deploy ${fault.service} ${v}`, version: v };
    });
    if (rng.chance(this.tickMs / ROUTINE_DEPLOY_EVERY_MS)) {
      const service = rng.pick(this.shop.filter((s) => s.instrumented)).name;
      const v = version();
      changes.push({ service, time: from + rng.int(this.tickMs), title: `deploy ${service} ${v}`, version: v });
    }
    return changes;
  }

  /** One sampled request from the frontend down, spans in the order they end. */
  private trace(rng: Rng, flow: Map<string, Flow>, start: number, tick: Tick): void {
    const route = pickRoute(rng);
    const traceId = hex(rng, 32);
    const ownKind = (service: string) => this.faultKindOf((flow.get(service) as Flow).effect);
    new TraceBuilder(rng, this.shop, flow, traceId, tick, ownKind).serve(serviceModel(ENTRY_SERVICE, this.shop), `${route.method} ${route.route}`, undefined, start, 'server');
  }
}

/** The operation callers call the service by; the frontend's front page for the frontend. */
function operationOf(service: ServiceModel, shop: readonly ServiceModel[]): string {
  for (const caller of shop) for (const edge of caller.calls) if (edge.to === service.name) return edge.operation;
  return 'GET /';
}

function pickRoute(rng: Rng) {
  let draw = rng.next();
  for (const route of ENTRY_ROUTES) {
    draw -= route.share;
    if (draw < 0) return route;
  }
  return ENTRY_ROUTES[0] as (typeof ENTRY_ROUTES)[number];
}

const DB_SYSTEM: Partial<Record<ServiceModel['role'], string>> = { db: 'postgresql', cache: 'redis' };

/** Builds the spans of one trace: each instrumented service's server span, its client spans, and what they call. */
class TraceBuilder {
  constructor(private readonly rng: Rng, private readonly shop: readonly ServiceModel[], private readonly flow: Map<string, Flow>,
    private readonly traceId: string, private readonly tick: Tick, private readonly ownKind: (service: string) => FaultKind | undefined) {}

  private effect(service: string): FaultEffect {
    return (this.flow.get(service) as Flow).effect;
  }

  /** The server (or consumer) span of `service` and everything under it; its end and whether it failed. */
  serve(service: ServiceModel, operation: string, parent: string | undefined, start: number, kind: 'server' | 'consumer'): { end: number; error: boolean } {
    const { rng } = this;
    const effect = this.effect(service.name);
    const { pod, node } = rng.pick(podsOf(service));
    const spanId = hex(rng, 16);
    const own = (service.ownMs * effect.latencyFactor * Math.exp(LATENCY_SIGMA * gaussian(rng))) + effect.extraLatencyMs;
    let cursor = start + own / 2;
    const ownError = rng.chance(Math.max(BASE_ERROR_RATIO, effect.errorRatio));
    let error = ownError;
    for (const edge of service.calls) {
      if (edge.async === true || !rng.chance(edge.p)) continue;
      const call = this.call(service, pod, node, spanId, edge, cursor);
      cursor = call.end;
      if (call.error && edge.critical) error = true;
      if (call.error) this.log(service, pod, node, call.end, edge.critical ? 'error' : 'warning', edge.critical ? calleeErrorLine(rng, serviceModel(edge.to, this.shop), this.effect(edge.to).down) : `${edge.to} unavailable, serving without it`, spanId);
    }
    const end = cursor + own / 2;
    if (ownError) this.log(service, pod, node, end, 'error', ownErrorLine(rng, service, this.ownKind(service.name), operation), spanId);
    const status = error ? 500 : 200;
    this.push({ traceId: this.traceId, spanId, ...(parent !== undefined ? { parentSpanId: parent } : {}), service: service.name, pod, node, name: operation, kind, start, end, error,
      attributes: kind === 'server' ? { 'http.request.method': operation.split(' ')[0] ?? 'GET', 'http.route': operation.split(' ')[1] ?? '/', 'http.response.status_code': status } : { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' } });
    return { end, error };
  }

  /** A call from `caller` along `edge`: a client span, and the callee's side (its server span, or for infrastructure its consumers). */
  private call(caller: ServiceModel, pod: string, node: string, parent: string, edge: CallEdge, start: number): { end: number; error: boolean } {
    const { rng } = this;
    const callee = serviceModel(edge.to, this.shop);
    const effect = this.effect(callee.name);
    const spanId = hex(rng, 16);
    let end: number;
    let error: boolean;
    if (effect.down) {
      [end, error] = [start + CONNECT_TIMEOUT_MS * jitter(rng, 0.02), true];
    } else if (callee.instrumented) {
      ({ end, error } = this.serve(callee, edge.operation, spanId, start + 0.3, 'server'));
      end += 0.3;
    } else {
      end = start + callee.ownMs * effect.latencyFactor * Math.exp(LATENCY_SIGMA * gaussian(rng)) + effect.extraLatencyMs;
      error = rng.chance(Math.max(BASE_ERROR_RATIO, effect.errorRatio));
    }
    const producer = callee.role === 'queue';
    const db = DB_SYSTEM[callee.role];
    const attributes: Record<string, string | number> = producer ? { 'messaging.system': 'kafka', 'messaging.destination.name': edge.operation, 'server.address': callee.name }
      : db !== undefined ? { 'db.system': db, 'db.operation.name': edge.operation.split(' ')[0] ?? edge.operation, 'db.query.text': edge.operation, 'server.address': callee.name }
        : { 'http.request.method': edge.operation.split(' ')[0] ?? 'GET', 'server.address': callee.name, 'http.response.status_code': error ? (effect.down ? 0 : 503) : 200 };
    this.push({ traceId: this.traceId, spanId, parentSpanId: parent, service: caller.name, pod, node, name: producer ? `${edge.operation} publish` : edge.operation, kind: producer ? 'producer' : 'client', start, end, error, attributes });
    if (producer && !error) {
      for (const consumer of callee.calls.filter((e) => e.async === true)) this.serve(serviceModel(consumer.to, this.shop), consumer.operation, spanId, end + 5 + rng.int(50), 'consumer');
    }
    return { end, error };
  }

  /** Spans are kept in whole milliseconds, as opsight reads them. */
  private push(span: DemoSpan): void {
    const start = Math.round(span.start);
    this.tick.spans.push({ ...span, start, end: Math.max(start, Math.round(span.end)) });
  }

  private log(service: ServiceModel, pod: string, node: string, time: number, severity: DemoLog['severity'], body: string, spanId: string): void {
    this.tick.logs.push({ service: service.name, pod, node, time: Math.round(time), severity, body, traceId: this.traceId, spanId });
  }
}
