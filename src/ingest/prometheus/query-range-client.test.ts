import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemorySink, OverloadedError } from '../sink.js';
import { PrometheusBackfill } from './backfill.js';
import { FakeTime } from './fake-time.testing.js';
import { HttpFixture } from './http-fixture.testing.js';
import { QueryRangeClient } from './query-range-client.js';
import { QueryRangeError } from './query-range.js';

const matrix = readFileSync(new URL('../../../src/ingest/prometheus/testdata/query-range-matrix.json', import.meta.url), 'utf8');
const T = Date.UTC(2026, 0, 1);

describe('QueryRangeClient', () => {
  let http: HttpFixture;
  before(async () => { http = await new HttpFixture().start(); });
  after(() => http.stop());

  it('sends query, start, end and step in seconds with the bearer token, and pages long ranges', async () => {
    http.answers.set('/prom/api/v1/query_range', { contentType: 'application/json', body: matrix });
    http.requests.length = 0;
    const client = new QueryRangeClient({ url: `${http.url}/prom`, bearerToken: 's3cret', headers: { 'X-Scope-OrgID': 'team-a' }, maxPointsPerRequest: 100 });
    const samples = await client.queryRange({ query: 'up{job="api"}', range: { start: T, end: T + 250 * 60_000 }, stepMs: 60_000 });
    assert.equal(http.requests.length, 3);
    const first = new URL(http.requests[0]?.url ?? '', http.url);
    assert.equal(first.searchParams.get('query'), 'up{job="api"}');
    assert.equal(first.searchParams.get('start'), String(T / 1000));
    assert.equal(first.searchParams.get('end'), String(T / 1000 + 99 * 60));
    assert.equal(first.searchParams.get('step'), '60');
    assert.equal(new URL(http.requests[1]?.url ?? '', http.url).searchParams.get('start'), String(T / 1000 + 100 * 60));
    assert.equal(http.requests[0]?.headers.authorization, 'Bearer s3cret');
    assert.equal(http.requests[0]?.headers['x-scope-orgid'], 'team-a');
    assert.equal(samples.length, 9);
  });

  it('sends user:password of the URL as Basic auth, never in the URL or in an error', async () => {
    http.answers.set('/api/v1/query_range', { contentType: 'application/json', body: matrix });
    http.requests.length = 0;
    const withCredentials = http.url.replace('http://', 'http://backfill:p%40ss@');
    await new QueryRangeClient({ url: withCredentials }).queryRange({ query: 'up', range: { start: T, end: T }, stepMs: 1000 });
    assert.equal(http.requests[0]?.headers.authorization, `Basic ${Buffer.from('backfill:p@ss').toString('base64')}`);
    assert.doesNotMatch(http.requests[0]?.url ?? '', /p%40ss/);
    const unreachable = new QueryRangeClient({ url: 'http://backfill:p%40ss@127.0.0.1:1' });
    await assert.rejects(unreachable.queryRange({ query: 'up', range: { start: T, end: T }, stepMs: 1000 }),
      (error: unknown) => error instanceof QueryRangeError && !/p%40ss|p@ss/.test(error.message));
  });

  it('reports an API error clearly', async () => {
    http.answers.set('/api/v1/query_range', { status: 400, contentType: 'application/json', body: '{"status":"error","errorType":"bad_data","error":"1:4: parse error: unexpected <EOF>"}' });
    await assert.rejects(new QueryRangeClient({ url: http.url }).queryRange({ query: 'up{', range: { start: T, end: T }, stepMs: 1000 }),
      (error: unknown) => error instanceof QueryRangeError && error.status === 400 && /bad_data\): 1:4: parse error/.test(error.message));
  });

  it('reports a body that is not JSON', async () => {
    http.answers.set('/api/v1/query_range', { status: 502, body: '<html>bad gateway</html>' });
    await assert.rejects(new QueryRangeClient({ url: http.url }).queryRange({ query: 'up', range: { start: T, end: T }, stepMs: 1000 }), /HTTP 502 with a body that is not JSON: <html>/);
  });

  it('reports an unreachable API', async () => {
    await assert.rejects(new QueryRangeClient({ url: 'http://127.0.0.1:1' }).queryRange({ query: 'up', range: { start: T, end: T }, stepMs: 1000 }), /query_range request to http:\/\/127\.0\.0\.1:1 failed/);
  });
});

describe('PrometheusBackfill', () => {
  let http: HttpFixture;
  before(async () => { http = await new HttpFixture().start(); http.answers.set('/api/v1/query_range', { contentType: 'application/json', body: matrix }); });
  after(() => http.stop());

  it('runs the configured queries over the lookback window, one sink batch per chunk', async () => {
    const sink = new MemorySink();
    const time = new FakeTime(T);
    http.requests.length = 0;
    const backfill = new PrometheusBackfill({ url: http.url, lookback: 86_400_000, step: 60_000, queries: [{ query: 'http_requests_total', name: undefined }], headers: {}, timeout: 5000 }, { sink, clock: time, timers: time });
    const [result] = await backfill.run();
    assert.deepEqual(result, { query: 'http_requests_total', samples: 3, chunks: 1, skipped: 1, warnings: [] });
    assert.deepEqual(sink.sources, ['prometheus_backfill']);
    const url = new URL(http.requests[0]?.url ?? '', http.url);
    assert.equal(url.searchParams.get('start'), String((T - 86_400_000) / 1000));
  });

  it('waits Retry-After and retries a chunk while the sink is overloaded', async () => {
    const sink = new MemorySink();
    const time = new FakeTime(T);
    sink.refuseWith = new OverloadedError(2);
    const backfill = new PrometheusBackfill({ url: http.url, lookback: 60_000, step: 60_000, queries: [], headers: {}, timeout: 5000 }, { sink, clock: time, timers: time });
    const done = backfill.backfill({ query: 'x', range: { start: T, end: T } });
    await Promise.race([time.whenScheduled(), done]);
    assert.equal(time.scheduled, 1, 'the backfill is not waiting out Retry-After');
    assert.equal(sink.samples.length, 0);
    sink.refuseWith = undefined;
    await time.advance(2000);
    assert.equal((await done).samples, 3);
    assert.equal(sink.samples.length, 3);
  });
});
