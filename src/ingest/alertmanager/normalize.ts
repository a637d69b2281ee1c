/**
 * Alertmanager-style webhook groups → Events. Every field of the payload lands somewhere: labels
 * identify the alert, annotations describe it, and the group-level fields are kept as
 * `<source>.*` annotations. Grafana's webhook is the same shape with more fields, so it reuses this.
 */
import type { Event } from '../../signals/index.js';
import { normalizeSeverity, resolveEntity } from '../../signals/index.js';
import type { NormalizeContext } from '../normalize-context.js';
import type { AlertmanagerPayload } from './payload.js';

/** What Alertmanager and Grafana payloads share. */
type AlertGroup = Omit<AlertmanagerPayload, 'version'>;

export interface AlertGroupOptions<P extends AlertGroup> {
  source: string;
  /** Extra annotations from source-specific group fields. */
  groupExtras?: (payload: P) => Record<string, string>;
  /** Extra annotations from source-specific alert fields. */
  alertExtras?: (alert: P['alerts'][number]) => Record<string, string>;
}

/** The annotations every alert of the group gets, computed once per payload. */
function groupAnnotations<P extends AlertGroup>(payload: P, options: AlertGroupOptions<P>): Record<string, string> {
  const { source } = options;
  const extra: Record<string, string> = {
    [`${source}.receiver`]: payload.receiver,
    [`${source}.groupKey`]: payload.groupKey,
    [`${source}.groupStatus`]: payload.status,
  };
  if (Object.keys(payload.groupLabels).length > 0) extra[`${source}.groupLabels`] = JSON.stringify(payload.groupLabels);
  if (payload.externalURL !== '') extra[`${source}.externalURL`] = payload.externalURL;
  if (payload.truncatedAlerts > 0) extra[`${source}.truncatedAlerts`] = String(payload.truncatedAlerts);
  return { ...extra, ...options.groupExtras?.(payload) };
}

function toEvent<P extends AlertGroup>(payload: P, alert: P['alerts'][number], group: Record<string, string>, context: NormalizeContext, options: AlertGroupOptions<P>): Event {
  // Alertmanager puts the group's common labels and annotations on every alert already; merging keeps older senders whole.
  const labels = { ...payload.commonLabels, ...alert.labels };
  const annotations: Record<string, string> = { ...payload.commonAnnotations, ...alert.annotations, ...group, ...options.alertExtras?.(alert) };
  if (alert.fingerprint !== '') annotations[`${options.source}.fingerprint`] = alert.fingerprint;
  const resolved = alert.status === 'resolved';
  const startsAt = alert.startsAt ?? context.receivedAt;
  const endsAt = resolved ? (alert.endsAt ?? context.receivedAt) : undefined;
  const description = annotations.description ?? annotations.summary;
  return {
    id: context.newId(),
    source: options.source,
    kind: 'alert',
    entityId: resolveEntity(labels).id,
    severity: normalizeSeverity(labels.severity),
    title: labels.alertname ?? annotations.summary ?? `${options.source} alert`,
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

export function normalizeAlertGroup<P extends AlertGroup>(payload: P, context: NormalizeContext, options: AlertGroupOptions<P>): Event[] {
  const group = groupAnnotations(payload, options);
  return payload.alerts.map((alert) => toEvent(payload, alert, group, context, options));
}

export function normalizeAlertmanager(payload: AlertmanagerPayload, context: NormalizeContext): Event[] {
  return normalizeAlertGroup(payload, context, { source: 'alertmanager' });
}
