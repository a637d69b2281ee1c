/** opsight's own metrics, exposed at /metrics in Prometheus's text format. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TopicName } from '../bus/topics.js';

export interface OpsightMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  ingestAccepted: Counter<'source'>;
  ingestRejected: Counter<'source' | 'reason'>;
  ingestThrottled: Counter<'source'>;
  eventsApplied: Counter<'kind' | 'transition'>;
  eventsDuplicate: Counter;
  pipelineFailures: Counter<'stage'>;
  anomaliesFound: Counter<'detector'>;
  busPending: Gauge<'topic'>;
  authOpen: Gauge;
}

/** `busDepth` reports the bus's pending messages of a topic at scrape time. */
export function createMetrics(busDepth: (topic: TopicName) => number = () => 0, topics: readonly TopicName[] = []): OpsightMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'opsight_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'opsight_http_requests_total', help: 'HTTP requests by method, route and status.', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({ name: 'opsight_http_request_duration_seconds', help: 'HTTP request latency.', labelNames: ['method', 'route'], registers,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] }),
    ingestAccepted: new Counter({ name: 'opsight_ingest_accepted_total', help: 'Items accepted (durably queued) per source.', labelNames: ['source'], registers }),
    ingestRejected: new Counter({ name: 'opsight_ingest_rejected_total', help: 'Requests rejected per source and reason.', labelNames: ['source', 'reason'], registers }),
    ingestThrottled: new Counter({ name: 'opsight_ingest_throttled_total', help: 'Requests refused with 429/503 because the pipeline was behind, per source.', labelNames: ['source'], registers }),
    eventsApplied: new Counter({ name: 'opsight_events_applied_total', help: 'Events applied by the alerts stage, by kind and alert transition.', labelNames: ['kind', 'transition'], registers }),
    eventsDuplicate: new Counter({ name: 'opsight_events_duplicate_total', help: 'Redelivered events skipped because they were already applied.', registers }),
    pipelineFailures: new Counter({ name: 'opsight_pipeline_failures_total', help: 'Messages whose processing failed and will be retried, per stage.', labelNames: ['stage'], registers }),
    anomaliesFound: new Counter({ name: 'opsight_anomalies_total', help: 'Anomalies found, per detector.', labelNames: ['detector'], registers }),
    authOpen: new Gauge({ name: 'opsight_auth_open', help: '1 when the server runs in open mode (no API tokens checked), else 0.', registers }),
    busPending: new Gauge({
      name: 'opsight_bus_pending_messages', help: 'Messages accepted but not yet processed, per topic.', labelNames: ['topic'], registers,
      collect() { for (const topic of topics) this.set({ topic }, busDepth(topic)); },
    }),
  };
}
