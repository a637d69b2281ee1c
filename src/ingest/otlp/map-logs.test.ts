import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeExport } from './decode.js';
import { encodeLogsProto } from './encode-proto.js';
import { fixture } from './fixtures.js';
import { logsRequestJson } from './json-logs.js';
import { mapLogs, severityOf } from './map-logs.js';
import type { OtlpLogRecord } from './model.js';
import { decodeLogsProto } from './proto-logs.js';
import { logsSignal } from './signals.js';

const record = (overrides: Partial<OtlpLogRecord>): OtlpLogRecord => ({
  timeMs: Date.UTC(2026, 0, 1), observedTimeMs: 0, severityNumber: 9, severityText: '', body: 'x', attributes: [], traceId: '', spanId: '', ...overrides,
});

describe('mapLogs', () => {
  it('maps the JSON fixture: severity, body, attributes, trace context, observed time as fallback', () => {
    const { items, rejections } = decodeExport(logsSignal, 'json', fixture('logs'));
    assert.equal(rejections.count, 0);
    assert.deepEqual(items[0], {
      entityId: 'host:db-1', time: 1544712660300, severity: 'error', body: 'disk full on /var',
      attributes: { mount: '/var', trace_id: '5b8efff798038103d269b633813fc60c', span_id: 'eee19b7ec3c1b174' },
    });
    assert.deepEqual([items[1]?.time, items[1]?.severity, items[1]?.body], [1544712661000, 'warning', '{"event":"slow query","ms":1200}']);
    assert.equal(items[2]?.severity, 'critical');
  });

  it('decodes the same records from protobuf as from JSON', () => {
    const fromJson = logsRequestJson.parse(JSON.parse(fixture('logs').toString('utf8')));
    assert.deepEqual(mapLogs(decodeLogsProto(encodeLogsProto(fromJson))), mapLogs(fromJson));
  });

  it('maps severity numbers by band and falls back to the text', () => {
    const bands = [1, 5, 9, 13, 16, 17, 21, 24].map((severityNumber) => severityOf({ severityNumber, severityText: '' }));
    assert.deepEqual(bands, ['info', 'info', 'info', 'warning', 'warning', 'error', 'critical', 'critical']);
    assert.equal(severityOf({ severityNumber: 0, severityText: 'CRIT' }), 'critical');
    assert.equal(severityOf({ severityNumber: 0, severityText: '' }), 'info');
  });

  it('stringifies non-string bodies (bytes as base64, arrays as JSON)', () => {
    const { items } = mapLogs([{ resource: [], items: [record({ body: new Uint8Array([1, 2, 3]) }), record({ body: [1, 'a'] }), record({ body: null })] }]);
    assert.deepEqual(items.map((item) => item.body), ['AQID', '[1,"a"]', '']);
  });

  it('rejects a record with no time at all, and one with an absurd time, naming them', () => {
    const { items, rejections } = mapLogs([{ resource: [], items: [record({ timeMs: 0 }), record({ timeMs: 5 }), record({})] }]);
    assert.equal(items.length, 1);
    assert.match(rejections.message('log records'), /log record 0: neither time_unix_nano nor observed_time_unix_nano is set; resource 0, log record 1: time_unix_nano 5000000 ns is outside/);
  });
});
