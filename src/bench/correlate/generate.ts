/**
 * Generated scenarios for `opsight bench correlate`: a service call graph (its spans, its pods' samples), and
 * on it faults that each raise many alerts, as real ones do (the service's series, its pods, its logs, its
 * callers', repeats after they resolve) — cascades from a service to its callers, two unrelated faults at
 * once on neighbours, a flapping alert, one problem told by Alertmanager and by opsight's own detectors, a
 * deploy before a fault, one exception logged by a service and by a worker no span shows calling it — among rare background noise, with the timing jitter of real senders. Pure: the same
 * seed gives the same bytes; scenario i depends only on the seed and i.
 */
import { inputRng, type Rng } from '../fuzz/prng.js';

const SERVICES = ['frontend', 'gateway', 'checkout', 'cart', 'catalog', 'search', 'payments', 'inventory', 'shipping', 'users', 'auth', 'recommend', 'pricing', 'orders', 'notify', 'ledger'];
const NAMESPACE = 'shop';
const NODES = ['node-1', 'node-2', 'node-3', 'node-4'];
const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Scenario i starts on day i after this, so no two share event time. */
const EPOCH = Date.UTC(2026, 2, 2);
const LENGTH = 10 * 60 * MINUTE;

export const EPISODE_KINDS = ['cascade', 'concurrent', 'flapping', 'dual-report', 'deploy', 'shared-exception'] as const;
type EpisodeKind = (typeof EPISODE_KINDS)[number];

interface World {
  services: string[];
  /** Caller → callees. */
  calls: [string, string][];
  pods: Map<string, { pod: string; node: string }[]>;
}

interface Line {
  at: number;
  json: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const hex = (rng: Rng, digits: number) => Array.from({ length: digits }, () => rng.int(16).toString(16)).join('');
const between = (rng: Rng, low: number, high: number) => low + Math.floor(rng.next() * (high - low));

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Services in layers, each past the first called by one or two of the layer above. */
function worldOf(rng: Rng): World {
  const services = shuffled(rng, SERVICES).slice(0, between(rng, 8, 15));
  const layers: string[][] = [services.slice(0, 1)];
  let next = 1;
  while (next < services.length) {
    const width = between(rng, 2, 5);
    layers.push(services.slice(next, next + width));
    next += width;
  }
  const calls: [string, string][] = [];
  for (let depth = 1; depth < layers.length; depth++) {
    const above = layers[depth - 1] ?? [];
    for (const callee of layers[depth] ?? []) {
      for (const caller of shuffled(rng, above).slice(0, rng.chance(0.3) ? 2 : 1)) calls.push([caller, callee]);
    }
  }
  const pods = new Map(services.map((service) => [service, Array.from({ length: between(rng, 2, 5) }, () => ({ pod: `${service}-${hex(rng, 5)}`, node: rng.pick(NODES) }))]));
  return { services, calls, pods };
}

const callersOf = (world: World, service: string) => world.calls.filter(([, callee]) => callee === service).map(([caller]) => caller);

/** One trace per call edge every 10 minutes, and each pod's info sample every 30: what the topology learns from. */
function telemetry(world: World, rng: Rng, start: number): Line[] {
  const lines: Line[] = [];
  for (let t = start; t < start + LENGTH; t += 10 * MINUTE) {
    for (const [caller, callee] of world.calls) {
      const traceId = hex(rng, 32);
      const client = hex(rng, 16);
      const begin = t + rng.int(30 * SECOND);
      const duration = between(rng, 5, 300);
      const span = (service: string, kind: string, spanId: string, parent: string | undefined, from: number, to: number) => ({
        traceId, spanId, ...(parent !== undefined ? { parentSpanId: parent } : {}), service, name: kind === 'client' ? `call ${callee}` : `handle ${caller}`, kind, start: iso(from), end: iso(to), status: 'ok',
      });
      lines.push({ at: begin + duration, json: { span: span(caller, 'client', client, undefined, begin, begin + duration) } });
      lines.push({ at: begin + duration - 1, json: { span: span(callee, 'server', hex(rng, 16), client, begin + 1, begin + duration - 1) } });
    }
    if ((t - start) % (30 * MINUTE) !== 0) continue;
    for (const [service, pods] of world.pods) {
      for (const { pod, node } of pods) lines.push({ at: t + rng.int(15 * SECOND), json: { sample: { metric: 'kube_pod_info', labels: { namespace: NAMESPACE, pod, service, node }, value: 1 } } });
    }
  }
  return lines;
}

/** How a problem shows on a series: what Alertmanager calls it and what opsight's metric detectors do. */
interface SeriesProblem {
  alertname: string;
  problem: 'latency' | 'errors' | 'traffic' | 'saturation';
  metric: string;
  summary: string;
}

const HIGH_ERROR_RATE: SeriesProblem = { alertname: 'HighErrorRate', problem: 'errors', metric: 'http_server_errors_ratio', summary: '5xx ratio above 5%' };
const SERVICE_SERIES: readonly SeriesProblem[] = [
  { alertname: 'HighLatencyP95', problem: 'latency', metric: 'http_server_duration_seconds_p95', summary: 'p95 latency above 500ms' },
  { alertname: 'HighLatencyP99', problem: 'latency', metric: 'http_server_duration_seconds_p99', summary: 'p99 latency above 2s' },
  { alertname: 'HighLatencyP50', problem: 'latency', metric: 'http_server_duration_seconds_p50', summary: 'median latency above 200ms' },
  HIGH_ERROR_RATE,
  { alertname: 'ErrorBudgetBurn', problem: 'errors', metric: 'slo_error_budget_burn_rate', summary: 'error budget burning 14 times too fast' },
  { alertname: 'RequestRateDrop', problem: 'traffic', metric: 'http_server_requests_rate', summary: 'request rate fell by half' },
];
/** What spreads to callers: their latency and errors. */
const CALLER_SERIES = SERVICE_SERIES.filter((series) => series.problem !== 'traffic');
const POD_SERIES: readonly SeriesProblem[] = [
  { alertname: 'PodHighCPU', problem: 'saturation', metric: 'container_cpu_usage_seconds_rate', summary: 'CPU above 90% of its limit' },
  { alertname: 'PodHighMemory', problem: 'saturation', metric: 'container_memory_working_set_bytes', summary: 'memory above 90% of its limit' },
  { alertname: 'KubePodNotReady', problem: 'saturation', metric: 'kube_pod_status_ready', summary: 'not ready' },
  { alertname: 'KubePodCrashLooping', problem: 'saturation', metric: 'kube_pod_container_status_restarts_total', summary: 'restarting' },
];
const MEMORY: SeriesProblem = { alertname: 'HighMemoryUsage', problem: 'saturation', metric: 'process_resident_memory_bytes', summary: 'memory above 90%' };
const WORDS: Record<SeriesProblem['problem'], string> = { latency: 'Latency', errors: 'Errors', traffic: 'Traffic', saturation: 'Saturation' };

/** One firing episode of an alert: when it fires and when it resolves. */
interface Episode {
  firesAt: number;
  resolvesAt: number;
}

/**
 * Alerts of one scenario, each line with its true incident. Every alert of a fault fires once or, now and then,
 * again a few minutes after it resolved, as real alerts near their threshold do.
 */
class AlertWriter {
  readonly lines: Line[] = [];

