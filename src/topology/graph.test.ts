import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceGraph } from './graph.js';
import type { TopologyEdge, TopologyView } from './graph.js';
import { call } from './testing.js';
import { chunkKey, checkpointEntries, HEADER_KEY } from './graph-checkpoint.js';
import type { EdgeState } from './graph-checkpoint.js';

const T0 = Date.UTC(2026, 4, 1, 8);
const SEC = 1000;
const MIN = 60 * SEC;

const pairs = (view: TopologyView) => view.edges.map((edge) => `${edge.from} -${edge.kind}-> ${edge.to}`);
function edgeOf(view: TopologyView, from: string, to: string): TopologyEdge {
  const edge = view.edges.find((candidate) => candidate.from === from && candidate.to === to);
  assert.ok(edge !== undefined, `no edge ${from} -> ${to} in ${pairs(view).join(', ')}`);
  return edge;
}

describe('ServiceGraph', () => {
  it('draws an edge per caller and callee from calls, with first and last seen and the RED of the latest closed window', () => {
    const graph = new ServiceGraph();
    const checkout = [10, 12, 11, 500, 9, 10].map((durationMs, i) => call({ from: 'service:frontend', to: 'service:checkout', time: T0 + i * 5 * SEC, durationMs, error: i % 3 === 0 }));
    graph.observe([...checkout, call({ from: 'service:checkout', to: 'peer:postgres', time: T0 + 30 * SEC, durationMs: 3 })]);
    const open = graph.neighbourhood();
    assert.deepEqual(pairs(open), ['service:checkout -peer-> peer:postgres', 'service:frontend -call-> service:checkout']);
    assert.equal(edgeOf(open, 'service:frontend', 'service:checkout').red, null, 'the first window is still open');

    graph.observe([call({ from: 'service:frontend', to: 'service:cart', time: T0 + MIN + SEC })]);
    const view = graph.neighbourhood();
    assert.equal(view.asOf, T0 + MIN + SEC);
    assert.deepEqual(view.nodes.map((node) => [node.id, node.kind, node.name, node.health]), [
      ['peer:postgres', 'peer', 'postgres', 'unknown'],
      ['service:cart', 'service', 'cart', 'unknown'],
      ['service:checkout', 'service', 'checkout', 'unknown'],
      ['service:frontend', 'service', 'frontend', 'unknown'],
    ]);
    const edge = edgeOf(view, 'service:frontend', 'service:checkout');
    assert.equal(edge.firstSeen, T0);
    assert.equal(edge.lastSeen, T0 + 25 * SEC);
    const red = edge.red;
    assert.ok(red !== null);
    assert.deepEqual({ ...red, p95Ms: undefined }, { windowStart: T0, windowMs: MIN, requests: 6, errors: 2, ratePerSecond: 0.1, errorRatio: 2 / 6, p95Ms: undefined });
    assert.ok(red.p95Ms !== null && red.p95Ms >= 500 && red.p95Ms < 500 * 1.4, `p95 ${red.p95Ms} is the 500 ms call's bucket`);
    assert.equal(edgeOf(view, 'service:checkout', 'peer:postgres').red?.requests, 1);
    assert.equal(edgeOf(view, 'service:frontend', 'service:cart').red, null, 'first seen after the closed window');
  });

  it('reports a silent edge at rate 0, and leaves out a call too late for the window reported', () => {
    const graph = new ServiceGraph();
    graph.observe([call({ from: 'service:a', to: 'service:b', time: T0 })]);
    graph.observe([call({ from: 'service:x', to: 'service:y', time: T0 + 2 * MIN + SEC })]);
    graph.observe([call({ from: 'service:a', to: 'service:b', time: T0 + 10 * SEC, error: true })]);
    const edge = edgeOf(graph.neighbourhood(), 'service:a', 'service:b');
    assert.deepEqual(edge.red, { windowStart: T0 + MIN, windowMs: MIN, requests: 0, errors: 0, ratePerSecond: 0, errorRatio: null, p95Ms: null });
    assert.equal(edge.lastSeen, T0 + 10 * SEC, 'a late call still counts as seen');
  });

  it('ages edges out after the ttl of event time without a call, whatever the wall clock says', () => {
    const graph = new ServiceGraph({ edgeTtl: 10 * MIN });
    graph.observe([call({ from: 'service:a', to: 'service:b', time: T0 }), call({ from: 'service:c', to: 'service:d', time: T0 + 5 * MIN })]);
    assert.deepEqual(pairs(graph.neighbourhood()), ['service:a -call-> service:b', 'service:c -call-> service:d'], 'hours of wall clock later, nothing aged');
    graph.observe([call({ from: 'service:e', to: 'service:f', time: T0 + 10 * MIN })]);
    assert.equal(graph.neighbourhood().edges.length, 3, 'exactly the ttl old: still there');
    graph.observe([call({ from: 'service:e', to: 'service:f', time: T0 + 10 * MIN + 1 })]);
    assert.deepEqual(pairs(graph.neighbourhood()), ['service:c -call-> service:d', 'service:e -call-> service:f']);
  });

  it('keeps at most maxEdges, dropping the least recently seen first', () => {
    const graph = new ServiceGraph({ maxEdges: 3 });
    const at = (from: string, minute: number) => call({ from: `service:${from}`, to: 'service:db', time: T0 + minute * MIN });
    graph.observe([at('a', 0), at('b', 1), at('c', 2), at('a', 3), at('d', 4)]);
    assert.deepEqual(pairs(graph.neighbourhood()), ['service:a -call-> service:db', 'service:c -call-> service:db', 'service:d -call-> service:db']);
  });

  it('names at most maxNodes entities, dropping the least recently seen edges first', () => {
    const graph = new ServiceGraph({ maxNodes: 4 });
    const at = (from: string, to: string, minute: number) => call({ from: `service:${from}`, to: `service:${to}`, time: T0 + minute * MIN });
    graph.observe([at('a', 'db', 0), at('b', 'db', 1), at('c', 'db', 2), at('a', 'db', 3), at('d', 'e', 4)]);
    assert.deepEqual(pairs(graph.neighbourhood()), ['service:a -call-> service:db', 'service:d -call-> service:e']);
    assert.equal(graph.neighbourhood().nodes.length, 4);
  });

  it('always shows the static edges of the config, without times or RED, outside the bound and the ttl', () => {
    const edges = [{ from: 'service:batch', to: 'peer:nfs' }, { from: 'service:batch', to: 'peer:nfs' }, { from: 'service:cron', to: 'service:batch' }];
    const graph = new ServiceGraph({ edges, maxEdges: 1, edgeTtl: MIN });
    assert.deepEqual(graph.neighbourhood(), {
      asOf: null,
      nodes: [
        { id: 'peer:nfs', kind: 'peer', name: 'nfs', health: 'unknown' },
        { id: 'service:batch', kind: 'service', name: 'batch', health: 'unknown' },
        { id: 'service:cron', kind: 'service', name: 'cron', health: 'unknown' },
      ],
      edges: [
        { from: 'service:batch', to: 'peer:nfs', kind: 'static', firstSeen: null, lastSeen: null, red: null },
        { from: 'service:cron', to: 'service:batch', kind: 'static', firstSeen: null, lastSeen: null, red: null },
      ],
    });
    graph.observe([call({ from: 'service:cron', to: 'service:batch', time: T0 }), call({ from: 'service:a', to: 'service:b', time: T0 + 10 * MIN })]);
    assert.deepEqual(pairs(graph.neighbourhood()), ['service:a -call-> service:b', 'service:batch -static-> peer:nfs', 'service:cron -static-> service:batch']);
  });

  it('keeps the hierarchy signals reveal, and finds the nodes within a depth either way', () => {
    const graph = new ServiceGraph();
    const pod = { 'service.name': 'checkout', 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'checkout-1', 'k8s.container.name': 'app', 'k8s.node.name': 'node-1' };
    graph.observeEntity('service:checkout', pod, T0);
    graph.observeEntity('service:checkout', pod, T0 + MIN);
    graph.observe([call({ from: 'service:frontend', to: 'service:checkout', time: T0 + MIN }), call({ from: 'service:checkout', to: 'peer:postgres', time: T0 + MIN })]);
    const around = graph.neighbourhood('service:checkout');
    assert.deepEqual(around.nodes.map((node) => node.id), ['peer:postgres', 'pod:shop/checkout-1', 'service:checkout', 'service:frontend']);
    const podEdge = edgeOf(around, 'pod:shop/checkout-1', 'service:checkout');
    assert.deepEqual(podEdge, { from: 'pod:shop/checkout-1', to: 'service:checkout', kind: 'hierarchy', firstSeen: T0, lastSeen: T0 + MIN, red: null });
    const wider = graph.neighbourhood('service:checkout', 2);
    assert.deepEqual(wider.nodes.map((node) => [node.id, node.kind]), [
      ['container:shop/checkout-1/app', 'container'], ['host:node-1', 'host'], ['peer:postgres', 'peer'], ['pod:shop/checkout-1', 'pod'], ['service:checkout', 'service'], ['service:frontend', 'service'],
    ]);
    assert.equal(wider.edges.length, 5);
    assert.deepEqual(graph.neighbourhood('service:nowhere'), { asOf: T0 + MIN, nodes: [], edges: [] });
  });
});

