import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';
import { storeTargets } from '../../store/testing.js';

const firing = {
  version: '4', groupKey: 'g', truncatedAlerts: 0, status: 'firing', receiver: 'r', externalURL: '', groupLabels: {}, commonLabels: {}, commonAnnotations: {},
  alerts: [{ status: 'firing', labels: { alertname: 'Down', service: 'api', severity: 'critical' }, annotations: {}, startsAt: '2026-01-01T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'f1' }],
};

describe('whoami, the incident stream, insights and incident search', () => {
  let t: TestApp;
  let url: string;
  before(async () => {
    t = await startTestApp(storeTargets[0]!);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => { await t.close(); });

  it('tells a token its name and role', async () => {
    const response = await t.app.inject({ url: '/api/v1/whoami', headers: t.as('responder') });
    assert.deepEqual({ ...response.json<Record<string, unknown>>(), id: undefined }, { id: undefined, name: 'responder', role: 'responder', openMode: false });
  });

  it('streams incident changes to the holder of a one-time ticket, and refuses the ticket a second time', async () => {
    const issued = await t.app.inject({ method: 'POST', url: '/api/v1/stream/tickets', headers: t.as('viewer'), payload: {} });
    assert.equal(issued.statusCode, 201, issued.body);
    const { ticket } = issued.json<{ ticket: string }>();
    const controller = new AbortController();
    const stream = await fetch(`${url}/api/v1/stream?ticket=${ticket}`, { signal: controller.signal });
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const more = async () => decoder.decode((await reader.read()).value);
    const posted = await t.app.inject({ method: 'POST', url: '/api/v1/ingest/alertmanager', headers: t.as('ingest'), payload: firing });
    assert.equal(posted.statusCode, 202);
    let text = '';
    while (!text.includes('event: incident')) text += await more();
    while (!text.includes('\n\n', text.indexOf('event: incident'))) text += await more();
    const data = JSON.parse(/data: (.*)\n/.exec(text.slice(text.indexOf('event: incident')))?.[1] ?? '{}') as { kind: string; incident: { title: string } };
    assert.equal(data.kind, 'opened');
    assert.match(data.incident.title, /Down/);
    controller.abort();
    const again = await t.app.inject({ url: `/api/v1/stream?ticket=${ticket}` });
    assert.equal(again.statusCode, 401);
    assert.equal((await t.app.inject({ url: '/api/v1/stream?ticket=made-up' })).statusCode, 401);
  });

  it('finds incidents by text in their title, wildcards taken literally', async () => {
    await t.settled();
    const find = async (q: string) => (await t.app.inject({ url: `/api/v1/incidents?q=${encodeURIComponent(q)}`, headers: t.as('viewer') })).json<{ total: number }>().total;
    assert.deepEqual([await find('down'), await find('DOWN'), await find('%'), await find('nothing')], [1, 1, 0, 0]);
  });

  it('reports insights over a range, and refuses a range that ends before it starts', async () => {
    const response = await t.app.inject({ url: '/api/v1/insights?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z', headers: t.as('viewer') });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<{ alertsIn: number; incidentsOut: number }>().incidentsOut, 1);
    const backwards = await t.app.inject({ url: '/api/v1/insights?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', headers: t.as('viewer') });
    assert.equal(backwards.statusCode, 400);
  });
});
