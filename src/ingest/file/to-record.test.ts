import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileInputSchema } from './config.js';
import { guessSeverity } from './guess-severity.js';
import { lineTime } from './line-time.js';
import { entityOfInput, fileAttributes, toFileRecord } from './to-record.js';

const readAt = Date.UTC(2026, 10, 26, 12);

describe('guessSeverity', () => {
  const cases: [string, string][] = [
    ['2026-11-26 10:00:00 ERROR payment failed', 'error'],
    ['2026-11-26T10:00:00Z [warn] disk 91% full', 'warning'],
    ['level=info msg="request failed with error"', 'info'],
    ['{"level":"error","msg":"boom"}', 'error'],
    ['FATAL: could not start', 'critical'],
    ['E1126 10:00:00.123456    1 main.go:12] dial failed', 'error'],
    ['W1126 10:00:00.123456    1 main.go:12] retrying', 'warning'],
    ['Exception in thread "main" java.lang.NullPointerException', 'info'],
    ['WARNING: deprecated flag', 'warning'],
    ['no level word in here', 'info'],
    ['errors happen', 'info'],
  ];
  for (const [line, severity] of cases) it(`reads ${JSON.stringify(line)} as ${severity}`, () => assert.equal(guessSeverity(line), severity));

  it('looks only at the first 256 characters', () => {
    assert.equal(guessSeverity(`${'x'.repeat(300)} ERROR`), 'info');
  });
});

describe('lineTime', () => {
  it('reads a leading RFC 3339 or ISO timestamp, bracketed or not', () => {
    assert.equal(lineTime('2026-11-26T10:00:00.250Z GET /', readAt, 0), Date.UTC(2026, 10, 26, 10, 0, 0, 250));
    assert.equal(lineTime('[2026-11-26 10:00:00] x', readAt, 0), Date.UTC(2026, 10, 26, 10));
    assert.equal(lineTime('2026-11-26 11:00:00,123 x', readAt, 60), Date.UTC(2026, 10, 26, 10));
  });

  it("reads syslog's BSD timestamp at the start (e.g. /var/log/syslog)", () => {
    assert.equal(lineTime('Nov 26 09:30:00 web-1 sshd[1]: x', readAt, 0), Date.UTC(2026, 10, 26, 9, 30));
  });

  it('reads the time of web server access logs', () => {
    assert.equal(lineTime('10.0.0.1 - alice [26/Nov/2026:10:00:00 +0100] "GET / HTTP/1.1" 200 612', readAt, 0), Date.UTC(2026, 10, 26, 9));
  });

  it('falls back to the read time for lines without a timestamp, or an absurd one', () => {
    assert.equal(lineTime('hello', readAt, 0), readAt);
    assert.equal(lineTime('1970-01-01T00:00:00Z boot', readAt, 0), readAt);
    assert.equal(lineTime('12345 things', readAt, 0), readAt);
  });
});

describe('toFileRecord', () => {
  it('uses entity, then service, then this host', () => {
    assert.equal(entityOfInput(fileInputSchema.parse({ path: '/x', entity: 'pod:shop/web-1', service: 'web' }), 'vm'), 'pod:shop/web-1');
    assert.equal(entityOfInput(fileInputSchema.parse({ path: '/x', service: 'checkout' }), 'vm'), 'service:checkout');
    assert.equal(entityOfInput(fileInputSchema.parse({ path: '/x' }), 'vm'), 'host:vm');
  });

  it('builds the record with labels, path and flags', () => {
    const input = fileInputSchema.parse({ path: '/var/log/app.log', service: 'checkout', labels: { team: 'payments' } });
    const base = fileAttributes(input, '/var/log/app.log', 'vm');
    const record = toFileRecord({ text: '2026-11-26T10:00:00Z WARN slow', truncated: true, invalidUtf8: false, end: 10 }, 'service:checkout', base,
      { readAt, hostname: 'vm', path: '/var/log/app.log', offsetMinutes: 0 });
    assert.deepEqual(record, {
      entityId: 'service:checkout', time: Date.UTC(2026, 10, 26, 10), severity: 'warning', body: '2026-11-26T10:00:00Z WARN slow',
      attributes: { team: 'payments', 'log.file.path': '/var/log/app.log', 'host.name': 'vm', 'service.name': 'checkout', 'log.truncated': true },
    });
    assert.equal(base['log.truncated'], undefined);
  });
});
