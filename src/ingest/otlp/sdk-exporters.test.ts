/** Real clients: the OpenTelemetry JS SDK's own OTLP exporters (protobuf and JSON) against the plugin on a loopback port. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { AggregationTemporalityPreference, OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Sample } from '../../signals/index.js';
import type { OtlpTestApp } from './testing.js';
import { otlpTestApp } from './testing.js';

const resource = resourceFromAttributes({ 'service.name': 'checkout', 'service.namespace': 'shop', 'service.instance.id': 'checkout-1', 'host.name': 'node-7' });

const clients = [
  { name: 'otlp-proto (protobuf)', Trace: ProtoTraceExporter, Metric: ProtoMetricExporter, Log: ProtoLogExporter, sends: 'application/x-protobuf identity' },
  { name: 'otlp-http (JSON)', Trace: JsonTraceExporter, Metric: JsonMetricExporter, Log: JsonLogExporter, sends: 'application/json identity' },
  { name: 'otlp-proto with gzip', Trace: ProtoTraceExporter, Metric: ProtoMetricExporter, Log: ProtoLogExporter, sends: 'application/x-protobuf gzip', gzip: true },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function find(samples: Sample[], metric: string, labels: Record<string, string> = {}): Sample {
  const found = samples.find((s) => s.metric === metric && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found, `no sample ${metric} ${JSON.stringify(labels)} among ${[...new Set(samples.map((s) => s.metric))].join(', ')}`);
  return found;
}

for (const client of clients) {
  describe(`OTLP receiver with the SDK's ${client.name} exporters`, () => {
    let test: OtlpTestApp;
    let base: string;
    before(async () => {
      // The exporters read OTEL_EXPORTER_OTLP_COMPRESSION when they are constructed.
      if (client.gzip === true) process.env.OTEL_EXPORTER_OTLP_COMPRESSION = 'gzip';
      test = await otlpTestApp();
      base = await test.app.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      delete process.env.OTEL_EXPORTER_OTLP_COMPRESSION;
      await test.app.close();
      assert.deepEqual([...new Set(test.received)], [client.sends]);
    });

    it('receives spans with ids, parent, kind, status, attributes and the resource entity', async () => {
      const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new client.Trace({ url: `${base}/v1/traces` }))] });
      const tracer = provider.getTracer('test');
      const parent = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, attributes: { 'http.route': '/orders', 'http.response.status_code': 500 } });
      const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } }, trace.setSpan(context.active(), parent));
      child.end();
      parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      parent.end();
      await provider.forceFlush();
      await provider.shutdown();
      const server = test.sink.spans.find((s) => s.operation === 'POST /orders');
      const db = test.sink.spans.find((s) => s.operation === 'SELECT orders');
      assert.ok(server && db);
      assert.equal(server.traceId, parent.spanContext().traceId);
      assert.equal(server.spanId, parent.spanContext().spanId);
      assert.equal(db.parentSpanId, server.spanId);
      assert.equal(server.parentSpanId, undefined);
      assert.deepEqual([server.kind, db.kind], ['server', 'client']);
      assert.deepEqual([server.status, db.status], ['error', 'unset']);
      assert.equal(server.attributes['http.response.status_code'], 500);
      assert.equal(server.attributes['otel.status_description'], 'boom');
      assert.equal(server.entityId, 'service:shop/checkout');
      assert.equal(server.service, 'checkout');
      assert.ok(server.end >= server.start && Math.abs(server.start - Date.now()) < 60_000);
      assert.deepEqual(test.sink.sources.at(-1), 'otlp');
    });

    it('receives a cumulative counter, a histogram, an exponential histogram, an up-down counter and a gauge', async () => {
      const reader = new PeriodicExportingMetricReader({ exporter: new client.Metric({ url: `${base}/v1/metrics` }), exportIntervalMillis: 600_000 });
      const provider = new MeterProvider({ resource, readers: [reader], views: [{ instrumentName: 'payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] });
      const meter = provider.getMeter('test');
      meter.createCounter('orders').add(5, { region: 'eu' });
      const latency = meter.createHistogram('latency', { advice: { explicitBucketBoundaries: [10, 100] } });
      for (const value of [5, 50, 500]) latency.record(value);
      const size = meter.createHistogram('payload.size');
      for (const value of [3, 300, 3000]) size.record(value);
      meter.createUpDownCounter('queue.depth').add(-2);
      meter.createObservableGauge('temperature').addCallback((result) => result.observe(21.5));
      await provider.forceFlush();
      await provider.shutdown();
      const samples = test.sink.samples;
      const orders = find(samples, 'orders', { region: 'eu' });
      assert.deepEqual([orders.kind, orders.value, orders.entityId, orders.labels.instance], ['counter', 5, 'service:shop/checkout', 'checkout-1']);
      assert.equal(find(samples, 'latency_count').value, 3);
      assert.equal(find(samples, 'latency_sum').value, 555);
      assert.deepEqual(['10', '100', '+Inf'].map((le) => find(samples, 'latency_bucket', { le }).value), [1, 2, 3]);
      assert.equal(find(samples, 'latency_bucket', { le: '+Inf' }).kind, 'counter');
      assert.equal(find(samples, 'payload.size_count').value, 3);
      assert.equal(find(samples, 'payload.size_bucket', { le: '4' }).value, 1);
      assert.equal(find(samples, 'payload.size_bucket', { le: '4096' }).value, 3);
      assert.deepEqual([find(samples, 'queue.depth').kind, find(samples, 'queue.depth').value], ['gauge', -2]);
      assert.equal(find(samples, 'temperature').value, 21.5);
    });

    it('turns a delta counter into a per-second rate gauge', async () => {
      const exporter = new client.Metric({ url: `${base}/v1/metrics`, temporalityPreference: AggregationTemporalityPreference.DELTA });
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 600_000 });
      const provider = new MeterProvider({ resource, readers: [reader] });
      const jobs = provider.getMeter('test').createCounter('jobs.done');
      jobs.add(7);
      // The SDK starts a delta interval at its first measurement: give it a measurable length.
      await sleep(50);
      await provider.forceFlush();
      await provider.shutdown();
      const rate = find(test.sink.samples, 'jobs.done_rate');
      assert.equal(rate.kind, 'gauge');
      assert.ok(rate.value > 0 && rate.value < 7 / 0.04, `rate ${rate.value}`);
    });

    it('receives log records with severity, body, attributes and trace context', async () => {
      const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new client.Log({ url: `${base}/v1/logs` }) })] });
      const logger = provider.getLogger('test');
      logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'payment failed', attributes: { 'order.id': 42, nested: { a: 'b' } } });
      logger.emit({ severityNumber: SeverityNumber.WARN, body: { structured: true, count: 2 } });
      await provider.forceFlush();
      await provider.shutdown();
      const failed = test.sink.logs.find((log) => log.body === 'payment failed');
      assert.ok(failed);
      assert.deepEqual([failed.severity, failed.entityId, failed.attributes['order.id'], failed.attributes['nested.a']], ['error', 'service:shop/checkout', 42, 'b']);
      assert.ok(Math.abs(failed.time - Date.now()) < 60_000);
      const structured = test.sink.logs.find((log) => log.severity === 'warning');
      assert.deepEqual(JSON.parse(structured?.body ?? 'null'), { structured: true, count: 2 });
    });
  });
}
