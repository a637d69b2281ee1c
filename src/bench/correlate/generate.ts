/**
 * Generated scenarios for `opsight bench correlate`: a service call graph (its spans, its pods' samples), and
 * on it the faults that make alert storms — cascades from a service to its callers, two unrelated faults at
 * once on neighbours, a flapping alert, one problem told by Alertmanager and by opsight's own detectors, a
 * deploy before a fault — among background noise, with the timing jitter of real senders. Pure: the same
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
const LENGTH = 3 * 60 * MINUTE;

export const EPISODE_KINDS = ['cascade', 'concurrent', 'flapping', 'dual-report', 'deploy'] as const;
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
  const pods = new Map(services.map((service) => [service, Array.from({ length: between(rng, 2, 4) }, () => ({ pod: `${service}-${hex(rng, 5)}`, node: rng.pick(NODES) }))]));
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

/** Alerts of one scenario, each line with its true incident. */
class AlertWriter {
  readonly lines: Line[] = [];

  constructor(private readonly rng: Rng) {}

  /** Senders batch and retry: a line reaches opsight a few seconds after its event time. */
  private delay(): number {
    return between(this.rng, 0, 20 * SECOND);
  }

  alertmanager(truth: string, labels: Record<string, string>, firesAt: number, resolvesAt: number | undefined, summary: string): void {
    const startsAt = iso(firesAt);
    this.lines.push({ at: firesAt + this.delay(), json: { alertmanager: { status: 'firing', labels, annotations: { summary }, startsAt }, truth } });
    if (resolvesAt !== undefined) {
      this.lines.push({ at: resolvesAt + this.delay(), json: { alertmanager: { status: 'resolved', labels, annotations: { summary }, startsAt, endsAt: iso(resolvesAt) }, truth } });
    }
  }

  /** An alert as opsight's metric detectors raise it: their source, their alert name, a dedup key per series. */
  detector(truth: string, service: string, metric: string, firesAt: number, resolvesAt: number): void {
    const event = {
      source: 'opsight-detect', title: `${metric} of service:${service} is unusual`, entity: `service:${service}`, severity: 'warning',
      labels: { alertname: 'MetricAnomaly', metric }, dedupKey: `series:${metric}{service="${service}"}`, startsAt: iso(firesAt),
    };
    this.lines.push({ at: firesAt + between(this.rng, 0, 5 * SECOND), json: { event: { ...event, time: iso(firesAt) }, truth } });
    this.lines.push({ at: resolvesAt + between(this.rng, 0, 5 * SECOND), json: { event: { ...event, status: 'resolved', time: iso(resolvesAt), endsAt: iso(resolvesAt) }, truth } });
  }

  deploy(service: string, at: number, version: string): void {
    this.lines.push({ at: at + this.delay(), json: { event: { kind: 'change', source: 'argo-cd', title: `deploy ${service} ${version}`, entity: `service:${service}`, time: iso(at) } } });
  }
}

const serviceAlert = (alertname: string, service: string, severity: string) => ({ alertname, service, namespace: NAMESPACE, severity });
const podAlert = (alertname: string, pod: string) => ({ alertname, namespace: NAMESPACE, pod, severity: 'warning' });

/** A fault on `service`: its error alert, some of its pods, then its callers and theirs, seconds to minutes later. */
function cascade(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number): void {
  const end = () => t0 + between(rng, 10 * MINUTE, 40 * MINUTE);
  writer.alertmanager(truth, serviceAlert('HighErrorRate', service, 'critical'), t0 + rng.int(30 * SECOND), end(), `5xx ratio of ${service} above 5%`);
  for (const { pod } of shuffled(rng, world.pods.get(service) ?? []).slice(0, between(rng, 1, 3))) {
    writer.alertmanager(truth, podAlert(rng.pick(['KubePodCrashLooping', 'KubeContainerOOMKilled', 'KubePodNotReady']), pod), t0 + between(rng, -60 * SECOND, 90 * SECOND), end(), `${pod} is unhealthy`);
  }
  for (const caller of callersOf(world, service)) {
    const seen = t0 + between(rng, 20 * SECOND, 3 * MINUTE);
    writer.alertmanager(truth, serviceAlert(rng.pick(['HighLatency', 'HighErrorRate']), caller, 'warning'), seen, end(), `${caller} suffers from ${service}`);
    for (const grand of callersOf(world, caller)) {
      if (rng.chance(0.6)) writer.alertmanager(truth, serviceAlert('HighLatency', grand, 'warning'), seen + between(rng, 30 * SECOND, 4 * MINUTE), end(), `${grand} is slow`);
    }
  }
}

/** Two faults at once on services next to each other in the graph: one cascades, the other stays on its own pods. */
function concurrent(writer: AlertWriter, rng: Rng, world: World, truth: string, _service: string, t0: number): void {
  const [caller, callee] = rng.pick(world.calls);
  cascade(writer, rng, world, `${truth}a`, callee, t0);
  const other = `${truth}b`;
  const t1 = t0 + between(rng, 0, 90 * SECOND);
  writer.alertmanager(other, serviceAlert('HighMemoryUsage', caller, 'warning'), t1, t1 + between(rng, 5 * MINUTE, 30 * MINUTE), `${caller} memory above 90%`);
  const pod = rng.pick(world.pods.get(caller) ?? []).pod;
  writer.alertmanager(other, podAlert('KubeContainerOOMKilled', pod), t1 + between(rng, 10 * SECOND, 2 * MINUTE), t1 + between(rng, 5 * MINUTE, 20 * MINUTE), `${pod} was OOM-killed`);
}

