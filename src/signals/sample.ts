/** Sample: one point of a metric series (name + labels), at an event time, with a value. */
import { z } from 'zod';
import { labelsSchema } from './labels.js';
import { timeMsSchema } from './time.js';

export const MetricKind = {
  gauge: 'gauge',
  counter: 'counter',
} as const;
export type MetricKind = (typeof MetricKind)[keyof typeof MetricKind];

export const sampleSchema = z.object({
  entityId: z.string().min(1),
  metric: z.string().min(1),
  labels: labelsSchema,
  /** Gauges are scored as they are; counters (monotonic totals) are scored as rates. */
  kind: z.enum(['gauge', 'counter']).default('gauge'),
  time: timeMsSchema,
  value: z.number(),
  /**
   * A staleness marker, not a measurement: the series ended at `time` (its target went away or stopped exporting
   * it), and what it has firing resolves. Its `value` is 0 and means nothing. It travels with the series' samples,
   * so it comes after them.
   */
  stale: z.literal(true).optional(),
});
export type Sample = z.infer<typeof sampleSchema>;

/** The identity of a series: metric name and sorted labels, as one string. */
export function seriesKey(metric: string, labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`);
  return `${metric}{${parts.join(',')}}`;
}