describe('ServiceGraph checkpoint', () => {
  function busyGraph(options: ConstructorParameters<typeof ServiceGraph>[0] = {}): ServiceGraph {
    const graph = new ServiceGraph(options);
    graph.observeEntity('pod:shop/web-1', { node: 'node-1' }, T0);
    graph.observe([
      call({ from: 'service:web', to: 'service:api', time: T0 + 10 * SEC, durationMs: 40, error: true }),
      call({ from: 'service:web', to: 'service:api', time: T0 + 20 * SEC, durationMs: 80 }),
      call({ from: 'service:api', to: 'peer:redis', time: T0 + MIN + 5 * SEC, durationMs: 1 }),
    ]);
    return graph;
  }

  it('restores what it snapshot, RED windows included, so counting goes on where it stopped', () => {
    const graph = busyGraph();
    const restored = new ServiceGraph();
    assert.deepEqual(restored.restore(new Map(graph.snapshot())), { restored: 3, skipped: 0, problems: [] });
    assert.deepEqual(restored.neighbourhood(), graph.neighbourhood());
    const more = [call({ from: 'service:web', to: 'service:api', time: T0 + MIN + 10 * SEC }), call({ from: 'service:x', to: 'service:y', time: T0 + 2 * MIN })];
    graph.observe(more);
    restored.observe(more);
    assert.deepEqual(restored.neighbourhood(), graph.neighbourhood());
    assert.equal(edgeOf(restored.neighbourhood(), 'service:web', 'service:api').red?.requests, 1);
  });

  it('restores the recency, so a smaller bound drops the least recently seen', () => {
    const restored = new ServiceGraph({ maxEdges: 2 });
    restored.restore(new Map(busyGraph().snapshot()));
    assert.deepEqual(pairs(restored.neighbourhood()), ['service:api -peer-> peer:redis', 'service:web -call-> service:api']);
  });

  it('writes edges in chunks under keys of its generation, the header last', () => {
    const edges = new Map<string, EdgeState>(['a', 'b', 'c'].map((name) => [name, { kind: 'call', from: `service:${name}`, to: 'service:z', firstSeen: T0, lastSeen: T0, windows: [] }]));
    const entries = [...checkpointEntries({ keys: ['a', 'gone', 'b', 'c'], edge: (key) => edges.get(key), clock: T0 }, 7, 2)];
    assert.deepEqual(entries.map(([key]) => key), [chunkKey(7, 0), chunkKey(7, 1), HEADER_KEY]);
    assert.deepEqual(JSON.parse(entries[2]?.[1] ?? ''), { version: 1, generation: 7, clock: T0, chunks: 2 });
  });

  it('skips edges and chunks that fail validation, naming each with its reason, and keeps the rest', () => {
    const entries = new Map(busyGraph().snapshot());
    const [chunk] = [...entries.keys()].filter((key) => key !== HEADER_KEY);
    assert.ok(chunk !== undefined);
    const written = JSON.parse(entries.get(chunk) ?? '') as { version: number; edges: Record<string, unknown>[] };
    written.edges[0] = { ...written.edges[0], firstSeen: T0 + 5 * MIN };
    written.edges[1] = { ...written.edges[1], kind: 'telepathy' };
    entries.set(chunk, JSON.stringify(written));
    const header = JSON.parse(entries.get(HEADER_KEY) ?? '') as { generation: number; chunks: number };
    entries.set(HEADER_KEY, JSON.stringify({ ...header, chunks: 3 }));
    entries.set(chunkKey(header.generation, 1), '{"version":1,"edges":[');

    const restored = new ServiceGraph();
    const result = restored.restore(entries);
    assert.equal(result.restored, 1);
    assert.equal(result.skipped, 4);
    assert.match(result.problems[0] ?? '', /^edges:\d+:0\[0\]: \(entry\): firstSeen is after lastSeen/);
    assert.match(result.problems[1] ?? '', /^edges:\d+:0\[1\]: kind: /);
    assert.match(result.problems[2] ?? '', /^edges:\d+:1: not JSON/);
    assert.match(result.problems[3] ?? '', /^edges:\d+:2: missing/);
    assert.deepEqual(pairs(restored.neighbourhood()), ['service:api -peer-> peer:redis']);

    assert.deepEqual(new ServiceGraph().restore(new Map([[HEADER_KEY, '{"version":99}']])).skipped, 1);
    assert.deepEqual(new ServiceGraph().restore(new Map()), { restored: 0, skipped: 0, problems: [] });
  });
});

describe('ServiceGraph.related', () => {
  it('names what an entity is to each entity one edge away, callers, callees, hierarchy and static links', () => {
    const graph = new ServiceGraph({ edges: [{ from: 'service:checkout', to: 'service:ledger' }] });
    graph.observe([call({ from: 'service:web', to: 'service:checkout', time: T0 }), call({ from: 'service:checkout', to: 'peer:postgresql/orders', time: T0 })]);
    graph.observeEntity('service:checkout', { service: 'checkout', pod: 'checkout-7d9f', namespace: 'shop' }, T0);
    const related = graph.related('service:checkout').map((r) => `${r.relation} ${r.entityId}`).sort();
    assert.deepEqual(related, ['callee of service:web', 'caller of peer:postgresql/orders', 'holding pod:shop/checkout-7d9f', 'linked to service:ledger']);
    assert.deepEqual(graph.related('service:nobody'), []);
  });
});
