/**
 * Notifications end to end against real receivers on loopback: an HTTP server standing in for a webhook, Slack,
 * PagerDuty, Jira and ServiceNow, and an SMTP server. Time is driven by calling the stage's round with `now`.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { storeTargets } from '../store/testing.js';
import type { Store } from '../store/index.js';
import { buildApp } from '../server/app.js';
import { issueToken } from '../server/auth/tokens.js';
import { appDependencies, startRuntime, type Runtime } from '../runtime/runtime.js';
import { testConfig, eventually } from '../runtime/testing.js';
import type { ConfigInput } from '../config/schema.js';
import { webhookSignature } from './channels.js';
import type { Mailbox, Recorder } from './testing.js';
import { startMailbox, startRecorder } from './testing.js';

const HOUR = 3_600_000;
process.env.TEST_HOOK_SECRET = 'hook-secret';
process.env.TEST_PD_KEY = 'pd-routing-key';
process.env.TEST_JIRA_TOKEN = 'jira-token';
process.env.TEST_SNOW_PASSWORD = 'snow-password';

interface Running {
  app: FastifyInstance;
  runtime: Runtime;
  store: Store;
  token: string;
  stop(): Promise<void>;
}

/** opsight in-process on `open` (a store location that survives a restart), as `opsight serve` wires it. */
async function startOn(open: () => Promise<Store>, overrides: ConfigInput): Promise<Running> {
  const store = await open();
  const runtime = await startRuntime(testConfig(overrides), store, pino({ level: process.env.NOTIFY_DEBUG ? 'warn' : 'silent' }));
  const app = await buildApp(appDependencies(runtime, () => true));
  const { token } = await issueToken(store, 'admin', `admin-${Date.now()}`);
  return {
    app, runtime, store, token,
    async stop() {
      await app.close();
      await runtime.close(1000);
      await store.close();
    },
  };
}

