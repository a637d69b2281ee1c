/**
 * Alertmanager webhook → Events. Every field of the payload lands somewhere: labels identify the
 * alert, annotations describe it, and the group-level fields are kept as `alertmanager.*` annotations.
 */
import type { Event } from '../../signals/index.js';
import { normalizeSeverity, resolveEntity } from '../../signals/index.js';
import type { NormalizeContext } from '../normalize-context.js';
import type { AlertmanagerPayload } from './payload.js';

type AlertmanagerAlert = AlertmanagerPayload['alerts'][number];

function groupAnnotations(payload: AlertmanagerPayload, alert: AlertmanagerAlert): Record<string, string> {
  const extra: Record<string, string> = {
    'alertmanager.receiver': payload.receiver,
    'alertmanager.groupKey': payload.groupKey,
    'alertmanager.groupStatus': payload.status,
  };
  if (Object.keys(payload.groupLabels).length > 0) extra['alertmanager.groupLabels'] = JSON.stringify(payload.groupLabels);
  if (payload.externalURL !== '') extra['alertmanager.externalURL'] = payload.externalURL;
  if (alert.fingerprint !== '') extra['alertmanager.fingerprint'] = alert.fingerprint;
  if (payload.truncatedAlerts > 0) extra['alertmanager.truncatedAlerts'] = String(payload.truncatedAlerts);
  return extra;
}

function toEvent(payload: AlertmanagerPayload, alert: AlertmanagerAlert, context: NormalizeContext): Event {
  // Alertmanager puts the group's common labels and annotations on every alert already; merging keeps older senders whole.
  const labels = { ...payload.commonLabels, ...alert.labels };
  const annotations = { ...payload.commonAnnotations, ...alert.annotations, ...groupAnnotations(payload, alert) };
  const resolved = alert.status === 'resolved';
  const startsAt = alert.startsAt ?? context.receivedAt;
  const endsAt = resolved ? (alert.endsAt ?? context.receivedAt) : undefined;
  const description = annotations.description ?? annotations.summary;
  return {
    id: context.newId(),
    source: 'alertmanager',
    kind: 'alert',
    entityId: resolveEntity(labels).id,
    severity: normalizeSeverity(labels.severity),
    title: labels.alertname ?? annotations.summary ?? 'Alertmanager alert',
    ...(description !== undefined ? { description } : {}),
    labels,
    annotations,
    time: endsAt ?? startsAt,
    receivedAt: context.receivedAt,
    status: alert.status,
    startsAt,
    ...(endsAt !== undefined ? { endsAt } : {}),
    ...(alert.generatorURL !== '' ? { url: alert.generatorURL } : {}),
  };
}

export function normalizeAlertmanager(payload: AlertmanagerPayload, context: NormalizeContext): Event[] {
  return payload.alerts.map((alert) => toEvent(payload, alert, context));
}
