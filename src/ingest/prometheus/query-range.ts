/**
 * The pure half of PromQL range queries: splitting a long range into requests under Prometheus's
 * 11,000-points-per-series limit, and turning a `/api/v1/query_range` answer into Samples.
 */
import { z } from 'zod';
import type { Sample } from '../../signals/index.js';
import { MAX_TIME_MS, MIN_TIME_MS, resolveEntity } from '../../signals/index.js';
import { kindFromName } from './metric-kind.js';
import { parseValue } from './exposition-parser.js';

/** Prometheus refuses a range query that would return more points than this per series. */
export const PROMETHEUS_MAX_POINTS = 11_000;

export interface TimeRange {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, inclusive. */
  end: number;
}

/** What went wrong with a range query: the API's error type and message, or the transport's. */
export class QueryRangeError extends Error {
  constructor(message: string, readonly status?: number, readonly errorType?: string) {
    super(message);
    this.name = 'QueryRangeError';
  }
}

/**
 * Chunks of at most `maxPoints` evaluation steps each, on the grid start + k·step, that together
 * cover [start, end] with no point twice.
 */
export function planChunks(range: TimeRange, stepMs: number, maxPoints = 10_000): TimeRange[] {
  if (!(stepMs > 0)) throw new QueryRangeError(`step must be positive, got ${stepMs} ms`);
  if (range.end < range.start) throw new QueryRangeError(`the range ends (${new Date(range.end).toISOString()}) before it starts (${new Date(range.start).toISOString()})`);
  if (maxPoints < 1 || maxPoints > PROMETHEUS_MAX_POINTS) throw new QueryRangeError(`points per request must be 1..${PROMETHEUS_MAX_POINTS}, got ${maxPoints}`);
  const chunks: TimeRange[] = [];
  const span = (maxPoints - 1) * stepMs;
  for (let start = range.start; start <= range.end; start += span + stepMs) {
    chunks.push({ start, end: Math.min(start + span, range.end) });
  }
  return chunks;
}

const pointSchema = z.tuple([z.number(), z.string()]);
const responseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({ resultType: z.string(), result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(pointSchema).optional() })) }),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);

export interface MatrixSamples {
  samples: Sample[];
  /** Points with NaN or ±Inf values, not turned into samples. */
  skipped: number;
  warnings: string[];
}

/**
 * Samples of a query_range answer (already parsed JSON). The metric is `__name__`, or `name` (by
 * default the query itself) for expressions whose result has no name, e.g. `rate(...)`.
 */
export function samplesOfMatrix(body: unknown, name: string, httpStatus = 200): MatrixSamples {
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) throw new QueryRangeError(`the answer (HTTP ${httpStatus}) is not a Prometheus API response: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, httpStatus);
  const answer = parsed.data;
  if (answer.status === 'error') throw new QueryRangeError(`query_range failed (HTTP ${httpStatus}, ${answer.errorType ?? 'error'}): ${answer.error ?? 'no message'}`, httpStatus, answer.errorType);
  if (answer.data.resultType !== 'matrix') throw new QueryRangeError(`query_range returned a ${answer.data.resultType}, expected a matrix`, httpStatus);
  const result: MatrixSamples = { samples: [], skipped: 0, warnings: answer.warnings ?? [] };
  for (const series of answer.data.result) {
    const { __name__: metricName, ...labels } = series.metric;
    const metric = metricName ?? name;
    const entityId = resolveEntity(labels).id;
    const kind = metricName === undefined ? 'gauge' : kindFromName(metricName);
    for (const [seconds, text] of series.values ?? []) {
      const time = Math.round(seconds * 1000);
      const value = parseValue(text);
      if (time < MIN_TIME_MS || time > MAX_TIME_MS) throw new QueryRangeError(`query_range returned timestamp ${seconds}, not unix seconds between 2000 and 2200`, httpStatus);
      if (value === undefined) throw new QueryRangeError(`query_range returned value ${JSON.stringify(text)}, not a number`, httpStatus);
      if (Number.isFinite(value)) result.samples.push({ entityId, metric, labels, kind, time, value });
      else result.skipped++;
    }
  }
  return result;
}
