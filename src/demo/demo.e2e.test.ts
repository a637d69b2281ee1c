import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { startServer } from '../runtime/serve.js';
import { eventually, testConfig } from '../runtime/testing.js';
import { startDemoRun } from './run.js';

const MINUTE = 60_000;

describe('opsight demo against a real server in this process', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'opsight-demo-e2e-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('sends metrics, traces, logs and the fault over the protocols, and the server learns the shop', async () => {
    const server = await startServer(testConfig({ dataDir, server: { host: '127.0.0.1', port: 0 }, otlp: { port: 0 }, syslog: { port: 0 } }), pino({ level: 'silent' }));
    try {
      const token = server.initialAdminToken as string;
      const said: string[] = [];
      const truthFile = path.join(dataDir, 'truth.jsonl');
      const run = startDemoRun({
        seed: 2, start: Date.UTC(2026, 3, 6, 14), speed: Infinity, durationMs: 6 * MINUTE, warmupMs: 2 * MINUTE, faultEveryMs: 0,
        requested: [{ kind: 'latency', service: 'cart' }], requestedMs: 3 * MINUTE, truthFile, target: { url: server.url, token }, say: (line) => said.push(line),
      });
      const faults = await run.done;
      assert.deepEqual(faults.map((f) => `${f.kind}:${f.service}`), ['latency:cart']);
      assert.ok(said.some((line) => line.startsWith('fault injected: latency on cart')), said.join('\n'));
      assert.deepEqual(readFileSync(truthFile, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { service: string }).service), ['cart']);

      const get = async (url: string) => {
        const response = await fetch(new URL(url, server.url), { headers: { authorization: `Bearer ${token}` } });
        assert.equal(response.status, 200, url);
        return response.json() as Promise<Record<string, unknown>>;
      };
      const edges = await eventually(async () => ((await get('/api/v1/topology')).edges as { from: string; to: string; kind: string }[]),
        (all) => ['service:gateway>service:checkout', 'service:checkout>service:payment', 'service:payment>peer:postgresql', 'service:cart>peer:redis', 'service:checkout>peer:orders']
          .every((edge) => all.some((e) => `${e.from}>${e.to}` === edge)), 'the shop\'s call edges');
      assert.ok(edges.some((e) => e.kind === 'hierarchy' && e.to === 'service:cart'), 'pods of cart from the metrics\' labels');
      await eventually(async () => (await get('/api/v1/series?entity=service:cart')).total as number, (total) => total > 0, 'series of cart');
      const templates = await eventually(async () => (await get('/api/v1/log-templates?entity=service:checkout')).items as { examples: string[] }[],
        (items) => items.length > 0, 'log templates of checkout');
      assert.ok(templates.every((template) => template.examples.length > 0), 'a template of the demo without an example line');
    } finally {
      await server.close();
    }
  });
});
