/**
 * The remote-write scenario: what Prometheus itself sends — 500 samples per request, one per
 * series, 1,000 series of node-exporter-like names, every series' timestamps increasing from
 * request to request (so no receiver rejects a sample as out of order or a duplicate).
 */
import type { WriteSeries } from '../../ingest/prometheus/index.js';
import { encodeWriteRequest } from '../../ingest/prometheus/index.js';
import type { HttpScenario } from './scenarios.js';

const SERIES = 1000;
const PER_REQUEST = 500;
const METRICS = ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_filesystem_avail_bytes', 'node_network_receive_bytes_total',
  'node_load1', 'http_requests_total', 'http_request_duration_seconds_sum', 'process_resident_memory_bytes', 'go_goroutines', 'up'];

function labelsOf(series: number): Record<string, string> {
  return {
    __name__: METRICS[series % METRICS.length] as string, job: series % 3 === 0 ? 'api' : 'node',
    instance: `host-${Math.floor(series / METRICS.length) % 100}:9100`, env: 'prod', shard: String(series % 7),
  };
}

/** Steady, slightly noisy values (counters keep rising): traffic as it mostly is, not a storm of anomalies. */
function valueOf(series: number, scrape: number): number {
  const noise = 2 * (Math.abs(Math.sin(series * 12.9898 + scrape * 78.233) * 43758.5453) % 1);
  const name = METRICS[series % METRICS.length] as string;
  return name.endsWith('_total') || name.endsWith('_sum') ? scrape * (10 + (series % 13)) + noise : 100 + (series % 50) + 5 * Math.sin(scrape / 40) + noise;
}

/** `requests` bodies; body i carries half of the series at the i/2-th scrape time. */
export function remoteWriteBodies(requests: number): Uint8Array[] {
  const start = Date.UTC(2026, 0, 1);
  const labels = Array.from({ length: SERIES }, (_, series) => labelsOf(series));
  return Array.from({ length: requests }, (_, i) => {
    const half = i % 2;
    const timestamp = start + Math.floor(i / 2) * 15_000;
    const series: WriteSeries[] = Array.from({ length: PER_REQUEST }, (_, j) => {
      const index = half * PER_REQUEST + j;
      return { labels: labels[index] as Record<string, string>, samples: [{ timestamp, value: valueOf(index, Math.floor(i / 2)) }] };
    });
    return encodeWriteRequest(series);
  });
}

export function remoteWriteScenario(requests: number): HttpScenario {
  return {
    name: 'prometheus remote write', unit: 'samples', path: '/api/v1/write', itemsPerBody: PER_REQUEST, okStatuses: [204],
    headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
    bodies: remoteWriteBodies(requests), compareWith: ['prometheus', 'victoriametrics'], target: { ratio: { of: 'prometheus', atLeast: 1 } },
  };
}
