/** Metric detection across every series: one detector each, anomalies, anomaly and predictive alerts. */
export { MetricFleet, METRIC_DETECTOR, type Findings, type SeriesInfo, type SeriesPoints, type SeriesPointsQuery } from './fleet.js';
export { metricFleetConfigSchema, forecastRuleSchema, type MetricFleetConfig, type MetricFleetOptions, type ForecastRule } from './fleet-config.js';
