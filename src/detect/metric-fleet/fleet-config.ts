/** Configuration of metric detection across every series: limits, alerting policy and forecasts. */
import { z } from 'zod';
import { durationField } from '../../config/duration.js';


export const forecastRuleSchema = z.strictObject({
  /** Metric name the rule applies to (exact), e.g. node_filesystem_avail_bytes. */
  metric: z.string().min(1),
  /** Value whose crossing is predicted, e.g. 0 bytes free. */
  threshold: z.number(),
  /** Raise the predictive alert when the crossing is due within this. @default "24h" */
  horizon: durationField.default(24 * 3_600_000),
  /** Words for the alert ("disk full"). @default "threshold" */
  name: z.string().min(1).default('threshold'),
});
export type ForecastRule = z.infer<typeof forecastRuleSchema>;

export const metricFleetConfigSchema = z.strictObject({
  /** Series watched at once; beyond it the series seen least recently is forgotten. @default 100000 */
  maxSeries: z.number().int().min(1).default(100_000),
  /** Detector score at which a point is an anomaly, stored as evidence (alerts need more: see falseAlertsPer1000SeriesDays). @default 0.5 */
  open: z.number().gt(0).lt(1).default(0.5),
  /** Detector score below which a point counts as normal again. @default 0.3 */
  close: z.number().gt(0).lt(1).default(0.3),
  /**
   * Normal points in a row before an anomaly episode, and an alert, resolves: five minutes at one point a minute,
   * so a fault that came back after a short quiet is a new alert, not the tail of the last one. @default 5
   */
  resolveAfter: z.number().int().min(1).default(5),
  /** The false-alarm budget: alerts expected per 1,000 series-days of normal behaviour, which sets each series' alert threshold. @default 3 */
  falseAlertsPer1000SeriesDays: z.number().positive().max(1000).default(3),
  /** Points a series learns before it may alert (backfilled points count). @default 20 */
  alertWarmup: z.number().int().min(3).default(20),
  /** No deviation smaller than this many standard deviations is an alert. @default 4 */
  minSigmas: z.number().min(1).default(4),
  /** No change smaller than this share of the expected value is an alert (0.2: 20 %). @default 0.2 */
  minRelativeChange: z.number().nonnegative().default(0.2),
  /** Signal classes whose anomalies may alert; the others are evidence only. @default ["errors","latency","traffic","saturation","behaviour","other"] */
  alertClasses: z.array(z.enum(['errors', 'latency', 'traffic', 'saturation', 'behaviour', 'runtime', 'other'])).default(['errors', 'latency', 'traffic', 'saturation', 'behaviour', 'other']),
  /**
   * Excursions that are a habit of a metric's series stay evidence: one whose move (from the same level to the same
   * level, within a factor of about 1.8) was made `episodes` times before within `memory`, at least `apart` before it,
   * each series counting once per `apart`.
   */
  recurrence: z.strictObject({
    /** @default 5 */
    episodes: z.number().int().min(1).default(5),
    /** @default "24h" */
    memory: durationField.default(24 * 3_600_000),
    /** @default "1h" */
    apart: durationField.default(3_600_000),
  }).default({ episodes: 5, memory: 24 * 3_600_000, apart: 3_600_000 }),
  /** Recent points of each series kept in memory for charts (GET /api/v1/series/points), 16 bytes each; 0 keeps none. Not checkpointed. @default 240 */
  recentPoints: z.number().int().min(0).max(10_000).default(240),
  /** Predictive alerts: a trend crossing a threshold within a horizon. @default [] */
  forecasts: z.array(forecastRuleSchema).default([]),
}).refine((config) => config.close < config.open, { message: 'close must be lower than open', path: ['close'] });
export type MetricFleetConfig = z.infer<typeof metricFleetConfigSchema>;
export type MetricFleetOptions = z.input<typeof metricFleetConfigSchema>;