  constructor(private readonly rng: Rng) {}

  /** Senders batch and retry: a line reaches opsight a few seconds after its event time. */
  private delay(): number {
    return between(this.rng, 0, 20 * SECOND);
  }

  /** The episodes of one alert of a fault starting at `firesAt`: the first, and sometimes a repeat after it resolved. */
  episodes(firesAt: number, lasting: [number, number] = [5 * MINUTE, 30 * MINUTE]): Episode[] {
    const first = { firesAt, resolvesAt: firesAt + between(this.rng, lasting[0], lasting[1]) };
    if (!this.rng.chance(0.4)) return [first];
    const again = first.resolvesAt + between(this.rng, 1 * MINUTE, 5 * MINUTE);
    return [first, { firesAt: again, resolvesAt: again + between(this.rng, 2 * MINUTE, 10 * MINUTE) }];
  }

  alertmanager(truth: string, labels: Record<string, string>, episodes: readonly Episode[], summary: string): void {
    for (const { firesAt, resolvesAt } of episodes) {
      const startsAt = iso(firesAt);
      this.lines.push({ at: firesAt + this.delay(), json: { alertmanager: { status: 'firing', labels, annotations: { summary }, startsAt }, truth } });
      this.lines.push({ at: resolvesAt + this.delay(), json: { alertmanager: { status: 'resolved', labels, annotations: { summary }, startsAt, endsAt: iso(resolvesAt) }, truth } });
    }
  }

