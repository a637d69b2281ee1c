import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FuzzReport, ProtocolReport } from './report.js';
import { emptyProtocolReport, failuresOf, formatFuzzTable } from './report.js';

function protocol(name: string, change: Partial<ProtocolReport>): ProtocolReport {
  return { ...emptyProtocolReport(name), sent: 100, accepted: 10, refused: { 400: 90 }, seconds: 1, ...change };
}

function report(protocols: ProtocolReport[]): FuzzReport {
  return { benchmark: 'fuzz', seed: 1, count: 100, concurrency: 8, out: '/tmp/out', protocols, failures: failuresOf(protocols) };
}

describe('fuzz report', () => {
  it('passes with refusals, overload and connection errors only', () => {
    assert.deepEqual(failuresOf([protocol('events', { overload: 5, connectionErrors: 2, refused: { 400: 80, 413: 5 } })]), []);
    assert.match(formatFuzzTable(report([protocol('events', {})])), /no crash, 5xx or stall/);
  });

  it('fails on a 5xx', () => {
    const failures = failuresOf([protocol('remote-write', { serverErrors: { 500: 3 } })]);
    assert.deepEqual(failures, ['remote-write: 3 × HTTP 500']);
  });

  it('fails on a crash, naming the saved inputs, and on a stall', () => {
    const failures = failuresOf([
      protocol('otlp-logs-proto', { crashes: [{ code: null, signal: 'SIGABRT', lastLines: ['FATAL'], inputs: ['/tmp/out/otlp-logs-proto/crash-3.bin'] }] }),
      protocol('syslog-tcp', { stalls: 2, maxHealthzMs: 1500 }),
    ]);
    assert.equal(failures.length, 2);
    assert.match(failures[0] ?? '', /otlp-logs-proto: crash \(exit SIGABRT\).*crash-3\.bin/);
    assert.match(failures[1] ?? '', /syslog-tcp: 2 stalled .* 1500 ms/);
  });

  it('prints one row per protocol with refusals by status, and the failures', () => {
    const text = formatFuzzTable(report([protocol('grafana', { serverErrors: { 502: 1 }, errorLogs: { 'RangeError: Maximum call stack size exceeded': 1 } })]));
    assert.match(text, /^grafana +100 +10 +400:90 /m);
    assert.match(text, /grafana: 1 × RangeError: Maximum call stack size exceeded/);
    assert.match(text, /FAILED:\n {2}grafana: 1 × HTTP 502/);
  });
});
