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

    it('gives the recent points of a series with the band expected, by key or by entity and metric', async () => {
      await t.sink.accept('test', { samples: points('queue_depth', 30, 'service:points') });
      await t.settled();
      type PointsList = { items: { key: string; capacity: number; bytes: number; points: { time: number; timeRfc3339: string; actual: number; expected: number; lower: number; upper: number; anomalous: boolean }[] }[] };
      const get = async (query: string) => {
        const response = await t.app.inject({ method: 'GET', url: `/api/v1/series/points${query}`, headers: t.as('viewer') });
        assert.equal(response.statusCode, 200, response.body);
        return response.json<PointsList>();
      };
      const key = 'queue_depth{service="cart"}';
      const byName = await get('?entity=service:points&metric=queue_depth');
      assert.deepEqual(byName.items.map((s) => s.key), [key]);
      const [series] = (await get(`?key=${encodeURIComponent(key)}`)).items;
      assert.ok(series !== undefined);
      assert.equal(series.capacity, 240);
      assert.equal(series.bytes, 240 * 16);
      assert.equal(series.points.length, 30);
      const last = series.points.at(-1)!;
      assert.equal(last.time, T0 + 29 * MIN);
      assert.equal(last.timeRfc3339, new Date(T0 + 29 * MIN).toISOString());
      assert.equal(last.actual, 10 + (29 % 3));
      assert.ok(last.lower <= last.expected && last.expected <= last.upper && last.upper > last.lower, JSON.stringify(last));
      assert.equal(typeof last.anomalous, 'boolean');
      assert.deepEqual((await get('?key=nothing_like_it')).items, []);
      for (const [query, field] of [['', 'entity'], ['?entity=service:points', 'metric'], [`?key=${encodeURIComponent(key)}&metric=queue_depth`, 'key']] as const) {
        const bad = await t.app.inject({ method: 'GET', url: `/api/v1/series/points${query}`, headers: t.as('viewer') });
        assert.equal(bad.statusCode, 400, query);
        assert.match(bad.body, new RegExp(field), query);
      }
    });
  });
}