  /** An alert as opsight's detectors raise it: their source and alert names, a dedup key per entity and problem. */
  detector(truth: string, entity: string, labels: Record<string, string>, title: string, episodes: readonly Episode[]): void {
    const base = { source: 'opsight-detect', title, entity, severity: 'warning', labels, dedupKey: `${labels.alertname ?? ''}:${entity}:${labels.problem ?? labels.template ?? labels.subject ?? ''}` };
    for (const { firesAt, resolvesAt } of episodes) {
      const event = { ...base, startsAt: iso(firesAt) };
      this.lines.push({ at: firesAt + between(this.rng, 0, 5 * SECOND), json: { event: { ...event, time: iso(firesAt) }, truth } });
      this.lines.push({ at: resolvesAt + between(this.rng, 0, 5 * SECOND), json: { event: { ...event, status: 'resolved', time: iso(resolvesAt), endsAt: iso(resolvesAt) }, truth } });
    }
  }

  /** A log line never seen before, as opsight's log detectors tell it: the template it was mined into. */
  newErrorTemplate(truth: string, entity: string, template: string, episodes: readonly Episode[]): void {
    this.detector(truth, entity, { alertname: 'NewErrorLogTemplate', detector: 'log.new-error-template', subject: template }, `New error log line on ${entity}: ${template}`, episodes);
  }

  /** A problem of a series as Alertmanager tells it on `labels` (a service's or a pod's). */
  seriesAlert(truth: string, labels: Record<string, string>, series: SeriesProblem, episodes: readonly Episode[], severity = 'warning'): void {
    this.alertmanager(truth, { alertname: series.alertname, ...labels, severity }, episodes, series.summary);
  }

  /** The same problem as opsight's metric detectors tell it on entity `entity`. */
  metricAnomaly(truth: string, entity: string, series: SeriesProblem, episodes: readonly Episode[]): void {
    this.detector(truth, entity, { alertname: 'MetricAnomaly', metric: series.metric, problem: series.problem }, `${WORDS[series.problem]} anomaly on ${entity}: ${series.metric}`, episodes);
  }

