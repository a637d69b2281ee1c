/** Configuration of the streaming metric detector: one schema with defaults, the same for every series. */
import { z } from 'zod';

export const detectorConfigSchema = z.object({
  /** Gauges are scored as they are; counters (monotonic totals) as their rate per second. @default 'gauge' */
  kind: z.enum(['gauge', 'counter']).default('gauge'),
  /** Points learned before any score above 0 is given. @default 48 */
  warmup: z.number().int().min(3).default(48),
  /** Smoothing of the level per point: small is steady, large follows the series. @default 0.08 */
  levelAlpha: z.number().gt(0).lt(1).default(0.08),
  /** Smoothing of the spread (mean absolute residual) per point. @default 0.02 */
  scaleAlpha: z.number().gt(0).lt(1).default(0.02),
  /** Share of a day's evidence each seasonal bucket learns per day, whatever the sampling rate. @default 0.2 */
  seasonAlpha: z.number().gt(0).lt(1).default(0.2),
  /** Residuals are clipped at this many spreads before they teach the model, so outliers do not. @default 3 */
  clip: z.number().positive().default(3),
  /** Points after a detection during which further scores of the same episode are damped. @default 120 */
  episodePoints: z.number().int().nonnegative().default(120),
  /** Factor applied to scores inside an episode. @default 0.25 */
  episodeDamping: z.number().min(0).max(1).default(0.25),
  /** Score at or above which a point is a detection (the default alerting threshold). @default 0.5 */
  threshold: z.number().gt(0).lt(1).default(0.5),
  /** Half-life, in points, of the memory of how surprising this series usually gets. @default 20000 */
  envelopeHalfLife: z.number().positive().default(20000),
  /** Surprise (in σ) below which nothing is unusual, whatever the history. @default 5 */
  minSurprise: z.number().positive().default(5),
  /** Steepness of the score around "as surprising as the most surprising point remembered". @default 4 */
  steepness: z.number().positive().default(4),
  /** A point scores 0.5 when its surprise is this multiple of the largest remembered: repeats are not news. @default 1.03 */
  margin: z.number().positive().default(1.03),
  /** Share of the value range forgotten per point by the novelty channels' quantiser: slow, so bins stay put and old shapes stay comparable. @default 0.00001 */
  rangeContraction: z.number().nonnegative().lt(0.01).default(0.00001),
  /** Whether values never seen at their hour of day count as evidence. @default true */
  hourChannel: z.boolean().default(true),
  /** Whether a change in the size of residuals (volatility) counts as evidence. @default true */
  volatilityChannel: z.boolean().default(true),
  /** Bins of the value range for pattern novelty. @default 8 */
  patternLevels: z.number().int().min(2).max(8).default(8),
  /** Points per pattern (the current one and its predecessors). @default 3 */
  patternOrder: z.number().int().min(1).max(6).default(3),
  /** Smallest spread, as a share of the series' typical deviation from its daily mean. @default 0.02 */
  precision: z.number().nonnegative().lt(1).default(0.02),
  /** A gap longer than this many typical intervals makes the model less certain. @default 12 */
  gapIntervals: z.number().positive().default(12),
});
export type DetectorConfig = z.infer<typeof detectorConfigSchema>;
export type DetectorOptions = z.input<typeof detectorConfigSchema>;

/** Parses and freezes a configuration; throws a zod error naming a bad field. */
export function detectorConfig(options: DetectorOptions = {}): Readonly<DetectorConfig> {
  return Object.freeze(detectorConfigSchema.parse(options));
}
