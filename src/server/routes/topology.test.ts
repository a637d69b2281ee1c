import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';
import { appDependencies } from '../../runtime/runtime.js';
import { buildApp } from '../app.js';
import { ServiceGraph } from '../../topology/graph.js';
import { call } from '../../topology/testing.js';

const T0 = Date.UTC(2026, 4, 1, 8);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Body {
  asOf: number | null;
  asOfRfc3339?: string | null;
  nodes: { id: string; kind: string }[];
  edges: (Record<string, unknown> & { from: string; to: string; kind: string; red: Record<string, unknown> | null })[];
}

/** A graph of frontend → checkout → postgres, checkout's pod, and a static edge from a batch job. */
function fixtureGraph(): ServiceGraph {
  const graph = new ServiceGraph({ edges: [{ from: 'service:batch', to: 'peer:nfs' }] });
  graph.observeEntity('service:checkout', { 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'checkout-1' }, T0);
  graph.observe([
    call({ from: 'service:frontend', to: 'service:checkout', time: T0 + 1000, durationMs: 20 }),
    call({ from: 'service:frontend', to: 'service:checkout', time: T0 + 2000, durationMs: 20, error: true }),
    call({ from: 'service:checkout', to: 'peer:postgres', time: T0 + MIN + 1000 }),
  ]);
  return graph;
}

describe('GET /api/v1/topology', () => {
  let t: TestApp;
  let app: FastifyInstance;
  before(async () => {
    t = await startTestApp(storeTargets[0]!);
    const graph = fixtureGraph();
    app = await buildApp({ ...appDependencies(t.runtime, () => true), topology: (entity, depth) => graph.neighbourhood(entity, depth) });
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  async function get(query: string): Promise<Body> {
    const response = await app.inject({ method: 'GET', url: `/api/v1/topology${query}`, headers: t.as('viewer') });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Body>();
  }

  it('sends the whole graph: nodes, edges by kind, RED of the latest closed window, times with their RFC 3339 twins', async () => {
    const body = await get('');
    assert.equal(body.asOf, T0 + MIN + 1000);
    assert.equal(body.asOfRfc3339, iso(T0 + MIN + 1000));
    assert.deepEqual(body.nodes.map((node) => [node.id, node.kind]), [
      ['peer:nfs', 'peer'], ['peer:postgres', 'peer'], ['pod:shop/checkout-1', 'pod'], ['service:batch', 'service'], ['service:checkout', 'service'], ['service:frontend', 'service'],
    ]);
    assert.deepEqual(body.edges.map((edge) => `${edge.from} -${edge.kind}-> ${edge.to}`), [
      'pod:shop/checkout-1 -hierarchy-> service:checkout', 'service:batch -static-> peer:nfs', 'service:checkout -peer-> peer:postgres', 'service:frontend -call-> service:checkout',
    ]);
    const calls = body.edges.find((edge) => edge.kind === 'call');
    assert.deepEqual({ ...calls, red: undefined }, {
      from: 'service:frontend', to: 'service:checkout', kind: 'call', red: undefined,
      firstSeen: T0 + 1000, firstSeenRfc3339: iso(T0 + 1000), lastSeen: T0 + 2000, lastSeenRfc3339: iso(T0 + 2000),
    });
    assert.deepEqual({ ...calls?.red, p95Ms: undefined }, {
      windowStart: T0, windowStartRfc3339: iso(T0), windowMs: MIN, requests: 2, errors: 1, ratePerSecond: 2 / 60, errorRatio: 0.5, p95Ms: undefined,
    });
    const fixed = body.edges.find((edge) => edge.kind === 'static');
    assert.deepEqual(fixed, { from: 'service:batch', to: 'peer:nfs', kind: 'static', firstSeen: null, firstSeenRfc3339: null, lastSeen: null, lastSeenRfc3339: null, red: null });
  });

  it('sends the part around an entity, as deep as asked', async () => {
    assert.deepEqual((await get('?entity=service:frontend')).nodes.map((node) => node.id), ['service:checkout', 'service:frontend']);
    assert.deepEqual((await get('?entity=service:frontend&depth=2')).nodes.map((node) => node.id), ['peer:postgres', 'pod:shop/checkout-1', 'service:checkout', 'service:frontend']);
    assert.deepEqual((await get('?entity=pod:shop%2Fcheckout-1')).edges.length, 1);
    assert.deepEqual(await get('?entity=service:nowhere'), { asOf: T0 + MIN + 1000, asOfRfc3339: iso(T0 + MIN + 1000), nodes: [], edges: [] });
  });

  it('refuses a bad depth or an unknown parameter with 400 naming it, and asks for a token', async () => {
    for (const [query, name] of [['?depth=0', 'depth'], ['?depth=11', 'depth'], ['?depth=two', 'depth'], ['?entity=', 'entity'], ['?service=checkout', 'service']] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/topology${query}`, headers: t.as('viewer') });
      assert.equal(response.statusCode, 400, query);
      assert.match(response.body, new RegExp(name), query);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/topology' })).statusCode, 401);
  });

  it('is documented with a summary and described parameters', async () => {
    const document = (await app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, { get: { summary?: string; parameters: { name: string; description?: string }[] } }> }>();
    const operation = document.paths['/api/v1/topology']?.get;
    assert.ok(operation?.summary !== undefined);
    assert.deepEqual(operation.parameters.map((parameter) => [parameter.name, parameter.description !== undefined]), [['entity', true], ['depth', true]]);
  });
});
