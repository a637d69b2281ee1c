/**
 * Valid inputs per protocol, the material every mutation starts from: built with the encoders and
 * load generators the ingest benchmark uses, plus the source tree's testdata (real payloads).
 */
import { readFileSync } from 'node:fs';
import { eventScenarios } from '../ingest/scenarios.js';
import { encodeWriteRequestProto } from '../../ingest/prometheus/index.js';
import { encodeMetricsProto, syntheticLogsBody, syntheticSpansBody } from '../../ingest/otlp/index.js';
import { fixture } from '../../ingest/otlp/fixtures.js';
import type { MetricsRequest, PointBase } from '../../ingest/otlp/model.js';
import { encodeSyslogLines } from '../../ingest/syslog/index.js';

const START = Date.UTC(2026, 0, 1);
const utf8 = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
const testdata = (path: string): string => readFileSync(new URL(`../../../src/ingest/${path}`, import.meta.url), 'utf8');

/** The first body of an ingest-benchmark scenario, parsed (the benchmark's bodies are larger than a fuzz seed needs). */
function scenarioBody(name: string): unknown {
  const scenario = eventScenarios().find((s) => s.name === name);
  if (scenario?.bodies[0] === undefined) throw new Error(`no ingest scenario ${name}`);
  return JSON.parse(Buffer.from(scenario.bodies[0]).toString('utf8'));
}

function alertmanagerSeeds(): Buffer[] {
  const real = JSON.parse(testdata('alertmanager/testdata/firing.json')) as { alerts: Record<string, unknown>[] };
  const generated = scenarioBody('alertmanager webhook') as { alerts: unknown[] };
  const resolved = { ...real, status: 'resolved', alerts: real.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-01-01T11:00:00Z' })) };
  return [utf8(real), utf8({ ...generated, alerts: generated.alerts.slice(0, 2) }), utf8(resolved)];
}

function grafanaSeeds(): Buffer[] {
  const real = JSON.parse(testdata('grafana/testdata/firing.json')) as { alerts: Record<string, unknown>[] };
  const resolved = { ...real, status: 'resolved', state: 'ok', alerts: real.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-01-01T11:00:00Z' })) };
  return [utf8(real), utf8(resolved)];
}

function eventSeeds(): Buffer[] {
  const generated = (scenarioBody('events (generic JSON)') as unknown[]).slice(0, 3);
  const change = { kind: 'change', title: 'deploy checkout 1a2b3c', entity: 'service:checkout', labels: { version: '1a2b3c' }, url: 'https://ci.example/1', time: START };
  const info = { kind: 'info', title: 'backup finished', source: 'cron', resource: { 'host.name': 'db-1' }, annotations: { summary: 'ok' }, time: '2026-01-01T10:00:00Z' };
  return [utf8(generated), utf8(change), utf8({ events: [info, generated[0]] })];
}

function remoteWriteSeeds(): Buffer[] {
  const up = { labels: { __name__: 'up', job: 'node', instance: 'node-1:9100' }, samples: [1, 2, 3].map((i) => ({ value: 1, timestamp: START + i * 15_000 })) };
  const cpu = { labels: { __name__: 'node_cpu_seconds_total', cpu: '0', mode: 'idle', job: 'node', instance: 'node-2:9100' }, samples: [{ value: 1234.5, timestamp: START }] };
  const stale = { labels: { __name__: 'http_requests_total', service: 'checkout', code: '500' }, samples: [{ value: 7, timestamp: START }, { value: 0, timestamp: START + 15_000, stale: true }] };
  return [
    encodeWriteRequestProto([up, cpu]),
    encodeWriteRequestProto([stale], [{ type: 1, family: 'http_requests_total', help: 'Requests served.' }]),
  ];
}

function point(extra: number): PointBase {
  return { attributes: [{ key: 'host.name', value: 'web-1' }, { key: 'shard', value: extra }], startMs: START, timeMs: START + extra * 1000, flags: 0 };
}

function metricsSeed(): Buffer {
  const request: MetricsRequest = [{ resource: [{ key: 'service.name', value: 'checkout' }], items: [
    { name: 'requests', data: { type: 'sum', temporality: 2, monotonic: true, points: [{ ...point(1), value: 10 }] } },
    { name: 'cpu', data: { type: 'gauge', points: [{ ...point(2), value: 0.5 }] } },
    { name: 'latency', data: { type: 'histogram', temporality: 2, points: [{ ...point(3), count: 3, sum: 0.6, bucketCounts: [1, 2, 0], explicitBounds: [0.1, 0.5] }] } },
    { name: 'size', data: { type: 'exponentialHistogram', temporality: 1, points: [{ ...point(4), count: 4, sum: 10, scale: 2, zeroCount: 1, zeroThreshold: 0,
      positive: { offset: 1, counts: [1, 2] }, negative: { offset: 0, counts: [] } }] } },
    { name: 'rpc', data: { type: 'summary', points: [{ ...point(5), count: 5, sum: 2.5, quantiles: [{ quantile: 0.5, value: 0.4 }, { quantile: 0.99, value: 1.2 }] }] } },
  ] }];
  return encodeMetricsProto(request);
}

function syslogLines(): string[] {
  const real = JSON.parse(testdata('syslog/testdata/real-world.json')) as { cases: { line: string }[] };
  return real.cases.map((c) => c.line);
}

/** Valid bodies (or, for syslog, datagrams and stream chunks) per protocol. */
export const seeds = {
  alertmanager: alertmanagerSeeds,
  grafana: grafanaSeeds,
  events: eventSeeds,
  remoteWrite: remoteWriteSeeds,
  tracesProto: (): Buffer[] => [syntheticSpansBody(4, { startMs: START }), syntheticSpansBody(12, { startMs: START, services: 3, firstIndex: 100 })],
  metricsProto: (): Buffer[] => [metricsSeed()],
  logsProto: (): Buffer[] => [syntheticLogsBody(4, { startMs: START }), syntheticLogsBody(12, { startMs: START, services: 2, firstIndex: 100 })],
  tracesJson: (): Buffer[] => [fixture('traces')],
  metricsJson: (): Buffer[] => [fixture('metrics')],
  logsJson: (): Buffer[] => [fixture('logs')],
  syslogDatagrams: (): Buffer[] => [...syslogLines().map(utf8), encodeSyslogLines({ count: 1, framing: 'lf', startTime: START }),
    encodeSyslogLines({ count: 1, format: 'rfc3164', framing: 'lf', startTime: START })],
  syslogStream: (): Buffer[] => [encodeSyslogLines({ count: 5, startTime: START }), encodeSyslogLines({ count: 5, format: 'rfc3164', framing: 'lf', startTime: START }),
    utf8(`${syslogLines().join('\n')}\n`)],
};
