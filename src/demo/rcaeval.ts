/**
 * The RCAEval sink: ticks of one simulated fault as a case folder that `opsight bench rca` reads —
 * `metrics.csv` with `<service>_<metric>` columns (pods summed, quantiles averaged, counters as rates),
 * `logs.csv`, `traces.csv`, `inject_time.txt` and `truth.json`. Collects in memory, writes at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatCsv } from '../bench/loghub/csv.js';
import type { Fault } from './faults.js';
import type { DemoLog, DemoSpan, Tick } from './simulate.js';

interface Column {
  metric: string;
  name: string;
  /** Only samples with these label values. */
  match?: Record<string, string>;
  /** A counter: the column is its rate per second. */
  rate?: true;
  /** Averaged over the pods instead of summed. */
  mean?: true;
}

const COLUMNS: readonly Column[] = [
  { metric: 'container_cpu_usage_seconds_total', name: 'cpu', rate: true },
  { metric: 'container_memory_working_set_bytes', name: 'mem' },
  { metric: 'container_fs_usage_bytes', name: 'disk' },
  { metric: 'kube_pod_container_status_restarts_total', name: 'restarts', rate: true },
  { metric: 'http_requests_total', name: 'requests', match: { code: '200' }, rate: true },
  { metric: 'http_requests_total', name: 'errors', match: { code: '500' }, rate: true },
  { metric: 'http_request_duration_seconds', name: 'latency-50', match: { quantile: '0.5' }, mean: true },
  { metric: 'http_request_duration_seconds', name: 'latency-90', match: { quantile: '0.9' }, mean: true },
];

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export class RcaEvalCase {
  private readonly header = new Set<string>();
  private readonly rows: { time: number; values: Map<string, number> }[] = [];
  private previous = new Map<string, number>();
  private previousTime: number | undefined;
  private readonly logs: DemoLog[] = [];
  private readonly spans: DemoSpan[] = [];

  constructor(private readonly fault: Fault) {}

  add(tick: Tick): void {
    const totals = new Map<string, { sum: number; count: number }>();
    for (const sample of tick.samples) {
      for (const column of COLUMNS) {
        if (column.metric !== sample.metric || !Object.entries(column.match ?? {}).every(([key, value]) => sample.labels[key] === value)) continue;
        const name = `${sample.labels.service ?? 'unknown'}_${column.name}`;
        const total = totals.get(name) ?? { sum: 0, count: 0 };
        totals.set(name, { sum: total.sum + sample.value, count: total.count + 1 });
        this.header.add(name);
      }
    }
    const values = new Map<string, number>();
    const current = new Map<string, number>();
    for (const [name, { sum, count }] of totals) {
      const column = COLUMNS.find((c) => name.endsWith(`_${c.name}`)) as Column;
      current.set(name, sum);
      if (column.rate !== true) values.set(name, column.mean === true ? sum / count : sum);
      else if (this.previousTime !== undefined) values.set(name, (sum - (this.previous.get(name) ?? sum)) / ((tick.time - this.previousTime) / 1000));
    }
    // The first tick has no rates yet: it is the baseline of the next, not a row.
    if (this.previousTime !== undefined) this.rows.push({ time: tick.time, values });
    [this.previous, this.previousTime] = [current, tick.time];
    this.logs.push(...tick.logs);
    this.spans.push(...tick.spans);
  }

  write(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const names = [...this.header];
    writeFileSync(path.join(dir, 'inject_time.txt'), `${Math.floor(this.fault.start / 1000)}\n`);
    writeFileSync(path.join(dir, 'metrics.csv'), formatCsv([['time', ...names], ...this.rows.map((row) => [String(row.time / 1000), ...names.map((name) => {
      const value = row.values.get(name);
      return value === undefined ? '' : String(Number(value.toPrecision(6)));
    })])]));
    const logs = [...this.logs].sort((a, b) => a.time - b.time);
    writeFileSync(path.join(dir, 'logs.csv'), formatCsv([['time', 'service', 'message', 'level', 'pod', 'traceID', 'spanID'],
      ...logs.map((log) => [seconds(log.time), log.service, log.body, log.severity, log.pod, log.traceId ?? '', log.spanId ?? ''])]));
    writeFileSync(path.join(dir, 'traces.csv'), formatCsv([['traceID', 'spanID', 'parentSpanID', 'serviceName', 'operationName', 'startTime(us)', 'duration(us)', 'statusCode', 'podName'],
      ...this.spans.map((span) => [span.traceId, span.spanId, span.parentSpanId ?? '', span.service, span.name, String(span.start * 1000), String((span.end - span.start) * 1000), span.error ? 'Error' : 'Ok', span.pod])]));
    const { id, kind, service, start, end } = this.fault;
    writeFileSync(path.join(dir, 'truth.json'), `${JSON.stringify({ service, kind, id, start: new Date(start).toISOString(), end: new Date(end).toISOString() })}\n`);
  }
}
