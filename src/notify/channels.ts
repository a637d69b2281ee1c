/**
 * The channel adapters: each turns rendered deliveries into the requests its service expects (payloads.ts) and
 * the answer into an outcome. Tickets (Jira, ServiceNow) are made on the first delivery of an incident and their
 * reference kept, so later deliveries comment, update and resolve the same ticket.
 */
import { createHmac } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { Receiver } from './config.js';
import type { Egress, HttpAnswer } from './http-client.js';
import { answerOutcome, failureOutcome, send } from './http-client.js';
import { checkedAddress } from './host-guard.js';
import type { Rendered } from './payloads.js';
import { emailMessage, jiraComment, jiraIssue, pagerdutyEvent, serviceNowRecord, serviceNowUpdate, slackMessage, webhookBody } from './payloads.js';
import type { Outcome } from './retry.js';

export interface Channel {
  /** Whether a notification group goes as one message (chat, email) rather than one request per delivery. */
  batches: boolean;
  /** Sends the batch; `ref` is the ticket made earlier for the incident, if any. */
  send(batch: readonly Rendered[], ref: string | null): Promise<Outcome>;
}

/** The HMAC-SHA256 signature of a webhook body sent at `timestamp` (docs/notify.md says how to check it). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const json = { 'content-type': 'application/json', accept: 'application/json' };
const basic = (user: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` });
const first = (batch: readonly Rendered[]) => batch[0] as Rendered;

/** Runs one request after another, stopping at the first that is not 2xx; `ref` is kept even when a later step fails. */
async function steps(work: (call: (url: string, method: string, body?: unknown) => Promise<HttpAnswer & { json: () => unknown }>) => Promise<string | null>,
  headers: Record<string, string>, timeoutMs: number, egress: Egress): Promise<Outcome> {
  let ref: string | null = null;
  class Refused extends Error {
    constructor(readonly answer: HttpAnswer) { super(`HTTP ${answer.status}`); }
  }
  try {
    ref = await work(async (url, method, body) => {
      const answer = await send(url, { method, headers, timeoutMs, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, egress);
      if (answer.status < 200 || answer.status >= 300) throw new Refused(answer);
      return { ...answer, json: () => JSON.parse(answer.body) as unknown };
    });
    return ref === null ? { ok: true } : { ok: true, ref };
  } catch (error) {
    const outcome = error instanceof Refused ? answerOutcome(error.answer, Date.now()) : failureOutcome(error);
    return { ...outcome, ...(ref === null ? {} : { ref }) };
  }
}

export function createChannel(receiver: Receiver, secret: string | undefined, egress: Egress): Channel {
  const post = async (url: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<Outcome> => {
    try {
      return answerOutcome(await send(url, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body), timeoutMs }, egress), Date.now());
    } catch (error) {
      return failureOutcome(error);
    }
  };
  if (receiver.webhook !== undefined) {
    const { url, timeout } = receiver.webhook;
    return {
      batches: false,
      send: (batch) => {
        const rendered = first(batch);
        const body = JSON.stringify(webhookBody(rendered));
        const timestamp = Date.now();
        const headers: Record<string, string> = { ...json, 'x-opsight-delivery': rendered.delivery.id, 'x-opsight-event': rendered.delivery.event, 'x-opsight-timestamp': String(timestamp) };
        if (secret !== undefined) headers['x-opsight-signature'] = webhookSignature(secret, timestamp, body);
        return send(url, { method: 'POST', headers, body, timeoutMs: timeout }, egress).then((answer) => answerOutcome(answer, Date.now()), failureOutcome);
      },
    };
  }
  if (receiver.slack !== undefined) {
    const { url = secret ?? '', timeout } = receiver.slack;
    return { batches: true, send: (batch) => post(url, slackMessage(batch), {}, timeout) };
  }
  if (receiver.pagerduty !== undefined) {
    const { url, timeout } = receiver.pagerduty;
    return { batches: false, send: (batch) => post(url, pagerdutyEvent(first(batch), secret ?? ''), {}, timeout) };
  }
  if (receiver.email !== undefined) return emailChannel(receiver.email, secret, egress);
  if (receiver.jira !== undefined) {
    const jira = receiver.jira;
    const base = jira.url.replace(/\/$/, '');
    return {
      batches: false,
      send: (batch, ref) => steps(async (call) => {
        const rendered = first(batch);
        let key = ref;
        if (key === null) {
          key = ((await call(`${base}/rest/api/3/issue`, 'POST', jiraIssue(rendered, jira.project, jira.issueType))).json() as { key: string }).key;
          if (rendered.delivery.event === 'incident.firing') return key;
        }
        await call(`${base}/rest/api/3/issue/${encodeURIComponent(key)}/comment`, 'POST', jiraComment(rendered));
        if (rendered.delivery.event === 'incident.resolved') {
          const { transitions } = (await call(`${base}/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, 'GET')).json() as { transitions: { id: string; name: string }[] };
          const done = transitions.find((transition) => transition.name.toLowerCase() === jira.resolveTransition.toLowerCase());
          if (done === undefined) throw new Error(`issue ${key} offers no transition named ${JSON.stringify(jira.resolveTransition)}`);
          await call(`${base}/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, 'POST', { transition: { id: done.id } });
        }
        return key;
      }, { ...json, ...basic(jira.user, secret ?? '') }, jira.timeout, egress),
    };
  }
  const servicenow = receiver.servicenow as NonNullable<Receiver['servicenow']>;
  const table = `${servicenow.url.replace(/\/$/, '')}/api/now/table/incident`;
  return {
    batches: false,
    send: (batch, ref) => steps(async (call) => {
      const rendered = first(batch);
      if (ref === null) return ((await call(table, 'POST', serviceNowRecord(rendered))).json() as { result: { sys_id: string } }).result.sys_id;
      await call(`${table}/${encodeURIComponent(ref)}`, 'PATCH', serviceNowUpdate(rendered));
      return ref;
    }, { ...json, ...basic(servicenow.user, secret ?? '') }, servicenow.timeout, egress),
  };
}

/** Email over SMTP: the server's host checked like any other and connected to by its checked address, TLS verified against its name. */
function emailChannel(email: NonNullable<Receiver['email']>, password: string | undefined, egress: Egress): Channel {
  return {
    batches: true,
    async send(batch) {
      try {
        const { address } = await checkedAddress(email.host, egress.allowedHosts, egress.resolve);
        const transport = createTransport({
          host: address, port: email.port, secure: email.secure, tls: { servername: email.host },
          connectionTimeout: email.timeout, greetingTimeout: email.timeout, socketTimeout: email.timeout,
          ...(email.user === undefined ? {} : { auth: { user: email.user, pass: password ?? '' } }),
        });
        const to = batch[0]?.delivery.to ?? null;
        const { subject, text } = emailMessage(batch);
        await transport.sendMail({ from: email.from, to: to === null ? email.to : [to], subject, text, headers: { 'X-Opsight-Delivery': batch.map(({ delivery }) => delivery.id).join(' ') } });
        transport.close();
        return { ok: true };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const outcome = failureOutcome(error);
        return code !== undefined && code >= 500 && code < 600 ? { ...outcome, retryable: false } : outcome;
      }
    },
  };
}
