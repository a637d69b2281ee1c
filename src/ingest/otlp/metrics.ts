/**
 * OTLP's own counters, on the server's registry beside the shared ingest counters: items received
 * per signal and outcome. Created once per registry, so the plugin can be mounted on two ports.
 */
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export interface OtlpMetrics {
  /** Per signal: items handed to the pipeline (spans, samples, log records) and items rejected via partial_success (spans, data points, log records). */
  items: Counter<'signal' | 'outcome'>;
}

const ITEMS = 'opsight_otlp_items_total';

export function otlpMetrics(registry: Registry): OtlpMetrics {
  const existing = registry.getSingleMetric(ITEMS) as Counter<'signal' | 'outcome'> | undefined;
  const items = existing ?? new Counter({
    name: ITEMS, help: 'OTLP items per signal and outcome: accepted (spans, samples, log records) or rejected (spans, data points, log records).',
    labelNames: ['signal', 'outcome'], registers: [registry],
  });
  return { items };
}
