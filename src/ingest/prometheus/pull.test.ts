import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MemorySink } from '../sink.js';
import { prometheusConfigSchema } from './config.js';
import { HttpFixture } from './http-fixture.testing.js';
import { startPrometheusPull } from './pull.js';

describe('startPrometheusPull', () => {
  let http: HttpFixture;
  before(async () => {
    http = await new HttpFixture().start();
    http.answers.set('/metrics', { body: 'x 1' });
    http.answers.set('/api/v1/query_range', { contentType: 'application/json', body: readFileSync(new URL('../../../src/ingest/prometheus/testdata/query-range-matrix.json', import.meta.url), 'utf8') });
  });
  after(() => http.stop());

  it('does nothing when nothing is configured', async () => {
    const pull = startPrometheusPull(prometheusConfigSchema.parse({}), { sink: new MemorySink() });
    assert.equal(pull.scraper, undefined);
    assert.deepEqual(await pull.backfilled, []);
    await pull.stop();
  });

  it('starts the scrape jobs and the backfill from config, and stops them', async () => {
    const sink = new MemorySink();
    const config = prometheusConfigSchema.parse({ scrape: [{ job: 'app', targets: [`${http.url}/metrics`], interval: '1s' }], backfill: { url: http.url, queries: ['http_requests_total'] } });
    const pull = startPrometheusPull(config, { sink });
    try {
      const [result] = await pull.backfilled;
      assert.equal(result?.chunks, 2, '7 days at 1m is two requests under the points limit');
      assert.equal(result?.samples, 6);
      for (let wait = 0; pull.scraper?.status()[0]?.health !== 'up' && wait < 150; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(pull.scraper?.status()[0]?.health, 'up');
    } finally {
      await pull.stop();
    }
    assert.ok(sink.sources.includes('prometheus_scrape') && sink.sources.includes('prometheus_backfill'));
  });

  it('reports a failing backfill without stopping the scraper', async () => {
    const errors: Error[] = [];
    const config = prometheusConfigSchema.parse({ backfill: { url: 'http://127.0.0.1:1', queries: ['up'] } });
    const pull = startPrometheusPull(config, { sink: new MemorySink(), onBackfillError: (error) => errors.push(error) });
    assert.deepEqual(await pull.backfilled, []);
    assert.match(errors[0]?.message ?? '', /query_range request to http:\/\/127\.0\.0\.1:1 failed/);
    await pull.stop();
  });
});
