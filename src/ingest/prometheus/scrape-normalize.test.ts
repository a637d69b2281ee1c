import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseExposition } from './exposition-parser.js';
import { normalizeScrape, scrapeHealthSamples } from './scrape-normalize.js';
import { instanceOf, scheduledTargets, targetUrl } from './scrape-targets.js';

const T = Date.UTC(2026, 0, 1, 12);
const target = { job: 'checkout', url: 'http://web-1:8080/metrics', instance: 'web-1:8080', labels: { env: 'prod' } };

describe('normalizeScrape', () => {
  it('attaches job, instance and extra labels and resolves the entity from them', () => {
    const { samples } = normalizeScrape(parseExposition('# TYPE jobs_done counter\njobs_done{queue="a"} 5\n'), target, T);
    assert.deepEqual(samples, [{ entityId: 'host:web-1', metric: 'jobs_done', kind: 'counter', time: T, value: 5, labels: { queue: 'a', env: 'prod', job: 'checkout', instance: 'web-1:8080' } }]);
  });
  it('keeps a scraped label that clashes with a target label as exported_<name>', () => {
    const { samples } = normalizeScrape(parseExposition('x{job="inner",instance="i:1"} 1'), target, T);
    assert.deepEqual(samples[0]?.labels, { exported_job: 'inner', exported_instance: 'i:1', env: 'prod', job: 'checkout', instance: 'web-1:8080' });
  });
  it('uses the target timestamp when given, the scrape time otherwise', () => {
    const { samples } = normalizeScrape(parseExposition(`a 1 ${T - 5000}\nb 2`), target, T);
    assert.deepEqual(samples.map((s) => s.time), [T - 5000, T]);
  });
  it('skips NaN and ±Inf values, counting them', () => {
    const result = normalizeScrape(parseExposition('a NaN\nb +Inf\nc 1'), target, T);
    assert.equal(result.samples.length, 1);
    assert.equal(result.skipped, 2);
  });
  it('derives the kind from TYPE, then from the name', () => {
    const { samples } = normalizeScrape(parseExposition('# TYPE h histogram\nh_bucket{le="1"} 1\nreqs_total 3\ntemp 20'), target, T);
    assert.deepEqual(samples.map((s) => s.kind), ['counter', 'counter', 'gauge']);
  });
  it('refuses a timestamp in seconds, naming the series', () => assert.throws(() => normalizeScrape(parseExposition('a 1 1700000000'), target, T), /a: timestamp 1700000000/));
  it('drops empty label values, as Prometheus does', () => assert.equal(normalizeScrape(parseExposition('a{x=""} 1'), target, T).samples[0]?.labels.x, undefined));
});

describe('scrapeHealthSamples', () => {
  it('reports up, duration and sample count with the target labels', () => {
    const samples = scrapeHealthSamples(target, T, false, 0.25, 0);
    assert.deepEqual(samples.map((s) => [s.metric, s.value]), [['up', 0], ['scrape_duration_seconds', 0.25], ['scrape_samples_scraped', 0]]);
    assert.equal(samples[0]?.labels.job, 'checkout');
  });
});

describe('scrape targets', () => {
  it('scrapes host:port at /metrics and fills in default ports for instance', () => {
    assert.equal(targetUrl('db-1:9100').toString(), 'http://db-1:9100/metrics');
    assert.equal(instanceOf(targetUrl('https://api.example/m')), 'api.example:443');
    const [one] = scheduledTargets([{ job: 'node', targets: ['db-1:9100'], interval: 15_000, timeout: 10_000, labels: {}, bodyLimitBytes: 1e6 }]);
    assert.equal(one?.instance, 'db-1:9100');
    assert.equal(one?.intervalMs, 15_000);
  });
});