  deploy(service: string, at: number, version: string): void {
    this.lines.push({ at: at + this.delay(), json: { event: { kind: 'change', source: 'argo-cd', title: `deploy ${service} ${version}`, entity: `service:${service}`, time: iso(at) } } });
  }
}

const serviceLabels = (service: string) => ({ service, namespace: NAMESPACE });
const podLabels = (pod: string) => ({ namespace: NAMESPACE, pod, container: 'app' });
const podEntity = (pod: string) => `pod:${NAMESPACE}/${pod}`;

/** A share of `items`, at least one, in random order. */
const some = <T>(rng: Rng, items: readonly T[], low: number, high: number): T[] => shuffled(rng, items).slice(0, Math.max(1, between(rng, low, high + 1)));

/** Each problem of `series` on the service as Alertmanager, opsight's detectors or both tell it (`both`: always both). */
function serviceSymptoms(writer: AlertWriter, rng: Rng, truth: string, service: string, series: readonly SeriesProblem[], at: () => number, both: boolean, severity: string): void {
  for (const problem of series) {
    // 0: Alertmanager alone, 1: opsight's detectors alone, 2 and 3: both.
    const told = both ? 2 : rng.int(4);
    if (told !== 1) writer.seriesAlert(truth, serviceLabels(service), problem, writer.episodes(at()), severity);
    if (told !== 0) writer.metricAnomaly(truth, `service:${service}`, problem, writer.episodes(at()));
  }
}

/** The pods of a faulty service: CPU, memory and restarts, from Alertmanager and now and then from opsight's detectors. */
function podSymptoms(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, series: readonly SeriesProblem[], at: () => number): void {
  for (const { pod } of world.pods.get(service) ?? []) {
    for (const problem of some(rng, series, 1, series.length)) writer.seriesAlert(truth, podLabels(pod), problem, writer.episodes(at()));
    if (rng.chance(0.5)) writer.metricAnomaly(truth, podEntity(pod), rng.pick(series), writer.episodes(at()));
  }
}

/** opsight's log detectors on the faulty service: a burst of error lines, and error lines never seen before. */
function logSymptoms(writer: AlertWriter, rng: Rng, truth: string, service: string, at: () => number): void {
  const entity = `service:${service}`;
  if (rng.chance(0.8)) writer.detector(truth, entity, { alertname: 'LogErrorBurst' }, `Burst of error logs on ${entity}`, writer.episodes(at()));
  if (rng.chance(0.6)) writer.detector(truth, entity, { alertname: 'NewErrorLogTemplate', template: hex(rng, 8) }, `New error log line on ${entity}: upstream request failed <*>`, writer.episodes(at()));
}

interface FaultOptions {
  /** Every series told by both Alertmanager and opsight's detectors. */
  dualReport?: boolean;
  /** How far up the call graph the callers' latency and errors reach (1: callers only). */
  reach?: number;
}

/**
 * A fault on `service`: several of its series, its pods, its logs, then its callers' latency and errors and
 * theirs, seconds to minutes later; each alert resolves 5–30 min in, some fire again once.
 */
function fault(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number, options: FaultOptions = {}): void {
  const near = () => t0 + between(rng, -60 * SECOND, 2 * MINUTE);
  serviceSymptoms(writer, rng, truth, service, some(rng, SERVICE_SERIES, 3, 5), near, options.dualReport === true, 'critical');
  podSymptoms(writer, rng, world, truth, service, POD_SERIES, near);
  logSymptoms(writer, rng, truth, service, () => t0 + between(rng, 0, 3 * MINUTE));
  let wave = [{ service, seen: t0 }];
  for (let hop = 1; hop <= (options.reach ?? 3) && wave.length > 0; hop++) {
    const chance = 1 / hop;
    wave = wave.flatMap(({ service: callee, seen }) => callersOf(world, callee).filter(() => rng.chance(chance)).map((caller) => ({ service: caller, seen: seen + between(rng, 20 * SECOND, 3 * MINUTE) })));
    for (const { service: caller, seen } of wave) {
      serviceSymptoms(writer, rng, truth, caller, some(rng, CALLER_SERIES, 2, 3), () => seen + between(rng, 0, 60 * SECOND), options.dualReport === true, 'warning');
    }
  }
}

const cascade = (writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number) => fault(writer, rng, world, truth, service, t0);

/**
 * Two faults at once on services next to each other in the graph: a fault that cascades up from a service, and a
 * memory leak on a service its callers' latency does not reach (a callee of it, or a sibling under the same
 * caller), which stays on that service and its pods.
 */
function concurrent(writer: AlertWriter, rng: Rng, world: World, truth: string, _service: string, t0: number): void {
  const [caller, callee] = rng.pick(world.calls);
  const siblings = world.calls.filter(([c, other]) => c === caller && other !== callee).map(([, other]) => other);
  const [faulty, leaking] = siblings.length > 0 && rng.chance(0.5) ? [callee, rng.pick(siblings)] : [caller, callee];
  fault(writer, rng, world, `${truth}a`, faulty, t0);
  const other = `${truth}b`;
  const t1 = t0 + between(rng, 0, 90 * SECOND);
  const soon = () => t1 + between(rng, 0, 3 * MINUTE);
  writer.seriesAlert(other, serviceLabels(leaking), MEMORY, writer.episodes(soon()));
  writer.metricAnomaly(other, `service:${leaking}`, MEMORY, writer.episodes(soon()));
  podSymptoms(writer, rng, world, other, leaking, POD_SERIES.slice(1), soon);
}

/** A fault on a service whose main alert goes on and off every few minutes, 4–8 times. */
function flapping(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number): void {
  const series = rng.pick(CALLER_SERIES);
  const cycles: Episode[] = [];
  let t = t0;
  for (let cycle = between(rng, 4, 9); cycle > 0; cycle--) {
    const off = t + between(rng, 30 * SECOND, 3 * MINUTE);
    cycles.push({ firesAt: t, resolvesAt: off });
    t = off + between(rng, 30 * SECOND, 4 * MINUTE);
  }
  writer.seriesAlert(truth, serviceLabels(service), series, cycles);
  fault(writer, rng, world, truth, service, t0 + between(rng, 0, 2 * MINUTE), { reach: 1 });
}

/** A fault every series of which Alertmanager and opsight's detectors both report: other labels and source, the same entity. */
function dualReport(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number): void {
  fault(writer, rng, world, truth, service, t0, { dualReport: true, reach: 2 });
}

/** A deploy of the service, then a fault there minutes later. */
function deploy(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number): void {
  writer.deploy(service, t0 - between(rng, 1 * MINUTE, 10 * MINUTE), `v1.${rng.int(40)}.${rng.int(10)}`);
  fault(writer, rng, world, truth, service, t0);
}

const episodes: Record<EpisodeKind, typeof cascade> = { cascade, concurrent, flapping, 'dual-report': dualReport, deploy, 'shared-exception': sharedException };

/** Exceptions as the log miner leaves them: the variable parts masked. */
const EXCEPTIONS = [
  'PaymentDeclinedException: card <*> declined by issuer <*>',
  'SQLTransientConnectionException: pool <*> connection is not available, request timed out after <*> ms',
  'StatusRuntimeException: UNAVAILABLE: io exception connecting to <*>',
  'RedisTimeoutException: command <*> timed out after <*> ms',
];

/**
 * A fault on a service that throws an exception, logged there and by a worker that calls it through a queue no
 * span shows: the same new error template on both, a burst of error lines and errors on the worker. Nothing in
 * the service graph links the worker to the fault; only the template does.
 */
function sharedException(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number): void {
  fault(writer, rng, world, truth, service, t0, { reach: 1 });
  const template = rng.pick(EXCEPTIONS);
  const untraced = SERVICES.filter((name) => !world.services.includes(name));
  const worker = `${untraced.length > 0 ? rng.pick(untraced) : service}-worker`;
  const soon = () => t0 + between(rng, 0, 3 * MINUTE);
  writer.newErrorTemplate(truth, `service:${service}`, template, writer.episodes(soon()));
  writer.newErrorTemplate(truth, `service:${worker}`, template, writer.episodes(soon() + between(rng, 0, MINUTE)));
  if (rng.chance(0.7)) writer.detector(truth, `service:${worker}`, { alertname: 'LogErrorBurst', detector: 'log.error-burst', subject: template }, `Burst of error logs on service:${worker}`, writer.episodes(soon()));
  if (rng.chance(0.5)) writer.seriesAlert(truth, serviceLabels(worker), HIGH_ERROR_RATE, writer.episodes(soon()));
}

/** Rare unrelated alerts at any time: a node, a certificate, a pod restarting once; each its own incident. */
function noise(writer: AlertWriter, rng: Rng, world: World, start: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const at = start + rng.int(LENGTH - 30 * MINUTE);
    const resolves = [{ firesAt: at, resolvesAt: at + between(rng, 2 * MINUTE, 20 * MINUTE) }];
    const service = rng.pick(world.services);
    const kind = rng.int(3);
    if (kind === 0) writer.alertmanager(`noise-${i}`, { alertname: 'NodeHighCPU', node: rng.pick(NODES), severity: 'warning' }, resolves, 'node CPU above 90%');
    else if (kind === 1) writer.alertmanager(`noise-${i}`, { alertname: 'CertificateExpiringSoon', ...serviceLabels(service), severity: 'info' }, resolves, `certificate of ${service} expires in 7 days`);
    else writer.alertmanager(`noise-${i}`, { alertname: 'KubePodRestarted', ...podLabels(rng.pick(world.pods.get(service) ?? []).pod), severity: 'warning' }, resolves, 'container restarted once');
  }
}

