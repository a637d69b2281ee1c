import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySink, OverloadedError } from '../sink.js';
import { createMetrics } from '../../telemetry/metrics.js';
import { FakeTime } from './fake-time.testing.js';
import { HttpFixture } from './http-fixture.testing.js';
import { PrometheusScraper } from './scraper.js';
import { scheduledTargets } from './scrape-targets.js';

const T = Date.UTC(2026, 0, 1, 12);

describe('PrometheusScraper', () => {
  let http: HttpFixture;
  before(async () => { http = await new HttpFixture().start(); });
  after(() => http.stop());

  function scraper(paths: string[], options: { timeout?: number } = {}) {
    const time = new FakeTime(T);
    const sink = new MemorySink();
    const metrics = createMetrics();
    const targets = scheduledTargets([{ job: 'app', targets: paths.map((path) => `${http.url}${path}`), interval: 15_000, timeout: options.timeout ?? 5_000, labels: { env: 'test' }, bodyLimitBytes: 4096 }]);
    return { time, sink, metrics, scraper: new PrometheusScraper(targets, { sink, clock: time, timers: time, metrics }) };
  }

  it('scrapes a target into samples with job/instance labels, plus up=1', async () => {
    http.answers.set('/metrics', { body: '# TYPE jobs_done counter\njobs_done{queue="a"} 5\ntemp 21.5\n' });
    const { sink, scraper: s } = scraper(['/metrics']);
    const [status] = await s.scrapeAll();
    assert.equal(status?.health, 'up');
    assert.equal(status?.samples, 2);
    assert.deepEqual(sink.sources, ['prometheus_scrape']);
    const instance = http.url.slice('http://'.length);
    assert.deepEqual(sink.samples[0], { entityId: 'host:127.0.0.1', metric: 'jobs_done', kind: 'counter', time: T, value: 5, labels: { queue: 'a', env: 'test', job: 'app', instance } });
    assert.deepEqual(sink.samples.map((x) => [x.metric, x.value]).slice(2), [['up', 1], ['scrape_duration_seconds', 0], ['scrape_samples_scraped', 2]]);
    assert.match(http.requests.at(-1)?.headers.accept ?? '', /text\/plain;version=0\.0\.4/);
  });

  it('marks a target down with the HTTP status, sending only up=0', async () => {
    http.answers.set('/broken', { status: 500, body: 'oops' });
    const { sink, scraper: s } = scraper(['/broken']);
    const [status] = await s.scrapeAll();
    assert.equal(status?.health, 'down');
    assert.match(status?.lastError ?? '', /HTTP status 500/);
    assert.deepEqual(sink.samples.map((x) => [x.metric, x.value]), [['up', 0], ['scrape_duration_seconds', 0], ['scrape_samples_scraped', 0]]);
  });

  it('fails the whole scrape on a malformed exposition, naming the line', async () => {
    http.answers.set('/bad', { body: 'ok 1\nbad{ 2\n' });
    const { sink, scraper: s } = scraper(['/bad']);
    const [status] = await s.scrapeAll();
    assert.equal(status?.health, 'down');
    assert.match(status?.lastError ?? '', /line 2: expected a label name/);
    assert.equal(sink.samples.find((x) => x.metric === 'ok'), undefined);
  });

  it('fails a scrape that answers HTML, hinting at a wrong path', async () => {
    http.answers.set('/', { body: '<html></html>', contentType: 'text/html; charset=utf-8' });
    const [status] = await scraper(['/']).scraper.scrapeAll();
    assert.match(status?.lastError ?? '', /answered text\/html, not the Prometheus text format/);
  });

  it('fails a scrape whose body is over the limit', async () => {
    http.answers.set('/huge', { body: `x 1\n${'# pad\n'.repeat(1000)}` });
    const [status] = await scraper(['/huge']).scraper.scrapeAll();
    assert.match(status?.lastError ?? '', /larger than the limit of 4096 bytes/);
  });

  it('times out a slow target using the injected timers', async () => {
    http.answers.set('/slow', { body: 'x 1', delayMs: 2000 });
    const { time, scraper: s } = scraper(['/slow'], { timeout: 1000 });
    const scrape = s.scrapeAll();
    await time.advance(1000);
    const [status] = await scrape;
    assert.match(status?.lastError ?? '', /timed out after 1000 ms/);
  });

  it('reports a refused batch in the status', async () => {
    http.answers.set('/metrics', { body: 'x 1' });
    const { sink, scraper: s } = scraper(['/metrics']);
    sink.refuseWith = new OverloadedError(1);
    const [status] = await s.scrapeAll();
    assert.equal(status?.health, 'up');
    assert.match(status?.lastError ?? '', /samples not accepted: opsight is behind/);
  });

  it('marks stale the series a scrape no longer has, all of them when it fails, and none while the sink refuses', async () => {
    http.answers.set('/changing', { body: 'a 1\nb{x="1"} 2\n' });
    const { time, sink, metrics, scraper: s } = scraper(['/changing']);
    const stale = () => sink.samples.filter((x) => x.stale === true).map((x) => [x.metric, x.labels.x, x.time, x.value]);
    await s.scrapeAll();
    assert.deepEqual(stale(), []);
    http.answers.set('/changing', { body: 'a 1\n' });
    sink.refuseWith = new OverloadedError(1);
    await s.scrapeAll();
    sink.refuseWith = undefined;
    await time.advance(15_000);
    await s.scrapeAll();
    assert.deepEqual(stale(), [['b', '1', T + 15_000, 0]], 'b is stale once, when the sink took the scrape without it');
    http.answers.set('/changing', { status: 503, body: 'down' });
    await time.advance(15_000);
    await s.scrapeAll();
    assert.deepEqual(stale().slice(1), [['a', undefined, T + 30_000, 0]]);
    await time.advance(15_000);
    await s.scrapeAll();
    assert.equal(stale().length, 2, 'a series was marked stale again');
    assert.match(await metrics.registry.metrics(), /opsight_prometheus_stale_markers_total\{source="prometheus_scrape"\} 2/);
  });

  it('scrapes on its interval once started, and stops', async () => {
    http.answers.set('/metrics', { body: 'x 1' });
    const { time, sink, metrics, scraper: s } = scraper(['/metrics']);
    const ups = () => sink.samples.filter((x) => x.metric === 'up');
    assert.equal(s.status()[0]?.health, 'unknown');
    s.start();
    for (let scrape = 1; scrape <= 3; scrape++) {
      await time.advance(15_000);
      assert.equal(ups().length, scrape);
    }
    assert.equal((ups()[1]?.time ?? 0) - (ups()[0]?.time ?? 0), 15_000);
    await s.stop();
    assert.equal(time.scheduled, 0);
    await time.advance(60_000);
    assert.equal(ups().length, 3);
    assert.match(await metrics.registry.metrics(), /opsight_prometheus_scrapes_total\{job="app",result="success"\} 3/);
  });
});
