/** Grafana alerting webhook → Events, through the shared alert-group normaliser. */
import type { Event } from '../../signals/index.js';
import { normalizeAlertGroup } from '../alertmanager/normalize.js';
import type { NormalizeContext } from '../normalize-context.js';
import type { GrafanaPayload } from './payload.js';

type GrafanaAlert = GrafanaPayload['alerts'][number];

function nonEmpty(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
}

function alertExtras(alert: GrafanaAlert): Record<string, string> {
  return nonEmpty({
    'grafana.silenceURL': alert.silenceURL,
    'grafana.dashboardURL': alert.dashboardURL,
    'grafana.panelURL': alert.panelURL,
    'grafana.imageURL': alert.imageURL,
    'grafana.values': alert.values === null ? '' : JSON.stringify(alert.values),
    'grafana.valueString': alert.valueString,
  });
}

function groupExtras(payload: GrafanaPayload): Record<string, string> {
  return nonEmpty({
    'grafana.orgId': payload.orgId === undefined ? '' : String(payload.orgId),
    'grafana.title': payload.title,
    'grafana.state': payload.state,
    'grafana.message': payload.message,
    'grafana.version': payload.version,
  });
}

export function normalizeGrafana(payload: GrafanaPayload, context: NormalizeContext): Event[] {
  return normalizeAlertGroup(payload, context, { source: 'grafana', groupExtras, alertExtras });
}