export interface GeneratedScenario {
  /** File name, without folder. */
  file: string;
  text: string;
}

/** Scenario `index` of `seed`: a primary episode of kind index mod 6, two or three more later in the day, and rare noise. */
export function generateScenario(seed: number, index: number): GeneratedScenario {
  const rng = inputRng(seed, 'correlate', index);
  const world = worldOf(rng);
  const start = EPOCH + index * 24 * 60 * MINUTE;
  const writer = new AlertWriter(rng);
  const kinds: EpisodeKind[] = [EPISODE_KINDS[index % EPISODE_KINDS.length] as EpisodeKind];
  for (let extra = between(rng, 2, 4); extra > 0; extra--) kinds.push(rng.pick(EPISODE_KINDS));
  // Faults come one after another once the topology is known, each on a service of its own, two hours or more
  // apart: a fault of a service an hour after the last is a relapse to opsight (correlate.reopenWindow).
  const faulty = shuffled(rng, world.services);
  let t0 = start + between(rng, 15 * MINUTE, 30 * MINUTE);
  kinds.forEach((kind, episode) => {
    episodes[kind](writer, rng, world, `e${episode}-${kind}`, faulty[episode] ?? rng.pick(world.services), t0);
    t0 += between(rng, 120 * MINUTE, 150 * MINUTE);
  });
  noise(writer, rng, world, start + 10 * MINUTE, between(rng, 0, 3));
  const lines = [...telemetry(world, rng, start), ...writer.lines].sort((a, b) => a.at - b.at);
  const text = lines.map((line) => JSON.stringify({ at: iso(line.at), ...line.json })).join('\n');
  return { file: `${String(index + 1).padStart(3, '0')}-${kinds[0]}.jsonl`, text: `${text}\n` };
}

export function generateScenarios(seed: number, count: number): GeneratedScenario[] {
  return Array.from({ length: count }, (_, index) => generateScenario(seed, index));
}
