/** Configuration of log intelligence: the miner's and the anomaly detector's settings, alert quieting, and how many entities are tracked. */
import { z } from 'zod';
import { durationField } from '../../config/duration.js';
import { logAnomalyConfigSchema, minerConfigSchema } from '../log/index.js';

export const DEFAULT_MAX_LOG_ENTITIES = 10_000;

export const logWatchConfigSchema = z.strictObject({
  /** Template miner settings (see docs/bench-loghub.md). */
  miner: minerConfigSchema.partial().default({}),
  /** Log anomaly settings: warm-up, windows, thresholds. */
  anomalies: logAnomalyConfigSchema.partial().default({}),
  /** A log anomaly alert resolves after this much event time without a repeat. @default "15m" */
  quiet: durationField.default(15 * 60_000),
  /**
   * Log entities (services, hosts, apps) tracked at once; past it the one seen least recently is forgotten (its
   * templates and baselines dropped, its firing log alerts resolved). Bounds memory and checkpoint size. @default 10000
   */
  maxEntities: z.number().int().min(1).default(DEFAULT_MAX_LOG_ENTITIES),
});
