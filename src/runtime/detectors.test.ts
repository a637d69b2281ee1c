import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LogRecord, Sample, Span } from '../signals/index.js';
import { storeTargets } from '../store/testing.js';
import type { TestApp } from './testing.js';
import { startTestApp } from './testing.js';
import { MetricFleet, metricFleetConfigSchema } from '../detect/metric-fleet/index.js';

const T0 = Date.UTC(2026, 5, 1);
const MIN = 60_000;

function series(from: number, to: number, spikeAt: number): Sample[] {
  const samples: Sample[] = [];
  for (let i = from; i < to; i++) {
    const base = 200 + 20 * Math.sin((2 * Math.PI * i) / 1440) + ((i * 7919) % 17) - 8;
    samples.push({ entityId: 'service:payments', metric: 'http_request_duration_ms', labels: { service: 'payments', route: '/pay' },
      kind: 'gauge', time: T0 + i * MIN, value: i >= spikeAt && i < spikeAt + 4 ? base * 5 : base });
  }
  return samples;
}

for (const target of storeTargets) {
  describe(`detection behind the bus (${target.name})`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t.close(); });

    it('turns a latency spike into a stored anomaly, an anomaly alert and an incident of the service', async () => {
      const samples = series(0, 2200, 2100);
      for (let start = 0; start < samples.length; start += 200) await t.sink.accept('test', { samples: samples.slice(start, start + 200) });
      await t.settled();
      const anomalies = await t.store.anomalies.list({ entityId: 'service:payments', from: T0 + 2100 * MIN, to: T0 + 2104 * MIN, limit: 10, offset: 0 });
      assert.ok(anomalies.total >= 1, 'no anomaly stored for the spike');
      assert.match(anomalies.items[0]?.explanation ?? '', /expected/);
      const alerts = await t.store.alerts.list({ entityId: 'service:payments', from: T0 + 2100 * MIN, limit: 10, offset: 0 });
      const spike = alerts.items.find((alert) => alert.labels.alertname === 'MetricAnomaly' && alert.activeSince >= T0 + 2100 * MIN);
      assert.ok(spike !== undefined, 'no anomaly alert');
      assert.equal(spike.source, 'opsight-detect');
      assert.ok(spike.severity === 'critical' || spike.severity === 'error', spike.severity);
      assert.ok(spike.incidentId !== null);
      const entity = await t.app.inject({ method: 'GET', url: '/api/v1/entities/service:payments', headers: t.as('viewer') });
      assert.deepEqual(entity.json<{ kind: string }>().kind, 'service');
      assert.equal(entity.json<{ lastSeen: number }>().lastSeen, T0 + 2199 * MIN);
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/anomalies?entity=service:payments', headers: t.as('viewer') });
      assert.equal(response.statusCode, 200);
      assert.ok(response.json<{ total: number }>().total >= 1);
    });

    it('checkpoints what every series learned, so a restarted fleet continues where it stopped', async () => {
      await t.runtime.checkpoint();
      const restored = new MetricFleet(metricFleetConfigSchema.parse({}), () => 'x');
      assert.deepEqual(restored.restore(await t.store.snapshots.all('detect-metrics')), { restored: 1, skipped: 0, problems: [] });
      assert.deepEqual([...restored.snapshot()], [...t.stages.metricDetection.fleet.snapshot()]);
    });

    it('resolves the alert of a series ended by a staleness marker', async () => {
      const samples = series(0, 2103, 2100).map((sample) => ({ ...sample, entityId: 'service:refunds', labels: { service: 'refunds', route: '/refund' } }));
      for (let start = 0; start < samples.length; start += 500) await t.sink.accept('test', { samples: samples.slice(start, start + 500) });
      await t.settled();
      const firing = await t.store.alerts.list({ entityId: 'service:refunds', limit: 10, offset: 0 });
      assert.deepEqual(firing.items.map((alert) => [alert.labels.alertname, alert.status]), [['MetricAnomaly', 'firing']]);
      const last = samples.at(-1)!;
      await t.sink.accept('test', { samples: [{ ...last, time: last.time + MIN, value: 0, stale: true }] });
      await t.settled();
      const resolved = await t.store.alerts.list({ entityId: 'service:refunds', limit: 10, offset: 0 });
      assert.deepEqual(resolved.items.map((alert) => [alert.status, alert.resolvedAt]), [['resolved', last.time + MIN]]);
    });

    it('mines log lines into templates and raises a new-error-template alert after warm-up', async () => {
      const lines: LogRecord[] = [];
      for (let s = 0; s < 4000; s += 10) lines.push({ entityId: 'service:search', time: T0 + s * 1000, severity: 'info', body: `query ${s % 17} took ${s % 40}ms`, attributes: {} });
      lines.push({ entityId: 'service:search', time: T0 + 4000 * 1000, severity: 'error', body: 'index shard 3 unavailable: disk read error', attributes: {} });
      await t.sink.accept('test', { logs: lines });
      await t.settled();
      assert.deepEqual(t.stages.logDetection.watch.templates('service:search').map((tpl) => tpl.template).sort(), ['index shard <*> unavailable: disk read error', 'query <*> took <*>']);
      const alerts = await t.store.alerts.list({ entityId: 'service:search', limit: 10, offset: 0 });
      assert.deepEqual(alerts.items.map((a) => [a.labels.alertname, a.severity, a.status]), [['NewErrorLogTemplate', 'error', 'firing']]);
      await t.runtime.checkpoint();
      const checkpoint = await t.store.snapshots.all('detect-logs');
      assert.ok(checkpoint.has('state'), 'no checkpoint header');
      assert.ok([...checkpoint].some(([key, data]) => key.startsWith('chunk:') && data.includes('unavailable')));
      await t.runtime.checkpoint();
      const again = await t.store.snapshots.all('detect-logs');
      assert.equal(again.size, checkpoint.size, 'the chunks of the checkpoint before were not deleted');
      assert.ok([...again.keys()].every((key) => !checkpoint.has(key) || key === 'state'), 'a checkpoint overwrote the last one in place');
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/log-templates?entity=service:search', headers: t.as('viewer') });
      assert.deepEqual(api.json<{ items: { template: string; count: number; examples: string[] }[] }>().items.map((tpl) => [tpl.template, tpl.count, tpl.examples.length]),
        [['query <*> took <*>', 400, 3], ['index shard <*> unavailable: disk read error', 1, 1]]);
      assert.deepEqual(api.json<{ items: { examples: string[] }[] }>().items[1]?.examples, ['index shard 3 unavailable: disk read error']);
    });

    it('learns RED metrics from traces and raises an anomaly alert when an operation slows down', async () => {
      const spans: Span[] = [];
      const start = T0 + 10 * 86_400_000;
      for (let second = 0; second < 4 * 3600; second += 4) {
        const slow = second >= 3 * 3600 + 1800 && second < 3 * 3600 + 2400;
        const duration = (slow ? 900 : 40) + (second % 7);
        const id = (second + 1).toString(16);
        spans.push({ traceId: id.padStart(32, '0'), spanId: id.padStart(16, '0'), entityId: 'service:shipping', service: 'shipping', operation: 'GET /quote',
          kind: 'server', start: start + second * 1000 - duration, end: start + second * 1000, status: 'ok', attributes: {} });
      }
      for (let i = 0; i < spans.length; i += 500) await t.sink.accept('test', { spans: spans.slice(i, i + 500) });
      await t.settled();
      await t.settled();
      const alerts = await t.store.alerts.list({ entityId: 'service:shipping', limit: 10, offset: 0 });
      const slow = alerts.items.find((alert) => alert.labels.problem === 'latency');
      assert.ok(slow !== undefined, JSON.stringify(alerts.items.map((a) => a.labels)));
      assert.equal(slow.labels.operation, 'GET /quote');
      assert.ok(slow.activeSince >= start + (3 * 3600 + 1800) * 1000 && slow.activeSince <= start + (3 * 3600 + 1920) * 1000, new Date(slow.activeSince).toISOString());
      assert.equal(alerts.items.filter((alert) => alert.activeSince < start + (3 * 3600 + 1800) * 1000).length, 0, 'an alert before the slowdown');
    });
  });
}
