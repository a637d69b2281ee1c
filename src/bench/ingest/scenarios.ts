/**
 * The ingest benchmark's scenarios: one per protocol, each a generated load of pre-encoded
 * requests (so encoding costs nothing during the run) and, where a target exists, the rate to beat.
 */

import { syntheticLogsBody, syntheticSpansBody } from '../../ingest/otlp/index.js';

export interface HttpScenario {
  name: string;
  /** What an item is: samples, spans, log records, events. */
  unit: string;
  path: string;
  headers: Record<string, string>;
  bodies: Uint8Array[];
  itemsPerBody: number;
  okStatuses: number[];
  /** Other receivers to run the same load against, for a ratio. */
  compareWith?: ('prometheus' | 'victoriametrics')[];
  /** items/s to reach, or a ratio to one compared receiver. */
  target?: { itemsPerSecond?: number; ratio?: { of: 'prometheus' | 'victoriametrics'; atLeast: number } };
}

const encoder = new TextEncoder();
const BODIES = 64;

function genericAlerts(batch: number, offset: number): Uint8Array {
  const base = Date.UTC(2026, 0, 1);
  const events = Array.from({ length: batch }, (_, i) => {
    const n = offset * batch + i;
    return { title: `Alert${n % 500}`, entity: `service:svc-${n % 100}`, severity: n % 7 === 0 ? 'critical' : 'warning', time: base + n * 1000, labels: { shard: String(n % 13) } };
  });
  return encoder.encode(JSON.stringify(events));
}

function alertmanagerGroup(batch: number, offset: number): Uint8Array {
  const alerts = Array.from({ length: batch }, (_, i) => {
    const n = offset * batch + i;
    return {
      status: 'firing', labels: { alertname: `Rule${n % 200}`, instance: `node-${n % 50}:9100`, job: 'node', severity: 'warning' },
      annotations: { summary: 'generated' }, startsAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: '',
    };
  });
  return encoder.encode(JSON.stringify({
    version: '4', groupKey: `{}:{g="${offset}"}`, truncatedAlerts: 0, status: 'firing', receiver: 'opsight', groupLabels: {},
    commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am:9093', alerts,
  }));
}

const json = { 'content-type': 'application/json' };
const protobuf = { 'content-type': 'application/x-protobuf' };
const OTLP_BATCH = 1000;
const SPANS_TARGET = 100_000;

export function otlpScenarios(): HttpScenario[] {
  const start = Date.UTC(2026, 0, 1);
  return [
    { name: 'otlp traces (protobuf)', unit: 'spans', path: '/v1/traces', headers: protobuf, itemsPerBody: OTLP_BATCH, okStatuses: [200],
      bodies: Array.from({ length: BODIES }, (_, i) => syntheticSpansBody(OTLP_BATCH, { startMs: start, firstIndex: i * OTLP_BATCH })),
      target: { itemsPerSecond: SPANS_TARGET } },
    { name: 'otlp logs (protobuf)', unit: 'log records', path: '/v1/logs', headers: protobuf, itemsPerBody: OTLP_BATCH, okStatuses: [200],
      bodies: Array.from({ length: BODIES }, (_, i) => syntheticLogsBody(OTLP_BATCH, { startMs: start, firstIndex: i * OTLP_BATCH })) },
  ];
}

export function eventScenarios(): HttpScenario[] {
  return [
    { name: 'events (generic JSON)', unit: 'events', path: '/api/v1/events', headers: json, itemsPerBody: 100, okStatuses: [202],
      bodies: Array.from({ length: BODIES }, (_, i) => genericAlerts(100, i)) },
    { name: 'alertmanager webhook', unit: 'alerts', path: '/api/v1/ingest/alertmanager', headers: json, itemsPerBody: 20, okStatuses: [202],
      bodies: Array.from({ length: BODIES }, (_, i) => alertmanagerGroup(20, i)) },
  ];
}
