import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prometheusConfigSchema } from './config.js';

function issues(input: unknown): string[] {
  const result = prometheusConfigSchema.safeParse(input);
  assert.equal(result.success, false);
  return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
}

describe('prometheusConfigSchema', () => {
  it('generates the defaults from nothing', () => {
    assert.deepEqual(prometheusConfigSchema.parse(undefined), {
      remoteWrite: { maxDecodedBytes: 32 * 1024 * 1024, maxSeriesPerRequest: 100_000, maxSamplesPerRequest: 1_000_000, maxLabelsPerSeries: 128, maxLabelNameBytes: 1024, maxLabelValueBytes: 4096 },
      scrape: [],
    });
  });

  it('reads remote-write limits and refuses a limit below one', () => {
    assert.equal(prometheusConfigSchema.parse({ remoteWrite: { maxLabelsPerSeries: '64' } }).remoteWrite.maxLabelsPerSeries, 64);
    assert.match(issues({ remoteWrite: { maxSamplesPerRequest: 0 } }).join(), /remoteWrite\.maxSamplesPerRequest/);
  });

  it('reads a scrape job with durations and defaults the timeout to min(10s, interval)', () => {
    const config = prometheusConfigSchema.parse({ scrape: [{ job: 'node', targets: ['db-1:9100', 'https://api.example/metrics'], interval: '5s', labels: { env: 'prod' } }] });
    assert.deepEqual(config.scrape[0], { job: 'node', targets: ['db-1:9100', 'https://api.example/metrics'], interval: 5000, timeout: 5000, labels: { env: 'prod' }, bodyLimitBytes: 16 * 1024 * 1024 });
    assert.equal(prometheusConfigSchema.parse({ scrape: [{ job: 'n', targets: ['a:1'] }] }).scrape[0]?.timeout, 10_000);
  });

  it('reads backfill with defaults', () => {
    const config = prometheusConfigSchema.parse({ backfill: { url: 'http://prometheus:9090', queries: ['up', { query: 'rate(x[5m])', name: 'x_rate' }] } });
    assert.deepEqual(config.backfill, {
      url: 'http://prometheus:9090', lookback: 7 * 86_400_000, step: 60_000, headers: {}, timeout: 60_000,
      queries: [{ query: 'up', name: undefined }, { query: 'rate(x[5m])', name: 'x_rate' }],
    });
  });

  it('names a timeout longer than the interval', () => assert.deepEqual(issues({ scrape: [{ job: 'n', targets: ['a:1'], interval: '5s', timeout: '10s' }] }), ['scrape.0.timeout: timeout must not be longer than interval']));
  it('names a bad duration', () => assert.match(issues({ scrape: [{ job: 'n', targets: ['a:1'], interval: 'often' }] }).join(), /scrape\.0\.interval: not a duration/));
  it('names a target that is not a URL', () => assert.match(issues({ scrape: [{ job: 'n', targets: ['ftp://x/'] }] }).join(), /scrape\.0\.targets\.0: not an http\(s\) URL/));
  it('refuses duplicate job names', () => assert.match(issues({ scrape: [{ job: 'n', targets: ['a:1'] }, { job: 'n', targets: ['b:1'] }] }).join(), /job names must be unique/));
  it('refuses job or instance among the extra labels', () => assert.match(issues({ scrape: [{ job: 'n', targets: ['a:1'], labels: { job: 'x' } }] }).join(), /scrape\.0\.labels/));
  it('refuses unknown keys', () => assert.match(issues({ scrap: [] }).join(), /Unrecognized key/));
  it('refuses a backfill URL that is not http', () => assert.match(issues({ backfill: { url: 'prometheus:9090' } }).join(), /backfill\.url/));
});
