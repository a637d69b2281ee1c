import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ExpositionError, parseExposition, parseValue } from './exposition-parser.js';

const fixture = readFileSync(new URL('../../../src/ingest/prometheus/testdata/node.prom', import.meta.url), 'utf8');

function fails(text: string, line: number, problem: RegExp) {
  assert.throws(() => parseExposition(text), (error: unknown) => {
    assert.ok(error instanceof ExpositionError, String(error));
    assert.equal(error.line, line);
    assert.match(error.problem, problem);
    return true;
  });
}

describe('parseExposition', () => {
  const parsed = parseExposition(fixture);

  it('reads every sample of the documented example', () => assert.equal(parsed.samples.length, 17));

  it('reads labels, values and timestamps', () => {
    assert.deepEqual(parsed.samples[0], { name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestampMs: 1395066363000 });
    assert.equal(parsed.samples[1]?.value, 3);
  });

  it('unescapes backslashes, quotes and newlines in label values', () => {
    assert.deepEqual(parsed.samples[2]?.labels, { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
    assert.equal(parsed.samples[2]?.value, 1.458255915e9);
  });

  it('reads a line without labels or timestamp', () => assert.deepEqual(parsed.samples[3], { name: 'metric_without_timestamp_and_labels', labels: {}, value: 12.47, timestampMs: undefined }));

  it('reads +Inf, -Inf and NaN values and negative timestamps', () => {
    assert.equal(parsed.samples[4]?.value, Infinity);
    assert.equal(parsed.samples[4]?.timestampMs, -3982045);
    assert.ok(Number.isNaN(parsed.samples[12]?.value));
    assert.equal(parsed.samples[15]?.value, -Infinity);
  });

  it('reads histograms and summaries as their sample series', () => {
    const names = parsed.samples.map((sample) => sample.name);
    assert.deepEqual(names.filter((name) => name.startsWith('http_request_duration')), [
      'http_request_duration_seconds_bucket', 'http_request_duration_seconds_bucket', 'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_sum', 'http_request_duration_seconds_count']);
    assert.equal(parsed.samples[7]?.labels.le, '+Inf');
    assert.equal(parsed.samples[11]?.labels.quantile, '0.5');
  });

  it('accepts a trailing comma in the label set', () => assert.deepEqual(parsed.samples[15]?.labels, { job: 'inner', instance: 'x:1' }));

  it('reads TYPE and HELP', () => {
    assert.equal(parsed.types.get('http_requests_total'), 'counter');
    assert.equal(parsed.types.get('rpc_duration_seconds'), 'summary');
    assert.equal(parsed.types.get('process_open_fds'), 'gauge');
    assert.equal(parsed.help.get('http_request_duration_seconds'), 'A histogram of the request duration.');
  });

  it('unescapes HELP text', () => assert.equal(parseExposition('# HELP x a\\\\b\\nc\nx 1').help.get('x'), 'a\\b\nc'));
  it('accepts CRLF line ends, tabs and blank lines', () => assert.deepEqual(parseExposition('x{a="1"}\t2\r\n\r\n  y 3\r\n').samples.map((s) => s.value), [2, 3]));
  it('stops at an OpenMetrics # EOF', () => assert.equal(parseExposition('x 1\n# EOF\n').samples.length, 1));
  it('ignores other comments', () => assert.equal(parseExposition('# just a note\n#TYPE? no\nx 1').samples.length, 1));
  it('parses an empty exposition', () => assert.deepEqual(parseExposition('').samples, []));
  it('keeps unknown escapes as written', () => assert.equal(parseExposition('x{a="t\\tab"} 1').samples[0]?.labels.a, 't\\tab'));

  it('rejects a label value that is not closed', () => fails('ok 1\nx{a="1} 2', 2, /not closed/));
  it('rejects an unquoted label value', () => fails('x{a=1} 2', 1, /expected "/));
  it('rejects a missing value', () => fails('x{a="1"}', 1, /no value/));
  it('rejects a value that is not a number', () => fails('x 12abc', 1, /invalid value "12abc"/));
  it('rejects a timestamp that is not integer milliseconds', () => fails('x 1 1.5', 1, /invalid timestamp "1.5"/));
  it('rejects text after the timestamp', () => fails('x 1 2 3', 1, /unexpected "3"/));
  it('rejects a bad metric name', () => fails('9x 1', 1, /metric name/));
  it('rejects a bad label name', () => fails('x{9a="1"} 1', 1, /label name/));
  it('rejects a duplicate label', () => fails('x{a="1",a="2"} 1', 1, /duplicate label name a/));
  it('rejects a missing comma between labels', () => fails('x{a="1" b="2"} 1', 1, /expected , or }/));
  it('rejects an unknown TYPE', () => fails('# TYPE x countr\nx 1', 1, /unknown metric type "countr"/));
  it('rejects a second TYPE line for a family', () => fails('# TYPE x counter\n# TYPE x gauge', 2, /second TYPE/));
});

describe('parseValue', () => {
  it('reads Go float spellings', () => {
    assert.equal(parseValue('1e+06'), 1e6);
    assert.equal(parseValue('-.5'), -0.5);
    assert.equal(parseValue('+Inf'), Infinity);
    assert.equal(parseValue('-Inf'), -Infinity);
    assert.ok(Number.isNaN(parseValue('NaN')));
  });
  it('refuses what is not a number', () => {
    assert.equal(parseValue(''), undefined);
    assert.equal(parseValue('0x10'), undefined);
    assert.equal(parseValue('1,5'), undefined);
  });
});
