/** Configuration of the log anomaly detector: one schema with defaults, the same for every entity. */
import { z } from 'zod';

export const logAnomalyConfigSchema = z.strictObject({
  /** Event time after an entity's first line during which new templates are learned silently. @default 3600000 (1 h) */
  warmupMs: z.number().int().nonnegative().default(3_600_000),
  /**
   * The same for templates of error-level lines (the shorter of the two applies): an error never logged in the entity's first minutes is news
   * sooner than a rare info line (an hourly job's) would be. @default 600000 (10 min)
   */
  errorWarmupMs: z.number().int().nonnegative().default(600_000),
  /** Width of the event-time windows in which template and error counts are compared with their baseline. @default 60000 */
  windowMs: z.number().int().min(1000).default(60_000),
  /** Weight of the newest window in each baseline (an exponential moving average of counts per window). @default 0.05 */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /** Windows an entity must have closed before rates are judged. @default 20 */
  minWindows: z.number().int().min(1).default(20),
  /** A template's count shifts when it is this many times its baseline, or that many times below it. @default 5 */
  shiftFactor: z.number().gt(1).default(5),
  /** Least count, in the window or in the baseline, for a rate shift: fewer lines are noise. @default 10 */
  minCount: z.number().int().min(1).default(10),
  /** Least error and critical lines in a window for a burst (5 against a baseline near 0 happen by chance about once in 10 million windows). @default 5 */
  burstMinErrors: z.number().int().min(1).default(5),
  /** A burst has this many times the baseline of error lines per window (plus one). @default 4 */
  burstFactor: z.number().gt(1).default(4),
  /** Example lines kept as evidence per anomaly. @default 3 */
  examples: z.number().int().min(0).max(20).default(3),
  /** Rate shifts reported per entity and window, the largest first: a storm of shifting templates is one problem, not thousands. @default 10 */
  maxShiftsPerWindow: z.number().int().min(1).default(10),
  /** Templates whose rates are tracked per entity; the rarest are dropped past it. @default 2000 */
  maxTrackedTemplates: z.number().int().min(1).default(2000),
});
export type LogAnomalyConfig = z.infer<typeof logAnomalyConfigSchema>;
export type LogAnomalyOptions = z.input<typeof logAnomalyConfigSchema>;

/** Parses and freezes a configuration; throws a zod error naming a bad field. */
export function logAnomalyConfig(options: LogAnomalyOptions = {}): Readonly<LogAnomalyConfig> {
  return Object.freeze(logAnomalyConfigSchema.parse(options));
}
