/**
 * What each channel is sent, pure: the formats docs/notify.md documents (payload version 1). Chat and email
 * carry a notification group in one message; webhook, PagerDuty, Jira and ServiceNow get one request per delivery.
 */
import type { Incident } from '../signals/index.js';
import type { Delivery, NotifyEvent } from './plan.js';

export const PAYLOAD_VERSION = '1';

/** Links a message carries: the incident in opsight, and signed acknowledge and resolve links when opsight knows its public URL. */
export interface Links {
  incident?: string;
  acknowledge?: string;
  resolve?: string;
}

export interface Rendered {
  delivery: Delivery;
  links: Links;
}

const headline: Record<NotifyEvent, string> = {
  'incident.firing': 'FIRING',
  'incident.updated': 'UPDATED',
  'incident.acknowledged': 'ACKNOWLEDGED',
  'incident.resolved': 'RESOLVED',
  'incident.reopened': 'REOPENED',
};

/** The likeliest cause the analysis found, or that none is known yet. */
export function causeOf(incident: Incident): string {
  const cause = incident.rootCauses[0];
  if (cause === undefined) return 'not known yet';
  return cause.evidence[0] === undefined ? cause.entityId : `${cause.entityId}: ${cause.evidence[0]}`;
}

export function impactOf(incident: Incident): string {
  const entities = incident.entities.length === 0 ? 'no entity' : incident.entities.slice(0, 10).join(', ') + (incident.entities.length > 10 ? ` and ${incident.entities.length - 10} more` : '');
  return `${entities}; ${incident.firingCount} of ${incident.alertCount} alerts firing`;
}

export function summaryOf({ event, incident }: Pick<Delivery, 'event' | 'incident'>): string {
  return `[${headline[event]}] ${incident.severity}: ${incident.title}`;
}

export function webhookBody({ delivery, links }: Rendered) {
  return { version: PAYLOAD_VERSION, deliveryId: delivery.id, event: delivery.event, receiver: delivery.receiver, incident: delivery.incident, links };
}

