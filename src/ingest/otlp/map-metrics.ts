/**
 * Maps decoded OTLP metrics to opsight Samples. Cumulative totals become `counter` samples
 * (detectors score their rate); delta totals are divided by their interval and become `<series>_rate`
 * gauges in units per second, so both temporalities end up rate-comparable without keeping state.
 * Rejections count data points, as partial_success.rejected_data_points does.
 */
import type { Labels, Sample } from '../../signals/index.js';
import { MAX_FLAT_ATTRIBUTES, labelsOf, resourceInfo } from './attributes.js';
import type { ResourceInfo } from './attributes.js';
import type { MetricsRequest, OtlpMetric, PointBase } from './model.js';
import { Temporality } from './model.js';
import type { SeriesShape, SeriesValue } from './metric-series.js';
import { exponentialSeries, histogramSeries, numberSeries, summarySeries } from './metric-series.js';
import type { MapResult } from './rejections.js';
import { Rejections, timeProblem } from './rejections.js';

const NO_RECORDED_VALUE = 1;

/**
 * Most labels (flattened attributes) a data point may have. Every series of a histogram or summary
 * point gets its own copy of them, so without a bound memory grows as attributes times buckets,
 * quadratic in the body. OpenTelemetry SDKs keep at most 128 attributes by default too.
 */
export const MAX_POINT_LABELS = MAX_FLAT_ATTRIBUTES;

function labelProblem(labels: Labels): string | undefined {
  const count = Object.keys(labels).length;
  return count > MAX_POINT_LABELS ? `more attributes (flattened) than opsight's limit of ${MAX_POINT_LABELS} per data point` : undefined;
}

interface MetricContext {
  entityId: string;
  /** Identifies the emitting instance, so replicas of one service keep separate series. */
  instance: string | undefined;
  name: string;
  temporality: number;
  out: Sample[];
}

/** `instance` label: service.instance.id, else the pod, else the host (only for service entities). */
function instanceOf(resource: ResourceInfo): string | undefined {
  if (resource.entity.kind !== 'service') return undefined;
  for (const key of ['service.instance.id', 'k8s.pod.name', 'host.name']) {
    const value = resource.attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function pointProblem(point: PointBase, temporality: number, accumulates: boolean): string | undefined {
  const time = timeProblem('time_unix_nano', point.timeMs);
  if (time !== undefined || !accumulates) return time;
  if (temporality !== Temporality.delta && temporality !== Temporality.cumulative) return 'aggregation_temporality is unspecified';
  if (temporality === Temporality.cumulative) return undefined;
  if (timeProblem('start_time_unix_nano', point.startMs) !== undefined || point.startMs >= point.timeMs) {
    return 'a delta point needs start_time_unix_nano before time_unix_nano to become a rate';
  }
  return undefined;
}

function kindOf(shape: SeriesShape): Sample['kind'] {
  return shape === 'total' ? 'counter' : 'gauge';
}

function emit(ctx: MetricContext, point: PointBase, base: Labels, series: readonly SeriesValue[]): void {
  const seconds = (point.timeMs - point.startMs) / 1000;
  for (const item of series) {
    const labels = item.label === undefined ? base : { ...base, [item.label[0]]: item.label[1] };
    const delta = ctx.temporality === Temporality.delta && item.shape !== 'level';
    ctx.out.push({
      entityId: ctx.entityId,
      metric: `${ctx.name}${item.suffix}${delta ? '_rate' : ''}`,
      labels,
      kind: delta ? 'gauge' : kindOf(item.shape),
      time: point.timeMs,
      value: delta ? item.value / seconds : item.value,
    });
  }
}

type PointMapper = (point: never) => SeriesValue[] | string;

function plan(metric: OtlpMetric): { points: PointBase[]; temporality: number; accumulates: boolean; series: PointMapper } {
  const data = metric.data;
  switch (data.type) {
    case 'gauge': return { points: data.points, temporality: Temporality.cumulative, accumulates: false, series: (p) => numberSeries(p, 'level') };
    case 'sum': {
      const shape = data.monotonic ? 'total' : 'updown';
      return { points: data.points, temporality: data.temporality, accumulates: true, series: (p) => numberSeries(p, shape) };
    }
    case 'histogram': return { points: data.points, temporality: data.temporality, accumulates: true, series: histogramSeries };
    case 'exponentialHistogram': return { points: data.points, temporality: data.temporality, accumulates: true, series: exponentialSeries };
    case 'summary': return { points: data.points, temporality: Temporality.cumulative, accumulates: false, series: summarySeries };
    case 'none': return { points: [], temporality: 0, accumulates: false, series: () => [] };
  }
}

function mapMetric(metric: OtlpMetric, resource: ResourceInfo, out: Sample[], rejections: Rejections, where: string): void {
  const { points, temporality, accumulates, series } = plan(metric);
  if (metric.name === '') {
    if (points.length > 0) rejections.reject(where, 'the metric has no name', points.length);
    return;
  }
  const ctx: MetricContext = { entityId: resource.entity.id, instance: instanceOf(resource), name: metric.name, temporality, out };
  points.forEach((point, index) => {
    if ((point.flags & NO_RECORDED_VALUE) !== 0) return;
    const labels = labelsOf(point.attributes, ctx.instance === undefined ? {} : { instance: ctx.instance });
    const problem = pointProblem(point, temporality, accumulates) ?? labelProblem(labels);
    const values = problem ?? series(point as never);
    if (typeof values === 'string') rejections.reject(`${where} (${metric.name}), point ${index}`, values);
    else emit(ctx, point, labels, values);
  });
}

export function mapMetrics(request: MetricsRequest): MapResult<Sample> {
  const items: Sample[] = [];
  const rejections = new Rejections();
  request.forEach((group, resourceIndex) => {
    const resource = resourceInfo(group.resource);
    group.items.forEach((metric, index) => mapMetric(metric, resource, items, rejections, `resource ${resourceIndex}, metric ${index}`));
  });
  return { items, rejections };
}
