/**
 * One rule for the ingest counters across every HTTP ingest adapter: a refusal because opsight is behind counts
 * once, as throttled; bad input counts once, as rejected under its reason; accepted items count as accepted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { syntheticSpansBody } from '../ingest/otlp/index.js';
import { encodeWriteRequest } from '../ingest/prometheus/encode-write-request.js';
import { storeTargets } from '../store/testing.js';
import type { TestApp } from './testing.js';
import { startTestApp } from './testing.js';

const testdata = (path: string) => readFileSync(new URL(`../../src/ingest/${path}`, import.meta.url), 'utf8');
const T0 = Date.UTC(2026, 0, 1);

interface Adapter {
  source: string;
  request(valid: boolean): InjectOptions;
}

const json = (url: string, valid: object): Adapter['request'] => (ok) => ({
  method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: ok ? JSON.stringify(valid) : '{"alerts": 7}',
});

const adapters: Adapter[] = [
  { source: 'api', request: json('/api/v1/events', { title: 'deploy api v7', kind: 'change', entity: 'service:api' }) },
  { source: 'alertmanager', request: json('/api/v1/ingest/alertmanager', JSON.parse(testdata('alertmanager/testdata/firing.json')) as object) },
  { source: 'grafana', request: json('/api/v1/ingest/grafana', JSON.parse(testdata('grafana/testdata/firing.json')) as object) },
  {
    source: 'otlp',
    request: (ok) => ({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, payload: ok ? syntheticSpansBody(3) : Buffer.from([0x0a, 0xff]) }),
  },
  {
    source: 'remote_write',
    request: (ok) => ({
      method: 'POST', url: '/api/v1/write',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
      payload: ok ? encodeWriteRequest([{ labels: { __name__: 'up', job: 'x' }, samples: [{ value: 1, timestamp: T0 }] }]) : Buffer.from('not snappy'),
    }),
  },
];

async function counters(t: TestApp, source: string): Promise<{ accepted: number; rejected: number; throttled: number }> {
  const text = (await t.app.inject({ url: '/metrics' })).body;
  const sum = (name: string) => [...text.matchAll(new RegExp(`^opsight_ingest_${name}_total\\{source="${source}"[^}]*\\} (\\d+)$`, 'gm'))]
    .reduce((total, match) => total + Number(match[1]), 0);
  return { accepted: sum('accepted'), rejected: sum('rejected'), throttled: sum('throttled') };
}

const target = storeTargets[0]!;

describe('ingest counters, the same rule for every HTTP adapter', () => {
  let t: TestApp;
  let behind: TestApp;
  before(async () => {
    t = await startTestApp(target);
    behind = await startTestApp(target, { bus: { maxPending: 0 } });
  });
  after(async () => {
    await t.close();
    await behind.close();
  });

  for (const adapter of adapters) {
    it(`${adapter.source}: accepted, rejected and throttled each count once, in their own counter`, async () => {
      const send = (app: TestApp, valid: boolean) => {
        const request = adapter.request(valid);
        return app.app.inject({ ...request, headers: { ...request.headers, ...app.as('ingest') } });
      };
      const accepted = await send(t, true);
      assert.ok(accepted.statusCode < 300, accepted.body);
      const rejected = await send(t, false);
      assert.equal(rejected.statusCode, 400, rejected.body);
      const afterBoth = await counters(t, adapter.source);
      assert.ok(afterBoth.accepted > 0, 'accepted items counted');
      assert.deepEqual([afterBoth.rejected, afterBoth.throttled], [1, 0]);

      const refused = await send(behind, true);
      assert.ok([429, 503].includes(refused.statusCode), refused.body);
      assert.deepEqual(await counters(behind, adapter.source), { accepted: 0, rejected: 0, throttled: 1 });
    });
  }
});
