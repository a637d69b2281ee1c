/** The Prometheus adapters' own counters (beside the server's accepted/rejected/throttled ones), registered once per registry. */
import type { Registry } from 'prom-client';
import { Counter } from 'prom-client';

export interface PrometheusMetrics {
  /** Staleness markers received (remote write) or written (scrape): a series ended. */
  staleMarkers: Counter<'source'>;
  /** Points not turned into samples, by reason (`nan_or_inf`, `native_histogram`). */
  skippedPoints: Counter<'source' | 'reason'>;
  /** Scrapes by job and result (`success`, `failed`, `throttled`). */
  scrapes: Counter<'job' | 'result'>;
}

function counter<T extends string>(registry: Registry, name: string, help: string, labelNames: T[]): Counter<T> {
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) return existing as Counter<T>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function prometheusMetrics(registry: Registry): PrometheusMetrics {
  return {
    staleMarkers: counter(registry, 'opsight_prometheus_stale_markers_total', 'Prometheus staleness markers received or written by a scrape (series ended), per source.', ['source']),
    skippedPoints: counter(registry, 'opsight_prometheus_points_skipped_total', 'Prometheus points not turned into samples, per source and reason.', ['source', 'reason']),
    scrapes: counter(registry, 'opsight_prometheus_scrapes_total', 'Scrapes of Prometheus targets, per job and result.', ['job', 'result']),
  };
}
