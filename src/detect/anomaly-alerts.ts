/**
 * Detector findings as alert events, so anomalies flow through the same alerts stage (dedup, life
 * cycle, incidents) as alerts from other tools. One dedup key per finding subject: an episode
 * fires once, escalates in place and resolves.
 */
import type { Event, Labels, Severity } from '../signals/index.js';

export const DETECT_SOURCE = 'opsight-detect';

export interface FindingAlert {
  /** Stable identity of what is unusual (a series, a log template, a forecast). */
  key: string;
  alertname: string;
  entityId: string;
  title: string;
  labels: Labels;
  annotations: Labels;
  severity: Severity;
}

export function firingEvent(finding: FindingAlert, id: string, time: number, since: number, receivedAt: number): Event {
  return {
    id, source: DETECT_SOURCE, kind: 'alert', entityId: finding.entityId, severity: finding.severity, title: finding.title,
    ...(finding.annotations.summary !== undefined ? { description: finding.annotations.summary } : {}),
    labels: { ...finding.labels, alertname: finding.alertname }, annotations: finding.annotations,
    time, receivedAt, status: 'firing', startsAt: since, dedupKey: finding.key,
  };
}

export function resolvedEvent(finding: FindingAlert, id: string, since: number, resolvedAt: number, receivedAt: number): Event {
  return { ...firingEvent(finding, id, resolvedAt, since, receivedAt), status: 'resolved', endsAt: resolvedAt };
}
