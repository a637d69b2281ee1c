import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Sample } from '../../signals/index.js';
import { MemorySink } from '../sink.js';
import { encodeWriteRequest } from './encode-write-request.js';
import { HttpFixture } from './http-fixture.testing.js';
import type { RunningPrometheus } from './prometheus-process.js';
import { prometheusSkip, startPrometheus } from './prometheus-process.js';
import { QueryRangeClient } from './query-range-client.js';
import { QueryRangeError } from './query-range.js';
import { PrometheusScraper } from './scraper.js';
import { scheduledTargets } from './scrape-targets.js';
import type { RemoteWriteTestApp } from './remote-write-app.testing.js';
import { remoteWriteTestApp } from './remote-write-app.testing.js';

const exposition = (withTemp: boolean) => `# HELP jobs_done Jobs finished.
# TYPE jobs_done counter
jobs_done{queue="emails"} 42
# TYPE rpc_seconds summary
rpc_seconds{quantile="0.5"} NaN
rpc_seconds_sum 0
rpc_seconds_count 0
${withTemp ? 'room_temperature_celsius 21.5\n' : ''}`;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, log: () => string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; prometheus log:\n${log()}`);
}

describe('with a real Prometheus', { skip: prometheusSkip }, () => {
  let target: HttpFixture;
  let receiver: RemoteWriteTestApp;
  let prometheus: RunningPrometheus;
  let targetInstance: string;
  const writeHeaders: Record<string, string | undefined>[] = [];

  before(async () => {
    target = await new HttpFixture().start();
    target.answers.set('/metrics', { body: exposition(true) });
    targetInstance = target.url.slice('http://'.length);
    receiver = await remoteWriteTestApp();
    receiver.app.addHook('onRequest', (request, _reply, done) => {
      writeHeaders.push({ authorization: request.headers.authorization, encoding: request.headers['content-encoding'], version: request.headers['x-prometheus-remote-write-version'] as string | undefined });
      done();
    });
    await receiver.app.listen({ host: '127.0.0.1', port: 0 });
    const receiverPort = (receiver.app.server.address() as AddressInfo).port;
    prometheus = await startPrometheus(`
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${targetInstance}'], labels: { env: test } }]
remote_write:
  - url: http://127.0.0.1:${receiverPort}/api/v1/write
    authorization: { credentials: test-token }
    queue_config: { batch_send_deadline: 1s, min_backoff: 50ms, max_backoff: 200ms }
    metadata_config: { send_interval: 1s }
`);
  });

  after(async () => {
    await prometheus?.stop();
    await receiver?.app.close();
    await target?.stop();
  });

  const jobsDone = (sample: Sample) => sample.metric === 'jobs_done' && sample.labels.job === 'app';

  it('receives remote write with the entity, labels, values and Prometheus\'s headers', async () => {
    const sample = await until('jobs_done via remote write', () => receiver.sink.samples.find(jobsDone), prometheus.log);
    assert.equal(sample.entityId, 'host:127.0.0.1');
    assert.deepEqual(sample.labels, { job: 'app', instance: targetInstance, env: 'test', queue: 'emails' });
    assert.equal(sample.value, 42);
    assert.ok(Math.abs(sample.time - Date.now()) < 60_000);
    const up = await until('up via remote write', () => receiver.sink.samples.find((s) => s.metric === 'up' && s.labels.job === 'app'), prometheus.log);
    assert.equal(up.value, 1);
    assert.deepEqual(writeHeaders[0], { authorization: 'Bearer test-token', encoding: 'snappy', version: '0.1.0' });
    assert.ok(receiver.sink.samples.every((s) => Number.isFinite(s.value)), 'a NaN quantile reached the sink');
  });

  it('learns counter kind from the metadata Prometheus sends', async () => {
    await until('jobs_done as a counter', () => receiver.sink.samples.find((s) => jobsDone(s) && s.kind === 'counter'), prometheus.log);
  });

  it('hands on a staleness marker when a series disappears', async () => {
    target.answers.set('/metrics', { body: exposition(false) });
    const end = await until('a stale marker for room_temperature_celsius', () => receiver.sink.samples.find((s) => s.metric === 'room_temperature_celsius' && s.stale === true), prometheus.log);
    assert.equal(end.entityId, 'host:127.0.0.1');
    assert.equal(end.labels.job, 'app');
  });

  it('scrapes Prometheus\'s own /metrics with the opsight scraper', async () => {
    const sink = new MemorySink();
    const scraper = new PrometheusScraper(scheduledTargets([{ job: 'prometheus', targets: [`${prometheus.url}/metrics`], interval: 1000, timeout: 1000, labels: {}, bodyLimitBytes: 16 * 1024 * 1024 }]), { sink });
    const [status] = await scraper.scrapeAll();
    assert.equal(status?.health, 'up', status?.lastError);
    const build = sink.samples.find((s) => s.metric === 'prometheus_build_info');
    assert.equal(build?.labels.job, 'prometheus');
    assert.equal(build?.kind, 'gauge');
    assert.equal(sink.samples.find((s) => s.metric === 'prometheus_http_requests_total')?.kind, 'counter');
  });

  it('backfills a scraped series with query_range, paging the range', async () => {
    await until('5 s of history', () => (Date.now() - (receiver.sink.samples.find(jobsDone)?.time ?? Date.now()) > 5000 ? true : undefined), prometheus.log);
    const client = new QueryRangeClient({ url: prometheus.url, maxPointsPerRequest: 3 });
    const end = Date.now();
    const samples = await client.queryRange({ query: 'jobs_done{job="app"}', range: { start: end - 5000, end }, stepMs: 1000 });
    assert.ok(samples.length >= 5, `only ${samples.length} samples`);
    assert.deepEqual(samples[0]?.labels, { job: 'app', instance: targetInstance, env: 'test', queue: 'emails' });
    assert.equal(samples[0]?.entityId, 'host:127.0.0.1');
    assert.equal(samples[0]?.kind, 'gauge', 'no __name__ suffix: by name a gauge');
    assert.ok(samples.every((s) => s.value === 42));
    assert.equal(new Set(samples.map((s) => s.time)).size, samples.length, 'a point was fetched twice');
  });

  it('reports a PromQL error from the real API', async () => {
    await assert.rejects(new QueryRangeClient({ url: prometheus.url }).queryRange({ query: 'jobs_done{', range: { start: Date.now() - 1000, end: Date.now() }, stepMs: 1000 }),
      (error: unknown) => error instanceof QueryRangeError && error.errorType === 'bad_data' && error.status === 400);
  });

  it('writes encodeWriteRequest bodies that Prometheus\'s own receiver accepts', async () => {
    const now = Date.now();
    const body = encodeWriteRequest([{ labels: { __name__: 'opsight_bench_probe', job: 'bench', instance: 'gen:1' }, samples: [{ value: 7.5, timestamp: now }] }]);
    const response = await fetch(`${prometheus.url}/api/v1/write`, { method: 'POST', body, headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' } });
    assert.equal(response.status, 204, await response.text());
    const query = await fetch(`${prometheus.url}/api/v1/query?query=opsight_bench_probe&time=${now / 1000}`);
    const answer = await query.json() as { data: { result: { value: [number, string] }[] } };
    assert.equal(answer.data.result[0]?.value[1], '7.5');
  });
});
