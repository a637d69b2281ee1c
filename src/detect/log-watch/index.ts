/** Log intelligence across entities: template mining, log anomalies, and their alerts. */
export { LogWatch, type LogWatchOptions, type LogFindings } from './log-watch.js';
export { FindingAlerts } from './finding-alerts.js';