/** Plain text of one incident for email, tickets and comments. */
export function incidentText({ delivery, links }: Rendered): string {
  const { incident } = delivery;
  return [
    summaryOf(delivery),
    `Incident: ${incident.id} (${incident.status})`,
    `Severity: ${incident.severity}`,
    `Cause: ${causeOf(incident)}`,
    `Impact: ${impactOf(incident)}`,
    ...(links.incident === undefined ? [] : [`Open: ${links.incident}`]),
    ...(links.acknowledge === undefined ? [] : [`Acknowledge: ${links.acknowledge}`]),
    ...(links.resolve === undefined ? [] : [`Resolve: ${links.resolve}`]),
  ].join('\n');
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Slack incoming-webhook message (Block Kit): per incident its severity, cause, impact and links; `text` is the notification fallback. */
export function slackMessage(batch: readonly Rendered[]) {
  const blocks = batch.flatMap(({ delivery, links }) => {
    const { incident } = delivery;
    const buttons = ([['Open', links.incident], ['Acknowledge', links.acknowledge], ['Resolve', links.resolve]] as [string, string | undefined][])
      .filter((pair): pair is [string, string] => pair[1] !== undefined)
      .map(([label, url]) => ({ type: 'button', text: { type: 'plain_text', text: label }, url }));
    return [
      { type: 'header', text: { type: 'plain_text', text: summaryOf(delivery).slice(0, 150) } },
      { type: 'section', fields: [
        mrkdwn(`*Severity*\n${incident.severity}`), mrkdwn(`*Status*\n${incident.status}`),
        mrkdwn(`*Cause*\n${escapeSlack(causeOf(incident))}`), mrkdwn(`*Impact*\n${escapeSlack(impactOf(incident))}`),
      ] },
      ...(buttons.length === 0 ? [] : [{ type: 'actions', elements: buttons }]),
      { type: 'context', elements: [mrkdwn(`${incident.id} · delivery ${delivery.id}`)] },
    ];
  });
  const text = batch.length === 1 ? summaryOf((batch[0] as Rendered).delivery) : `${batch.length} incidents: ${batch.map(({ delivery }) => summaryOf(delivery)).join('; ')}`;
  return { text: text.slice(0, 3000), blocks: blocks.slice(0, 50) };
}

export function emailMessage(batch: readonly Rendered[]): { subject: string; text: string } {
  const first = (batch[0] as Rendered).delivery;
  const subject = batch.length === 1 ? `[opsight] ${summaryOf(first)}` : `[opsight] ${batch.length} incidents: ${summaryOf(first)} and more`;
  return { subject, text: batch.map(incidentText).join('\n\n---\n\n') };
}

const pagerdutyAction: Record<NotifyEvent, 'trigger' | 'acknowledge' | 'resolve'> = {
  'incident.firing': 'trigger', 'incident.updated': 'trigger', 'incident.reopened': 'trigger',
  'incident.acknowledged': 'acknowledge', 'incident.resolved': 'resolve',
};

/** A PagerDuty Events API v2 event: deduplicated by the incident id, so its trigger, acknowledge and resolve are one PagerDuty incident. */
export function pagerdutyEvent({ delivery, links }: Rendered, routingKey: string) {
  const { incident } = delivery;
  return {
    routing_key: routingKey,
    event_action: pagerdutyAction[delivery.event],
    dedup_key: incident.id,
    payload: {
      summary: `${incident.title}`.slice(0, 1024),
      source: incident.entities[0] ?? 'opsight',
      severity: incident.severity,
      timestamp: new Date(incident.startedAt).toISOString(),
      component: incident.rootCauses[0]?.entityId,
      custom_details: { event: delivery.event, status: incident.status, cause: causeOf(incident), impact: impactOf(incident), deliveryId: delivery.id },
    },
    client: 'opsight',
    ...(links.incident === undefined ? {} : { client_url: links.incident, links: [{ href: links.incident, text: 'Incident in opsight' }] }),
  };
}

/** Atlassian Document Format of plain text, one paragraph per line. */
function adf(text: string) {
  return { type: 'doc', version: 1, content: text.split('\n').map((line) => ({ type: 'paragraph', content: line === '' ? [] : [{ type: 'text', text: line }] })) };
}

export function jiraIssue(rendered: Rendered, project: string, issueType: string) {
  const { incident } = rendered.delivery;
  return {
    fields: {
      project: { key: project }, issuetype: { name: issueType }, summary: `${incident.severity}: ${incident.title}`.slice(0, 255),
      description: adf(incidentText(rendered)), labels: ['opsight', `opsight-${incident.id}`.replace(/\s/g, '_')],
    },
  };
}

export const jiraComment = (rendered: Rendered) => ({ body: adf(incidentText(rendered)) });

const serviceNowLevel: Record<Incident['severity'], string> = { critical: '1', error: '2', warning: '3', info: '3' };
/** ServiceNow incident states: 1 New, 2 In Progress, 6 Resolved. */
const serviceNowState: Record<NotifyEvent, string> = {
  'incident.firing': '1', 'incident.updated': '1', 'incident.reopened': '2', 'incident.acknowledged': '2', 'incident.resolved': '6',
};

/** A new `incident` record of the Table API, correlated by the opsight incident id. */
export function serviceNowRecord(rendered: Rendered) {
  const { incident } = rendered.delivery;
  return {
    short_description: `${incident.severity}: ${incident.title}`.slice(0, 160), description: incidentText(rendered),
    impact: serviceNowLevel[incident.severity], urgency: serviceNowLevel[incident.severity],
    correlation_id: incident.id, correlation_display: 'opsight', state: serviceNowState[rendered.delivery.event], work_notes: summaryOf(rendered.delivery),
  };
}

/** The update of an existing record: its state, and a work note saying what changed. */
export function serviceNowUpdate(rendered: Rendered) {
  const resolved = rendered.delivery.event === 'incident.resolved';
  return {
    state: serviceNowState[rendered.delivery.event], work_notes: incidentText(rendered),
    ...(resolved ? { close_code: 'Solution provided', close_notes: `Resolved in opsight (${rendered.delivery.incident.id})` } : {}),
  };
}
