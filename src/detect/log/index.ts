/**
 * Log detection: the streaming template miner (lines → template ids and parameters, per entity, persistable)
 * and the log anomaly detector (new templates, rate shifts, error bursts, on event time).
 *
 * ```ts
 * const miner = new TemplateMiner();
 * const { templateId, params } = miner.add(record.body, record.entityId);
 * const anomalies = detector.observe({ record: { ...record, templateId }, template: miner.templateOf(templateId, record.entityId) ?? '' });
 * ```
 */
export { TemplateMiner, type MinedLine, type MinerCounters, type MinerEntitySnapshot, type TemplateInfo } from './template-miner.js';
export { RATE_BUCKET_MS, RATE_MINUTES } from './template-rate.js';
export { minerConfig, minerConfigSchema, type MinerConfig, type MinerOptions } from './miner-config.js';
export {
  LogAnomalyDetector, LogDetector,
  type MinedRecord, type LogBaselineSnapshot, type LogWindowsSnapshot, type LogRateSnapshot, type LogErrorSnapshot,
} from './log-anomaly-detector.js';
export { logAnomalyConfig, logAnomalyConfigSchema, type LogAnomalyConfig, type LogAnomalyOptions } from './anomaly-config.js';
export { maskToken, WILDCARD } from './mask.js';
