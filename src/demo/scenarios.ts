/**
 * The correlation-scenario sink: ticks of one simulated run as a `opsight bench correlate` scenario — the
 * alerts Prometheus rules would fire on the services' states (each with the fault behind it as its true
 * incident), the deploys, a few traces every five minutes and the pods' hierarchy every thirty.
 */
import type { Tick, ServiceState } from './simulate.js';
import { changeEvent } from './live.js';
import { NAMESPACE } from './shop.js';

interface Rule {
  alertname: string;
  severity: 'critical' | 'warning';
  summary: string;
  holds(state: ServiceState, usual: ServiceState): boolean;
}

const RULES: readonly Rule[] = [
  { alertname: 'HighErrorRate', severity: 'critical', summary: '5xx ratio above 5%', holds: (s) => s.errorRatio > 0.05 },
  { alertname: 'HighLatency', severity: 'warning', summary: 'p90 latency twice the usual', holds: (s, usual) => s.p90Ms > 2 * usual.p90Ms && s.p90Ms - usual.p90Ms > 50 },
  { alertname: 'CPUThrottlingHigh', severity: 'warning', summary: 'CPU at its limit', holds: (s) => s.cpu > 0.9 },
  { alertname: 'HighMemoryUsage', severity: 'warning', summary: 'working set above 80% of the limit', holds: (s) => s.memory > 0.8 },
  { alertname: 'KubePersistentVolumeFillingUp', severity: 'critical', summary: 'volume above 85% full', holds: (s) => s.disk > 0.85 },
  { alertname: 'TargetDown', severity: 'critical', summary: 'target does not answer', holds: (s) => !s.up },
];

/** Ticks a condition must hold (or not) before the alert fires (or resolves): the rules' `for`. */
const FOR_TICKS = 2;
/** Alertmanager's group_wait: what the webhook lags behind the alert. */
const GROUP_WAIT_MS = 30_000;
const TRACE_EVERY_MS = 5 * 60_000;
const HIERARCHY_EVERY_MS = 30 * 60_000;
const TRACES_KEPT = 2;

interface RuleState {
  streak: number;
  firing: { startsAt: number; truth: string } | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class ScenarioFile {
  private readonly lines: { at: number; json: Record<string, unknown> }[] = [];
  private readonly rules = new Map<string, RuleState>();
  private usual: Map<string, ServiceState> | undefined;
  private lastTrace = -Infinity;
  private lastHierarchy = -Infinity;

  add(tick: Tick): void {
    this.usual ??= new Map(tick.states.map((state) => [state.service, state]));
    for (const state of tick.states) for (const rule of RULES) this.evaluate(rule, state, tick.time);
    for (const change of tick.changes) this.lines.push({ at: change.time, json: { event: changeEvent(change) } });
    if (tick.time - this.lastTrace >= TRACE_EVERY_MS) {
      this.lastTrace = tick.time;
      const kept = [...new Set(tick.spans.map((span) => span.traceId))].slice(0, TRACES_KEPT);
      for (const span of tick.spans.filter((s) => kept.includes(s.traceId))) {
        this.lines.push({ at: span.end, json: { span: {
          traceId: span.traceId, spanId: span.spanId, ...(span.parentSpanId !== undefined ? { parentSpanId: span.parentSpanId } : {}), service: span.service, name: span.name,
          kind: span.kind, start: iso(span.start), end: iso(span.end), status: span.error ? 'error' : 'ok', attributes: span.attributes,
        } } });
      }
    }
    if (tick.time - this.lastHierarchy >= HIERARCHY_EVERY_MS) {
      this.lastHierarchy = tick.time;
      for (const sample of tick.samples.filter((s) => s.metric === 'container_memory_working_set_bytes')) {
        this.lines.push({ at: tick.time, json: { sample: { metric: 'kube_pod_info', labels: { namespace: sample.labels.namespace, pod: sample.labels.pod, service: sample.labels.service, node: sample.labels.node }, value: 1 } } });
      }
    }
  }

  /** Fires after FOR_TICKS ticks in which the condition holds, resolves after as many in which it does not; the faults behind the state at firing are its truth. */
  private evaluate(rule: Rule, state: ServiceState, time: number): void {
    const key = `${rule.alertname}/${state.service}`;
    const current = this.rules.get(key) ?? { streak: 0, firing: undefined };
    const holds = rule.holds(state, this.usual?.get(state.service) ?? state);
    current.streak = holds === (current.firing === undefined) ? current.streak + 1 : 0;
    const labels = { alertname: rule.alertname, service: state.service, namespace: NAMESPACE, severity: rule.severity };
    const annotations = { summary: `${state.service}: ${rule.summary}` };
    if (current.streak >= FOR_TICKS && current.firing === undefined) {
      current.firing = { startsAt: time, truth: state.causes[0] ?? `noise:${key}@${iso(time)}` };
      this.lines.push({ at: time + GROUP_WAIT_MS, json: { alertmanager: { status: 'firing', labels, annotations, startsAt: iso(time) }, truth: current.firing.truth } });
      current.streak = 0;
    } else if (current.streak >= FOR_TICKS && current.firing !== undefined) {
      this.lines.push({ at: time + GROUP_WAIT_MS, json: { alertmanager: { status: 'resolved', labels, annotations, startsAt: iso(current.firing.startsAt), endsAt: iso(time) }, truth: current.firing.truth } });
      current.firing = undefined;
      current.streak = 0;
    }
    this.rules.set(key, current);
  }

  /** The scenario's JSON lines, in the order of `at`. */
  text(): string {
    const sorted = [...this.lines].sort((a, b) => a.at - b.at);
    return sorted.map((line) => JSON.stringify({ at: iso(line.at), ...line.json })).join('\n') + '\n';
  }
}