async function fire(running: Running, title: string, entity: string, severity = 'critical'): Promise<string> {
  const response = await running.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${running.token}` }, payload: { title, entity, severity, time: Date.now() } });
  assert.equal(response.statusCode, 202, response.body);
  await running.runtime.settled();
  const alerts = (await running.store.alerts.list({ limit: 1000, offset: 0 })).items;
  return alerts.find((alert) => alert.title === title)?.incidentId ?? assert.fail(`no incident for ${title}`);
}

/** One round of the stage at `now` (by default the time once the pipeline settled, so what it queued is due). */
async function round(running: Running, now?: number): Promise<void> {
  await running.runtime.settled();
  await running.runtime.stages.notify.tick(now ?? Date.now());
  await running.runtime.stages.notify.idle();
}

interface DeliveryView { id: string; receiver: string; address: string; event: string; status: string; attempts: number; lastError: string | null }
async function deliveries(running: Running, incident: string): Promise<DeliveryView[]> {
  const response = await running.app.inject({ method: 'GET', url: `/api/v1/notifications?incident=${incident}`, headers: { authorization: `Bearer ${running.token}` } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ items: DeliveryView[] }>().items;
}

function channels(recorder: Recorder, mailbox: Mailbox): ConfigInput['notify'] {
  return {
    allowedHosts: ['127.0.0.1', '169.254.169.254'], publicUrl: 'http://opsight.test', tick: '1h', retryBase: '1s', maxAttempts: 3,
    receivers: [
      { name: 'hook', webhook: { url: `${recorder.url}/hook`, secretEnv: 'TEST_HOOK_SECRET' } },
      { name: 'chat', slack: { url: `${recorder.url}/slack` } },
      { name: 'pager', pagerduty: { url: `${recorder.url}/pd`, secretEnv: 'TEST_PD_KEY' } },
      { name: 'tickets', jira: { url: `${recorder.url}/jira`, user: 'bot@example.com', secretEnv: 'TEST_JIRA_TOKEN', project: 'OPS' } },
      { name: 'snow', servicenow: { url: `${recorder.url}/snow`, user: 'opsight', secretEnv: 'TEST_SNOW_PASSWORD' } },
      { name: 'mail', email: { host: '127.0.0.1', port: mailbox.port, from: 'opsight@example.com', to: ['team@example.com'], timeout: '5s' } },
      { name: 'flaky', webhook: { url: `${recorder.url}/flaky` } },
      { name: 'broken', webhook: { url: `${recorder.url}/broken` } },
      { name: 'slow', webhook: { url: `${recorder.url}/slow`, timeout: '30s' } },
      { name: 'metadata', webhook: { url: 'http://169.254.169.254/latest/meta-data/' } },
      { name: 'elsewhere', webhook: { url: 'http://localhost:9/hook' } },
    ],
    schedules: [{ name: 'primary', receiver: 'mail', rotations: [{ users: ['alice@example.com', 'bob@example.com'], start: '2026-01-05T09:00:00Z', length: '7d' }] }],
    escalations: [{ name: 'page', steps: [{ after: '0s', receivers: ['hook'] }, { after: '10m', schedule: 'primary' }], repeat: 1, repeatEvery: '30m' }],
  };
}

/** Jira and ServiceNow answer as they do: an issue key, a sys_id, the transitions offered. */
function answerLikeTheServices(recorder: Recorder) {
  recorder.answer = (request) => {
    if (request.path === '/jira/rest/api/3/issue') return { status: 201, body: { id: '10001', key: 'OPS-1' } };
    if (request.path.endsWith('/transitions') && request.method === 'GET') return { status: 200, body: { transitions: [{ id: '11', name: 'In Progress' }, { id: '31', name: 'Done' }] } };
    if (request.path === '/snow/api/now/table/incident') return { status: 201, body: { result: { sys_id: 'a1b2c3', number: 'INC0010001' } } };
    return { status: 200, body: {} };
  };
}

for (const target of storeTargets) {
  describe(`notifications (${target.name})`, { skip: target.skip }, () => {
    let recorder: Recorder;
    let mailbox: Mailbox;
    let location: Awaited<ReturnType<typeof target.create>>;
    before(async () => {
      recorder = await startRecorder();
      mailbox = await startMailbox();
    });
    after(async () => {
      await recorder.close();
      await mailbox.close();
    });

    it('sends the firing to every channel in its documented format, and the resolution to each of them', async () => {
      answerLikeTheServices(recorder);
      location = await target.create();
      const routes = ['hook', 'chat', 'pager', 'tickets', 'snow', 'mail'].map((receiver) => ({ receiver, matchers: ['service=checkout'], continue: true }));
      const running = await startOn(() => location.open(), { notify: { ...channels(recorder, mailbox), route: { receiver: 'hook', groupWait: '0s', groupInterval: '0s', routes } } });
      try {
        const incident = await fire(running, 'HighLatency', 'service:checkout');
        await round(running);

        const [hook] = recorder.to('/hook');
        assert.ok(hook, 'the webhook was called');
        const body = hook.json() as { version: string; event: string; deliveryId: string; incident: { id: string }; links: { acknowledge?: string } };
        assert.equal(body.version, '1');
        assert.equal(body.event, 'incident.firing');
        assert.equal(body.incident.id, incident);
        assert.equal(hook.headers['x-opsight-delivery'], body.deliveryId);
        assert.equal(hook.headers['x-opsight-signature'], webhookSignature('hook-secret', Number(hook.headers['x-opsight-timestamp']), hook.body));
        assert.match(body.links.acknowledge ?? '', /^http:\/\/opsight\.test\/api\/v1\/notify\/ack\?token=/);

        const slack = recorder.to('/slack')[0]?.json() as { text: string; blocks: { type: string; fields?: { text: string }[] }[] };
        assert.match(slack.text, /FIRING.*HighLatency/);
        const fields = slack.blocks.find((block) => block.type === 'section')?.fields?.map((field) => field.text) ?? [];
        assert.deepEqual(fields.map((text) => text.split('\n')[0]), ['*Severity*', '*Status*', '*Cause*', '*Impact*']);
        assert.ok(slack.blocks.some((block) => block.type === 'actions'), 'acknowledge and resolve buttons');

        const pd = recorder.to('/pd')[0]?.json() as { routing_key: string; event_action: string; dedup_key: string; payload: { summary: string; source: string; severity: string } };
        assert.deepEqual([pd.routing_key, pd.event_action, pd.dedup_key, pd.payload.source, pd.payload.severity], ['pd-routing-key', 'trigger', incident, 'service:checkout', 'critical']);
        assert.match(pd.payload.summary, /HighLatency/);

        const jira = recorder.to('/jira');
        assert.deepEqual(jira.map((request) => `${request.method} ${request.path}`), ['POST /jira/rest/api/3/issue']);
        const issue = jira[0]?.json() as { fields: { project: { key: string }; issuetype: { name: string }; summary: string; description: { type: string } } };
        assert.deepEqual([issue.fields.project.key, issue.fields.issuetype.name, issue.fields.description.type], ['OPS', 'Task', 'doc']);
        assert.equal(jira[0]?.headers.authorization, `Basic ${Buffer.from('bot@example.com:jira-token').toString('base64')}`);

        const snow = recorder.to('/snow')[0]?.json() as { correlation_id: string; short_description: string; state: string; impact: string };
        assert.deepEqual([snow.correlation_id, snow.state, snow.impact], [incident, '1', '1']);

        assert.equal(mailbox.messages.length, 1);
        assert.deepEqual(mailbox.messages[0]?.to, ['team@example.com']);
        assert.match(mailbox.messages[0]?.raw ?? '', /Subject: \[opsight\] \[FIRING\] critical: HighLatency/);

        const resolved = await running.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident}/resolve`, headers: { authorization: `Bearer ${running.token}` }, payload: {} });
        assert.equal(resolved.statusCode, 200, resolved.body);
        await round(running);

        assert.deepEqual(recorder.to('/hook').map((request) => (request.json() as { event: string }).event), ['incident.firing', 'incident.resolved']);
        assert.deepEqual(recorder.to('/pd').map((request) => (request.json() as { event_action: string }).event_action), ['trigger', 'resolve']);
        assert.deepEqual(recorder.to('/jira').map((request) => `${request.method} ${request.path}`), [
          'POST /jira/rest/api/3/issue', 'POST /jira/rest/api/3/issue/OPS-1/comment', 'GET /jira/rest/api/3/issue/OPS-1/transitions', 'POST /jira/rest/api/3/issue/OPS-1/transitions',
        ]);
        assert.deepEqual(recorder.to('/jira').at(-1)?.json(), { transition: { id: '31' } });
        const update = recorder.to('/snow').at(-1);
        assert.equal(`${update?.method} ${update?.path}`, 'PATCH /snow/api/now/table/incident/a1b2c3');
        assert.equal((update?.json() as { state: string }).state, '6');
        assert.match(mailbox.messages[1]?.raw ?? '', /Subject: \[opsight\] \[RESOLVED\]/);

        const sent = await deliveries(running, incident);
        assert.equal(sent.length, 12);
        assert.ok(sent.every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1), JSON.stringify(sent));
        const timeline = await running.store.incidents.timeline(incident);
        assert.equal(timeline.filter((entry) => entry.kind === 'note' && entry.text.startsWith('notified ')).length, 12);
      } finally {
        await running.stop();
        await location.dispose();
      }
    });

    it('retries a failing receiver with backoff (5xx, 429 with Retry-After), gives up on one that keeps failing, refuses forbidden hosts, and lets no slow receiver hold back the others', async () => {
      recorder.requests.length = 0;
      let release!: () => void;
      const slow = new Promise<void>((resolve) => { release = resolve; });
      let flaky = 0;
      recorder.answer = (request) => {
        if (request.path === '/slow') return { status: 200, hold: slow };
        if (request.path === '/broken') return { status: 500, body: { error: 'down' } };
        if (request.path === '/flaky') return [{ status: 503 }, { status: 429, headers: { 'retry-after': '120' } }, { status: 202 }][flaky++] ?? { status: 200 };
        return { status: 200 };
      };
      location = await target.create();
      const routes = ['slow', 'flaky', 'broken', 'hook', 'metadata', 'elsewhere'].map((receiver) => ({ receiver, continue: true }));
      const running = await startOn(() => location.open(), { notify: { ...channels(recorder, mailbox), route: { receiver: 'hook', groupWait: '0s', routes } } });
      try {
        const incident = await fire(running, 'DiskFull', 'host:db-1');
        const start = Date.now();
        await running.runtime.settled();
        await running.runtime.stages.notify.tick(start);
        // The slow receiver has not answered, yet the others were served.
        await eventually(() => deliveries(running, incident), (sent) => sent.find((d) => d.receiver === 'hook')?.status === 'delivered', 'the webhook delivered while the slow one hangs');
        let sent = await deliveries(running, incident);
        assert.equal(sent.find((d) => d.receiver === 'slow')?.status, 'pending');
        assert.match(sent.find((d) => d.receiver === 'metadata')?.lastError ?? '', /169\.254\.169\.254 .*link-local or metadata/);
        assert.match(sent.find((d) => d.receiver === 'elsewhere')?.lastError ?? '', /localhost is not in notify\.allowedHosts/);
        assert.deepEqual(['metadata', 'elsewhere'].map((name) => sent.find((d) => d.receiver === name)?.status), ['failed', 'failed']);
        release();
        await running.runtime.stages.notify.idle();
        assert.equal((await deliveries(running, incident)).find((d) => d.receiver === 'slow')?.status, 'delivered');

        // Not due again before its backoff: nothing new is sent at the same instant.
        await round(running, start);
        assert.equal(recorder.to('/flaky').length, 1);
        await round(running, start + 10 * 60_000);
        assert.equal(recorder.to('/flaky').length, 2);
        // The 429 asked for 120 s: one minute later it is still waiting.
        await round(running, start + 11 * 60_000);
        assert.equal(recorder.to('/flaky').length, 2, 'Retry-After 120 s honoured');
        await round(running, start + 13 * 60_000);
        await round(running, start + HOUR);
        sent = await deliveries(running, incident);
        assert.deepEqual(['flaky', 'broken'].map((name) => { const d = sent.find((x) => x.receiver === name); return [d?.status, d?.attempts]; }), [['delivered', 3], ['failed', 3]]);
        assert.match(sent.find((d) => d.receiver === 'broken')?.lastError ?? '', /HTTP 500/);
      } finally {
        release();
        await running.stop();
        await location.dispose();
      }
    });

    it('escalates to whoever is on call when nobody acknowledges, across a restart, and stops once the link in the mail is followed', async () => {
      recorder.requests.length = 0;
      mailbox.messages.length = 0;
      recorder.answer = () => ({ status: 200 });
      location = await target.create();
      const config: ConfigInput = { notify: { ...channels(recorder, mailbox), route: { escalation: 'page', matchers: [] } } };
      let running = await startOn(() => location.open(), config);
      let start = 0;
      let incident: string;
      try {
        incident = await fire(running, 'PaymentsDown', 'service:payments');
        start = Date.now();
        await round(running, start);
        assert.deepEqual(recorder.to('/hook').map((request) => (request.json() as { event: string }).event), ['incident.firing']);
        await round(running, start + 5 * 60_000);
        assert.equal(mailbox.messages.length, 0, 'the second step waits 10 minutes');
      } finally {
        await running.stop();
      }
      running = await startOn(() => location.open(), config);
      try {
        await round(running, start + 11 * 60_000);
        assert.equal(mailbox.messages.length, 1, 'the on-call person is mailed after the restart');
        const oncall = await running.app.inject({ method: 'GET', url: '/api/v1/oncall?schedule=primary', headers: { authorization: `Bearer ${running.token}` } });
        const who = oncall.json<{ user: string }>().user;
        assert.deepEqual(mailbox.messages[0]?.to, [who]);
        const raw = (mailbox.messages[0]?.raw ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
        const link = /Acknowledge: (http:\/\/opsight\.test\/api\/v1\/notify\/ack\?token=[\w.-]+)/.exec(raw)?.[1] ?? assert.fail(`no acknowledge link in ${raw}`);
        const path = link.replace('http://opsight.test', '');
        const page = await running.app.inject({ method: 'GET', url: path });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<form method="post">/);
        assert.equal((await running.store.incidents.get(incident))?.status, 'open', 'a GET acts on nothing');
        const forged = await running.app.inject({ method: 'POST', url: `${path.slice(0, -2)}xx` });
        assert.equal(forged.statusCode, 400, forged.body);
        const before = recorder.requests.length;
        const followed = await running.app.inject({ method: 'POST', url: path });
        assert.equal(followed.statusCode, 200, followed.body);
        await round(running, start + 12 * 60_000);
        assert.equal((await running.store.incidents.get(incident))?.status, 'acknowledged');
        await round(running, start + 2 * HOUR);
        const events = recorder.requests.slice(before).map((request) => (request.json() as { event: string }).event);
        assert.deepEqual(events, ['incident.acknowledged'], 'no further rounds once acknowledged');
        assert.equal(mailbox.messages.length, 2);
        assert.match(mailbox.messages[1]?.raw ?? '', /ACKNOWLEDGED/);
      } finally {
        await running.stop();
        await location.dispose();
      }
    });
  });
}
