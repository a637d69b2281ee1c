/** The OTLP/JSON ExportMetricsServiceRequest schema, producing the same model as the protobuf decoder. */
import { z } from 'zod';
import type { MetricData, OtlpMetric, PointBase } from './model.js';
import { attributes, double, enumField, exportRequest, int64, nanosToMs, uint64 } from './json-common.js';

const temporality = enumField(['AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE']).nullish();

const pointBase = {
  attributes,
  startTimeUnixNano: nanosToMs.nullish(),
  timeUnixNano: nanosToMs.nullish(),
  flags: z.number().int().nullish(),
};

function base(json: { attributes: PointBase['attributes']; startTimeUnixNano?: number | null | undefined; timeUnixNano?: number | null | undefined; flags?: number | null | undefined }): PointBase {
  return { attributes: json.attributes, startMs: json.startTimeUnixNano ?? 0, timeMs: json.timeUnixNano ?? 0, flags: json.flags ?? 0 };
}

const numberPoint = z.object({ ...pointBase, asDouble: double.nullish(), asInt: int64.nullish() })
  .transform((json) => ({ ...base(json), value: json.asDouble ?? Number(json.asInt ?? 0) }));

const histogramPoint = z.object({
  ...pointBase, count: uint64.nullish(), sum: double.nullish(), bucketCounts: z.array(uint64).nullish(), explicitBounds: z.array(double).nullish(),
}).transform((json) => ({
  ...base(json), count: json.count ?? 0, sum: json.sum ?? undefined, bucketCounts: json.bucketCounts ?? [], explicitBounds: json.explicitBounds ?? [],
}));

const buckets = z.object({ offset: z.number().int().nullish(), bucketCounts: z.array(uint64).nullish() }).nullish()
  .transform((json) => ({ offset: json?.offset ?? 0, counts: json?.bucketCounts ?? [] }));

const exponentialPoint = z.object({
  ...pointBase, count: uint64.nullish(), sum: double.nullish(), scale: z.number().int().nullish(), zeroCount: uint64.nullish(),
  zeroThreshold: double.nullish(), positive: buckets, negative: buckets,
}).transform((json) => ({
  ...base(json), count: json.count ?? 0, sum: json.sum ?? undefined, scale: json.scale ?? 0, zeroCount: json.zeroCount ?? 0,
  zeroThreshold: json.zeroThreshold ?? 0, positive: json.positive, negative: json.negative,
}));

const summaryPoint = z.object({
  ...pointBase, count: uint64.nullish(), sum: double.nullish(),
  quantileValues: z.array(z.object({ quantile: double.nullish(), value: double.nullish() })).nullish(),
}).transform((json) => ({
  ...base(json), count: json.count ?? 0, sum: json.sum ?? 0,
  quantiles: (json.quantileValues ?? []).map((pair) => ({ quantile: pair.quantile ?? 0, value: pair.value ?? 0 })),
}));

const points = <T extends z.ZodType>(point: T) => z.array(point).nullish().transform((list) => (list ?? []) as z.output<T>[]);

const metricFields = z.object({
  name: z.string().nullish(),
  gauge: z.object({ dataPoints: points(numberPoint) }).nullish(),
  sum: z.object({ dataPoints: points(numberPoint), aggregationTemporality: temporality, isMonotonic: z.boolean().nullish() }).nullish(),
  histogram: z.object({ dataPoints: points(histogramPoint), aggregationTemporality: temporality }).nullish(),
  exponentialHistogram: z.object({ dataPoints: points(exponentialPoint), aggregationTemporality: temporality }).nullish(),
  summary: z.object({ dataPoints: points(summaryPoint) }).nullish(),
});

const metric = metricFields.transform((json): OtlpMetric => ({ name: json.name ?? '', data: dataOf(json) }));

function dataOf(json: z.output<typeof metricFields>): MetricData {
  if (json.gauge != null) return { type: 'gauge', points: json.gauge.dataPoints };
  if (json.sum != null) return { type: 'sum', points: json.sum.dataPoints, temporality: json.sum.aggregationTemporality ?? 0, monotonic: json.sum.isMonotonic ?? false };
  if (json.histogram != null) return { type: 'histogram', points: json.histogram.dataPoints, temporality: json.histogram.aggregationTemporality ?? 0 };
  if (json.exponentialHistogram != null) {
    return { type: 'exponentialHistogram', points: json.exponentialHistogram.dataPoints, temporality: json.exponentialHistogram.aggregationTemporality ?? 0 };
  }
  if (json.summary != null) return { type: 'summary', points: json.summary.dataPoints };
  return { type: 'none' };
}

export const metricsRequestJson = exportRequest('resourceMetrics', 'scopeMetrics', 'metrics', metric);
