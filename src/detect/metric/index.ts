/** Metric detection: the streaming per-series anomaly detector, its explanations, alert decisions and forecasts. */
export { MetricDetector, MAX_MAGNITUDE } from './detector.js';
export { detectorConfig, detectorConfigSchema, type DetectorConfig, type DetectorOptions } from './config.js';
export { bandHalfWidth, explain, type Explanation } from './explain.js';
export { Channel } from './channels.js';
export { STATE_BYTES, S } from './state.js';
export { initialGate, initialPeerTails, judgeDeviation, tailThreshold, riskPerPoint, type GateOptions, type GateState, type GateVerdict, type PeerTails, type TailState } from './alert-gate.js';
export { decideAlert, initialAlertState, severityOf, DEFAULT_ALERT_POLICY, type AlertDecision, type AlertPolicy, type AlertState } from './alert-decision.js';
export { initialTrend, learnTrend, trendOf, timeToThreshold, predictiveAlert, type Trend, type TrendState, type ThresholdForecast } from './forecast.js';
