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
});
export type Sample = z.infer<typeof sampleSchema>;

/** The identity of a series: metric name and sorted labels, as one string. */
export function seriesKey(metric: string, labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`);
  return `${metric}{${parts.join(',')}}`;
}
