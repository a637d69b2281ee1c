/** Configuration of log intelligence: the miner's and the anomaly detector's settings, alert quieting, and how many entities are tracked. */
import { z } from 'zod';
import { durationField } from '../../config/duration.js';
import { logAnomalyConfigSchema, minerConfigSchema } from '../log/index.js';

export const DEFAULT_MAX_LOG_ENTITIES = 10_000;

/** Kinds of log anomaly, as `detect.logs.alertOn` names them (each detector's id without its `log.` prefix). */
export const LOG_ALERT_KINDS = ['error-burst', 'new-error-template', 'new-template', 'rate-shift'] as const;
export type LogAlertKind = (typeof LOG_ALERT_KINDS)[number];

export const logWatchConfigSchema = z.strictObject({
  /** Template miner settings (see docs/bench-loghub.md). */
  miner: minerConfigSchema.partial().default({}),
  /** Log anomaly settings: warm-up, windows, thresholds. */
  anomalies: logAnomalyConfigSchema.partial().default({}),
  /**
   * Log anomalies that alert; the others are evidence only (stored, for correlation and root-cause analysis): bursts
   * of error lines and error-level templates new to an entity by default, not new templates of other levels nor rate shifts.
   * @default ["error-burst","new-error-template"]
   */
  alertOn: z.array(z.enum(LOG_ALERT_KINDS)).default(['error-burst', 'new-error-template']),
  /** A log anomaly alert resolves after this much event time without a repeat. @default "15m" */
  quiet: durationField.default(15 * 60_000),
  /** A log anomaly that comes back after this much event time without a repeat ends its alert and starts a new one. @default "3m" */
  newEpisodeAfter: durationField.default(3 * 60_000),
  /**
   * Log entities (services, hosts, apps) tracked at once; past it the one seen least recently is forgotten (its
   * templates and baselines dropped, its firing log alerts resolved). Bounds memory and checkpoint size. @default 10000
   */
  maxEntities: z.number().int().min(1).default(DEFAULT_MAX_LOG_ENTITIES),
});
