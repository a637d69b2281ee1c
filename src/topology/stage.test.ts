import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Sample, Span } from '../signals/index.js';
import { storeTargets } from '../store/testing.js';
import type { TestApp } from '../runtime/testing.js';
import { startTestApp } from '../runtime/testing.js';
import { ServiceGraph } from './graph.js';

const T0 = Date.UTC(2026, 6, 1, 9);
let ids = 0;

function span(service: string, kind: Span['kind'], start: number, end: number, parentSpanId?: string): Span {
  ids += 1;
  return {
    traceId: ids.toString(16).padStart(32, '0'), spanId: ids.toString(16).padStart(16, '0'), entityId: `service:${service}`, service,
    operation: kind === 'client' ? 'HTTP GET' : 'GET /quote', kind, start, end, status: 'ok', attributes: {}, ...(parentSpanId !== undefined ? { parentSpanId } : {}),
  };
}

/** A call from checkout to shipping every 5 s for `minutes`, the client span over the server span. */
function calls(minutes: number): Span[] {
  const spans: Span[] = [];
  for (let second = 0; second < minutes * 60; second += 5) {
    const at = T0 + second * 1000;
    const client = span('checkout', 'client', at, at + 40);
    spans.push(client, { ...span('shipping', 'server', at + 5, at + 35, client.spanId), traceId: client.traceId });
  }
  return spans;
}

for (const target of storeTargets) {
  describe(`topology stage (${target.name})`, { skip: target.skip }, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t.close(); });

    it('learns the call from the spans, serves it at /api/v1/topology, and writes the edge\'s RED as the callee\'s series', async () => {
      await t.sink.accept('test', { spans: calls(30) });
      const pod: Sample = { entityId: 'service:shipping', metric: 'cpu_usage_percent', labels: { service: 'shipping', pod: 'shipping-7d9f', namespace: 'shop' }, kind: 'gauge', time: T0, value: 3 };
      await t.sink.accept('test', { samples: [pod] });
      await t.settled();
      await t.settled();
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/topology?entity=service:shipping&depth=1', headers: t.as('viewer') });
      assert.equal(response.statusCode, 200, response.body);
      const view = response.json<{ nodes: { id: string }[]; edges: { from: string; to: string; kind: string; red: { rate: number } | null }[] }>();
      const edge = view.edges.find((e) => e.kind === 'call');
      assert.deepEqual([edge?.from, edge?.to], ['service:checkout', 'service:shipping']);
      assert.ok(view.edges.some((e) => e.kind === 'hierarchy' && e.to === 'service:shipping'), JSON.stringify(view.edges));
      const series = t.stages.metricDetection.fleet.describe('service:shipping').map((s) => s.key);
      assert.ok(series.includes('opsight_edge_duration_p95_ms{callee="shipping",caller="checkout"}'), series.join(', '));
    });

    it('folds an alert on a callee into the incident of its caller, with the reason', async () => {
      const post = async (entity: string, title: string, time: number) => {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/events', headers: t.as('ingest'), payload: { title, entity, time } });
        assert.equal(response.statusCode, 202, response.body);
      };
      await post('service:checkout', 'Checkout errors', T0 + 31 * 60_000);
      await post('service:shipping', 'Shipping slow', T0 + 31 * 60_000 + 40_000);
      await post('service:unrelated', 'Disk full', T0 + 31 * 60_000 + 50_000);
      await t.settled();
      const incidents = await t.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: t.as('viewer') });
      const items = incidents.json<{ items: { id: string; entities: string[] }[] }>().items;
      assert.deepEqual(items.map((i) => i.entities).sort(), [['service:checkout', 'service:shipping'], ['service:unrelated']]);
      const folded = items.find((i) => i.entities.length === 2);
      const detail = await t.app.inject({ method: 'GET', url: `/api/v1/incidents/${folded?.id ?? ''}`, headers: t.as('viewer') });
      const alerts = detail.json<{ alerts: { entityId: string; correlation?: { reason: string; relatedTo: string | null } }[] }>().alerts;
      assert.deepEqual(alerts.map((a) => [a.entityId, a.correlation?.reason]).sort(), [
        ['service:checkout', 'opened the incident'],
        ['service:shipping', 'callee of service:checkout, latency here and latency or errors there, 40 s after its last alert'],
      ]);
      const graph = await t.app.inject({ method: 'GET', url: '/api/v1/topology?entity=service:shipping', headers: t.as('viewer') });
      const health = Object.fromEntries(graph.json<{ nodes: { id: string; health: string }[] }>().nodes.map((node) => [node.id, node.health]));
      assert.equal(health['service:shipping'], 'warning', JSON.stringify(health));
      assert.equal(health['pod:shop/shipping-7d9f'], 'ok');
    });

    it('checkpoints the graph, so a restart serves the same edges', async () => {
      await t.runtime.checkpoint();
      const restored = new ServiceGraph();
      const result = restored.restore(await t.store.snapshots.all('topology'));
      assert.equal(result.skipped, 0, JSON.stringify(result.problems));
      assert.deepEqual(restored.neighbourhood().edges.map((e) => [e.from, e.to, e.kind]), t.stages.topology.graph.neighbourhood().edges.map((e) => [e.from, e.to, e.kind]));
    });
  });
}
