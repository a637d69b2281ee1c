/** Configuration of log intelligence: the miner's and the anomaly detector's settings, and alert quieting. */
import { z } from 'zod';
import { durationField } from '../../config/duration.js';
import { logAnomalyConfigSchema, minerConfigSchema } from '../log/index.js';

export const logWatchConfigSchema = z.strictObject({
  /** Template miner settings (see docs/bench-loghub.md). */
  miner: minerConfigSchema.partial().default({}),
  /** Log anomaly settings: warm-up, windows, thresholds. */
  anomalies: logAnomalyConfigSchema.partial().default({}),
  /** A log anomaly alert resolves after this much event time without a repeat. @default "15m" */
  quiet: durationField.default(15 * 60_000),
});
