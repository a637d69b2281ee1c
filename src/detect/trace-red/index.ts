/** RED metrics (rate, errors, duration) of every service operation, from its traces. */
export { RedAggregator, RED_METRICS, type RedMetricNames, type RedOptions } from './red-aggregator.js';
export { CallOrderMix, type CallOrderOptions, type CallOrderDrops } from './call-order.js';
