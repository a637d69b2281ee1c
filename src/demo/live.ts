/**
 * The live sink: sends each tick to an opsight server over the protocols real senders use — metrics by
 * Prometheus remote write, traces and logs by OTLP/HTTP protobuf, deploys by `POST /api/v1/events` —
 * waiting and retrying when the server answers 429 or 503 with Retry-After, as those senders do.
 */
import { encodeWriteRequest, seriesOfSamples } from '../ingest/prometheus/index.js';
import { encodeLogsProto, encodeTracesProto } from '../ingest/otlp/index.js';
import type { KeyValue, LogsRequest, OtlpLogRecord, OtlpSpan, ResourceGroup, TracesRequest } from '../ingest/otlp/model.js';
import type { DemoChange, DemoLog, DemoSpan, Tick } from './simulate.js';
import { NAMESPACE } from './shop.js';

export interface LiveTarget {
  /** Base URL of the server, e.g. http://127.0.0.1:8080. */
  url: string;
  /** A token allowed to ingest (ingest, responder or admin); none for a server in open mode. */
  token: string | undefined;
}

const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;
const SEVERITY = { info: [9, 'INFO'], warning: [13, 'WARN'], error: [17, 'ERROR'] } as const;
const MAX_ATTEMPTS = 30;

/** Items grouped by the pod that sent them: its resource attributes, as the OpenTelemetry SDK and the Kubernetes detector set them. */
function byPod<T extends { service: string; pod: string; node: string }, Item>(items: readonly T[], map: (item: T) => Item): ResourceGroup<Item>[] {
  const groups = new Map<string, ResourceGroup<Item>>();
  for (const item of items) {
    let group = groups.get(item.pod);
    if (group === undefined) {
      const resource: KeyValue[] = [
        { key: 'service.name', value: item.service }, { key: 'k8s.namespace.name', value: NAMESPACE },
        { key: 'k8s.pod.name', value: item.pod }, { key: 'k8s.node.name', value: item.node }, { key: 'host.name', value: item.node },
      ];
      group = { resource, items: [] };
      groups.set(item.pod, group);
    }
    group.items.push(map(item));
  }
  return [...groups.values()];
}

function otlpSpan(span: DemoSpan): OtlpSpan {
  return {
    traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId ?? '', name: span.name, kind: SPAN_KIND[span.kind],
    startMs: span.start, endMs: span.end, statusCode: span.error ? 2 : 0, statusMessage: span.error ? 'request failed' : '',
    attributes: Object.entries(span.attributes).map(([key, value]) => ({ key, value })),
  };
}

function otlpLog(log: DemoLog): OtlpLogRecord {
  const [number, text] = SEVERITY[log.severity];
  return { timeMs: log.time, observedTimeMs: log.time, severityNumber: number, severityText: text, body: log.body, attributes: [], traceId: log.traceId ?? '', spanId: log.spanId ?? '' };
}

/** A deploy as `POST /api/v1/events` takes it. */
export function changeEvent(change: DemoChange) {
  return { kind: 'change', source: 'argo-cd', title: change.title, entity: `service:${change.service}`, time: new Date(change.time).toISOString(), labels: { version: change.version } };
}

export function tracesBody(spans: readonly DemoSpan[]): Buffer {
  const request: TracesRequest = byPod(spans, otlpSpan);
  return encodeTracesProto(request);
}

export function logsBody(logs: readonly DemoLog[]): Buffer {
  const request: LogsRequest = byPod(logs, otlpLog);
  return encodeLogsProto(request);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LiveSender {
  constructor(private readonly target: LiveTarget) {}

  /** Sends one tick: metrics, traces, logs and deploys, each as one request. */
  async send(tick: Tick): Promise<void> {
    await this.post('/api/v1/write', encodeWriteRequest(seriesOfSamples(tick.samples)), {
      'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0',
    });
    if (tick.spans.length > 0) await this.post('/v1/traces', tracesBody(tick.spans), { 'content-type': 'application/x-protobuf' });
    if (tick.logs.length > 0) await this.post('/v1/logs', logsBody(tick.logs), { 'content-type': 'application/x-protobuf' });
    if (tick.changes.length > 0) await this.post('/api/v1/events', JSON.stringify({ events: tick.changes.map(changeEvent) }), { 'content-type': 'application/json' });
  }

  private async post(path: string, body: Buffer | string, headers: Record<string, string>): Promise<void> {
    const auth: Record<string, string> = this.target.token === undefined ? {} : { authorization: `Bearer ${this.target.token}` };
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(new URL(path, this.target.url), { method: 'POST', body, headers: { ...headers, ...auth } });
      if (response.ok) {
        await response.arrayBuffer();
        return;
      }
      const text = await response.text();
      if ((response.status !== 429 && response.status !== 503) || attempt >= MAX_ATTEMPTS) {
        throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
      }
      await pause(1000 * Number(response.headers.get('retry-after') ?? 1));
    }
  }
}
