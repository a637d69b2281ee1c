/** The correlate stage: alerts and anomalies into incidents. */
export { groupAlert, type GroupingConfig, type GroupingResult } from './grouping.js';