/** One alert going on and off every few minutes. */
function flapping(writer: AlertWriter, rng: Rng, _world: World, truth: string, service: string, t0: number): void {
  const labels = serviceAlert(rng.pick(['HighLatency', 'QueueBacklog']), service, 'warning');
  let t = t0;
  for (let cycle = between(rng, 4, 9); cycle > 0; cycle--) {
    const off = t + between(rng, 30 * SECOND, 3 * MINUTE);
    writer.alertmanager(truth, labels, t, off, `${service} is flapping`);
    t = off + between(rng, 30 * SECOND, 4 * MINUTE);
  }
}

/** The same problem from Alertmanager and from opsight's detectors: other labels and source, the same entity. */
function dualReport(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number): void {
  const end = t0 + between(rng, 8 * MINUTE, 30 * MINUTE);
  writer.alertmanager(truth, serviceAlert('HighLatency', service, 'warning'), t0, end, `p95 of ${service} above 500ms`);
  writer.detector(truth, service, 'http_server_duration_seconds_p95', t0 + between(rng, 30 * SECOND, 2 * MINUTE), end + between(rng, 0, 3 * MINUTE));
  if (rng.chance(0.5)) writer.detector(truth, service, 'http_server_requests_rate', t0 + between(rng, 60 * SECOND, 4 * MINUTE), end);
  const caller = callersOf(world, service)[0];
  if (caller !== undefined) writer.alertmanager(truth, serviceAlert('HighLatency', caller, 'warning'), t0 + between(rng, 30 * SECOND, 3 * MINUTE), end, `${caller} is slow`);
}

/** A deploy of the service, then a fault there minutes later. */
function deploy(writer: AlertWriter, rng: Rng, world: World, truth: string, service: string, t0: number): void {
  writer.deploy(service, t0 - between(rng, 1 * MINUTE, 10 * MINUTE), `v1.${rng.int(40)}.${rng.int(10)}`);
  cascade(writer, rng, world, truth, service, t0);
}

const episodes: Record<EpisodeKind, typeof cascade> = { cascade, concurrent, flapping, 'dual-report': dualReport, deploy };

/** Unrelated alerts at any time: a node, a certificate, a pod restarting once; each its own incident. */
function noise(writer: AlertWriter, rng: Rng, world: World, start: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const at = start + rng.int(LENGTH - 20 * MINUTE);
    const resolves = rng.chance(0.7) ? at + between(rng, 2 * MINUTE, 20 * MINUTE) : undefined;
    const service = rng.pick(world.services);
    const kind = rng.int(3);
    if (kind === 0) writer.alertmanager(`noise-${i}`, { alertname: 'NodeHighCPU', node: rng.pick(NODES), severity: 'warning' }, at, resolves, 'node CPU above 90%');
    else if (kind === 1) writer.alertmanager(`noise-${i}`, serviceAlert('CertificateExpiringSoon', service, 'info'), at, resolves, `certificate of ${service} expires in 7 days`);
    else writer.alertmanager(`noise-${i}`, podAlert('KubePodRestarted', rng.pick(world.pods.get(service) ?? []).pod), at, resolves, 'container restarted once');
  }
}

export interface GeneratedScenario {
  /** File name, without folder. */
  file: string;
  text: string;
}

/** Scenario `index` of `seed`: a primary episode of kind index mod 5, one or two more, and noise. */
export function generateScenario(seed: number, index: number): GeneratedScenario {
  const rng = inputRng(seed, 'correlate', index);
  const world = worldOf(rng);
  const start = EPOCH + index * 24 * 60 * MINUTE;
  const writer = new AlertWriter(rng);
  const kinds: EpisodeKind[] = [EPISODE_KINDS[index % EPISODE_KINDS.length] as EpisodeKind];
  for (let extra = between(rng, 1, 3); extra > 0; extra--) kinds.push(rng.pick(EPISODE_KINDS));
  kinds.forEach((kind, episode) => {
    // Episodes land anywhere after the topology is known; two may overlap, as faults do.
    const t0 = start + between(rng, 15 * MINUTE, LENGTH - 50 * MINUTE);
    episodes[kind](writer, rng, world, `e${episode}-${kind}`, rng.pick(world.services), t0);
  });
  noise(writer, rng, world, start + 10 * MINUTE, between(rng, 3, 9));
  const lines = [...telemetry(world, rng, start), ...writer.lines].sort((a, b) => a.at - b.at);
  const text = lines.map((line) => JSON.stringify({ at: iso(line.at), ...line.json })).join('\n');
  return { file: `${String(index + 1).padStart(3, '0')}-${kinds[0]}.jsonl`, text: `${text}\n` };
}

export function generateScenarios(seed: number, count: number): GeneratedScenario[] {
  return Array.from({ length: count }, (_, index) => generateScenario(seed, index));
}
