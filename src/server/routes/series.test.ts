import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Sample } from '../../signals/index.js';
import { storeTargets } from '../../store/testing.js';
import type { TestApp } from '../../runtime/testing.js';
import { startTestApp } from '../../runtime/testing.js';

const T0 = Date.UTC(2026, 4, 1);
const MIN = 60_000;

function points(metric: string, count: number, entityId = 'service:cart'): Sample[] {
  return Array.from({ length: count }, (_, i) => ({ entityId, metric, labels: { service: 'cart' }, kind: 'gauge' as const, time: T0 + i * MIN, value: 10 + (i % 3) }));
}

interface SeriesPage { total: number; items: { metric: string; state: string; points: number; warmup: number; signalClass: string; lastTime: number; lastTimeRfc3339: string }[] }

for (const target of storeTargets) {
  describe(`GET /api/v1/series (${target.name})`, { skip: target.skip }, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t.close(); });

    it('shows which series still learn their baseline, which may alert, and which are evidence only', async () => {
      const samples = [...points('http_request_duration_seconds', 30), ...points('cart_items_total_size', 5), ...points('go_goroutines', 30), ...points('cpu_usage_percent', 3, 'service:shop')];
      await t.sink.accept('test', { samples });
      await t.settled();
      const get = async (query: string) => {
        const response = await t.app.inject({ method: 'GET', url: `/api/v1/series${query}`, headers: t.as('viewer') });
        assert.equal(response.statusCode, 200, response.body);
        return response.json<SeriesPage>();
      };
      const cart = await get('?entity=service:cart');
      assert.deepEqual(cart.items.map((s) => [s.metric, s.signalClass, s.state, s.points]), [
        ['cart_items_total_size', 'other', 'learning', 5],
        ['go_goroutines', 'runtime', 'evidence-only', 30],
        ['http_request_duration_seconds', 'latency', 'watching', 30],
      ]);
      assert.equal(cart.items[0]?.warmup, 21);
      assert.equal(cart.items[2]?.lastTime, T0 + 29 * MIN);
      assert.equal(cart.items[2]?.lastTimeRfc3339, new Date(T0 + 29 * MIN).toISOString());
      assert.deepEqual((await get('?state=learning')).items.map((s) => s.metric).sort(), ['cart_items_total_size', 'cpu_usage_percent']);
      const bad = await t.app.inject({ method: 'GET', url: '/api/v1/series?state=asleep', headers: t.as('viewer') });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /state/);
    });
  });
}
