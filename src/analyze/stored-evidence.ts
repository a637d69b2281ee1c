/**
 * What the detectors stored, as evidence for the ranking: metric anomalies as robust deviations, error log
 * findings as Poisson excesses, change events as changes. Pure: stored signals in, evidence out.
 */
import type { Anomaly as StoredAnomaly, Event } from '../signals/index.js';
import { classify } from '../detect/series/classify.js';
import { LogDetector } from '../detect/log/log-anomaly-detector.js';
import type { Anomaly, ChangeEvent } from './evidence.js';

/** The z at which a metric anomaly's actual value leaves the band the detector calls normal (score 0.5): the ranking's threshold. */
const BAND_EDGE_Z = 3;
/** A new error template has no rate to weigh: it counts as a deviation at the threshold. */
const NEW_TEMPLATE_Z = 3;

const metricOf = (subject: string) => subject.split('{', 1)[0] ?? subject;

/** Saturation and runtime series (CPU, memory, threads, GC) are an entity's own; latency, errors and traffic its callers inherit. */
export function isOwnSymptom(metric: string): boolean {
  const signalClass = classify(metric);
  return signalClass === 'saturation' || signalClass === 'runtime';
}

const round = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3));

/** Smallest scale of a metric deviation, as a share of the series' size (as in deviation.ts): a band learned on a flat series is no yardstick. */
const RELATIVE_FLOOR = 0.05;

/**
 * How far the actual value was outside the normal band, as a z where the band's edge is BAND_EDGE_Z; the scale is
 * floored at a share of the larger of the actual and expected values, so a series that was flat does not score
 * a small move in millions of σ.
 */
function metricEvidence(anomaly: StoredAnomaly): Anomaly | undefined {
  const { actual, expected, lower, upper } = anomaly;
  if (actual === undefined || expected === undefined || lower === undefined || upper === undefined) return undefined;
  const scale = Math.max((upper - lower) / 2 / BAND_EDGE_Z, RELATIVE_FLOOR * Math.max(Math.abs(actual), Math.abs(expected)));
  if (!(scale > 0)) return undefined;
  const metric = metricOf(anomaly.subject);
  const ratio = expected !== 0 ? `${round(actual / expected)}× its expected ${round(expected)}` : `${round(actual)} against an expected 0`;
  return {
    entityId: anomaly.entityId, source: 'metric', signal: `${metric} ${actual >= expected ? 'up' : 'down'}`, since: anomaly.since ?? anomaly.time,
    strength: Math.abs(actual - expected) / scale, inherited: !isOwnSymptom(metric), description: `${metric} ${ratio}`,
  };
}

const shortTemplate = (template: string) => (template.length > 120 ? `${template.slice(0, 117)}...` : template);

/** Error bursts by their excess over the baseline (a Poisson z); a new error template at the threshold. Inherited: callers log their callees' failures. */
function logEvidenceOf(anomaly: StoredAnomaly): Anomaly | undefined {
  const since = anomaly.since ?? anomaly.time;
  const base = { entityId: anomaly.entityId, source: 'log' as const, signal: `log: ${shortTemplate(anomaly.subject)}`, since, inherited: true };
  if (anomaly.detector === LogDetector.newErrorTemplate) {
    return { ...base, strength: NEW_TEMPLATE_Z, description: `new error log template '${shortTemplate(anomaly.subject)}'` };
  }
  if (anomaly.detector !== LogDetector.errorBurst || anomaly.actual === undefined || anomaly.expected === undefined) return undefined;
  const strength = (anomaly.actual - anomaly.expected) / Math.sqrt(anomaly.expected + 1);
  return { ...base, strength, description: `error log burst '${shortTemplate(anomaly.subject)}' ×${anomaly.actual} against ${round(anomaly.expected)} usually` };
}

/** The stored anomalies that are evidence: metric deviations and error log findings; the rest (new info templates, rate shifts of any line) are not. */
export function storedEvidence(anomalies: readonly StoredAnomaly[]): Anomaly[] {
  return anomalies.flatMap((anomaly) => (anomaly.signal === 'log' ? logEvidenceOf(anomaly) : metricEvidence(anomaly)) ?? []);
}

/** Change events (deploys, configuration changes) as changes of their entity. */
export function changeEvidence(events: readonly Event[]): ChangeEvent[] {
  return events.filter((event) => event.kind === 'change').map((event) => ({ entityId: event.entityId, time: event.time, summary: event.title }));
}
