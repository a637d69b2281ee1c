import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { QueryRangeError, planChunks, samplesOfMatrix } from './query-range.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../src/ingest/prometheus/testdata/${name}`, import.meta.url), 'utf8')) as unknown;
const T = Date.UTC(2026, 0, 1);

describe('planChunks', () => {
  it('keeps a short range in one request', () => assert.deepEqual(planChunks({ start: T, end: T + 3_600_000 }, 60_000), [{ start: T, end: T + 3_600_000 }]));

  it('splits 7 days at 15s into requests under 11,000 points, covering every step once', () => {
    const range = { start: T, end: T + 7 * 86_400_000 };
    const chunks = planChunks(range, 15_000);
    assert.equal(chunks.length, 5);
    for (const chunk of chunks) assert.ok((chunk.end - chunk.start) / 15_000 + 1 <= 10_000);
    const points = chunks.reduce((sum, c) => sum + Math.floor((c.end - c.start) / 15_000) + 1, 0);
    assert.equal(points, 7 * 86_400_000 / 15_000 + 1);
    for (let i = 1; i < chunks.length; i++) assert.equal(chunks[i]?.start, (chunks[i - 1]?.end ?? 0) + 15_000);
    assert.equal(chunks.at(-1)?.end, range.end);
  });

  it('refuses a zero step, a backwards range and too many points per request', () => {
    assert.throws(() => planChunks({ start: T, end: T + 1 }, 0), QueryRangeError);
    assert.throws(() => planChunks({ start: T, end: T - 1 }, 1000), /ends .* before it starts/);
    assert.throws(() => planChunks({ start: T, end: T + 1 }, 1000, 11_001), /points per request/);
  });
});

describe('samplesOfMatrix', () => {
  it('turns a matrix into samples with entity, labels, kind and millisecond times', () => {
    const { samples, skipped, warnings } = samplesOfMatrix(fixture('query-range-matrix.json'), 'q');
    assert.equal(samples.length, 3);
    assert.equal(skipped, 1);
    assert.deepEqual(warnings, []);
    assert.deepEqual(samples[0], { entityId: 'host:web-1', metric: 'http_requests_total', kind: 'counter', time: 1767225600000, value: 10, labels: { job: 'api', instance: 'web-1:8080' } });
    assert.equal(samples[1]?.time, 1767225660500);
  });

  it('names a result without __name__ after the query, as a gauge', () => {
    const { samples } = samplesOfMatrix(fixture('query-range-matrix.json'), 'rate(http_requests_total[5m])');
    assert.equal(samples[2]?.metric, 'rate(http_requests_total[5m])');
    assert.equal(samples[2]?.kind, 'gauge');
  });

  it('reports an API error with its type and message', () => {
    assert.throws(() => samplesOfMatrix(fixture('query-range-error.json'), 'q', 400), (error: unknown) => {
      assert.ok(error instanceof QueryRangeError);
      assert.equal(error.errorType, 'bad_data');
      assert.equal(error.status, 400);
      assert.match(error.message, /HTTP 400, bad_data\): .*exceeded maximum resolution of 11,000 points/);
      return true;
    });
  });

  it('refuses a vector answer', () => assert.throws(() => samplesOfMatrix({ status: 'success', data: { resultType: 'vector', result: [] } }, 'q'), /returned a vector, expected a matrix/));
  it('refuses something that is not an API response', () => assert.throws(() => samplesOfMatrix({ hello: 1 }, 'q'), /not a Prometheus API response/));
  it('refuses a value that is not a number', () => assert.throws(() => samplesOfMatrix({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1767225600, 'abc']] }] } }, 'q'), /value "abc"/));
  it('refuses timestamps in milliseconds', () => assert.throws(() => samplesOfMatrix({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1767225600000, '1']] }] } }, 'q'), /not unix seconds/));
});
