import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runRcaBench } from './bench.js';
import { formatRcaReport } from './command.js';

const INJECT = 1_700_000_000;
const SERVICES = ['front', 'cart', 'stock'];

/** 30 minutes of minutely metrics before the inject time and 10 after; `fault` moves the named columns after it. */
function metricsCsv(fault: Record<string, (minute: number) => number>): string {
  const columns = SERVICES.flatMap((service) => [`${service}_cpu`, `${service}_latency-90`]);
  const rows = Array.from({ length: 40 }, (_, i) => {
    const minute = i - 30;
    const values = columns.map((name, c) => {
      const normal = 10 + ((i * 7 + c * 3) % 5);
      const moved = fault[name];
      return minute >= 0 && moved !== undefined ? moved(minute) : normal;
    });
    return [INJECT + minute * 60 + 5, ...values].join(',');
  });
  return [['time', ...columns].join(','), ...rows].join('\n') + '\n';
}

/** front → cart → stock, one trace every 5 s from a minute before the inject time; hops into `slow` take 400 ms after it. */
function tracesCsv(slow: string, extraService?: string): string {
  const lines = ['traceID,spanID,parentSpanID,serviceName,operationName,startTime(us),duration(us),statusCode'];
  for (let i = 0; i < 60; i += 1) {
    const start = (INJECT - 60 + i * 5) * 1e6;
    const hop = (service: string) => (start >= INJECT * 1e6 && service === slow ? 400_000 : 2000 + (i % 3) * 500);
    const trace = i.toString(16).padStart(32, '0');
    const id = (n: number) => `${i.toString(16).padStart(8, '0')}${n.toString(16).padStart(8, '0')}`;
    const stockTime = 5000;
    const cartClient = hop('stock') + stockTime;
    const cartTime = cartClient + 3000;
    const frontClient = hop('cart') + cartTime;
    lines.push(`${trace},${id(1)},,front,GET /,${start},${frontClient + 1000},`);
    lines.push(`${trace},${id(2)},${id(1)},front,HTTP GET,${start + 500},${frontClient},`);
    lines.push(`${trace},${id(3)},${id(2)},cart,GET /cart,${start + 500 + hop('cart')},${cartTime},`);
    lines.push(`${trace},${id(4)},${id(3)},cart,HTTP GET,${start + 1000 + hop('cart')},${cartClient},`);
    lines.push(`${trace},${id(5)},${id(4)},stock,GET /stock,${start + 1000 + hop('cart') + hop('stock')},${stockTime},`);
    if (extraService !== undefined) lines.push(`${trace},${id(6)},${id(5)},${extraService},query,${start + 1100 + hop('cart') + hop('stock')},1000,`);
  }
  return lines.join('\n') + '\n';
}

function writeCase(root: string, name: string, files: Record<string, string>): void {
  mkdirSync(path.join(root, name));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, name, file), text);
}

describe('bench rca', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'opsight-rca-'));
    const truth = (service: string) => JSON.stringify({ service });
    // stock's CPU saturates; cart and front inherit its latency.
    writeCase(root, 'a-cpu', {
      'inject_time.txt': `${INJECT}\n`, 'truth.json': truth('stock'),
      'metrics.csv': metricsCsv({ 'stock_cpu': () => 95, 'stock_latency-90': (m) => (m >= 1 ? 60 : 12), 'cart_latency-90': (m) => (m >= 1 ? 70 : 12), 'front_latency-90': (m) => (m >= 1 ? 80 : 12) }),
    });
    // A network delay at cart's door: visible in traces, not in its metrics; the traces also name a service metrics.csv lacks.
    writeCase(root, 'b-delay', {
      'inject_time.txt': `${INJECT}\n`, 'truth.json': truth('cart'),
      'metrics.csv': metricsCsv({ 'front_latency-90': (m) => (m >= 1 ? 40 : 12) }), 'traces.csv': tracesCsv('cart', 'db'),
      'logs.csv': 'time,service,message,level\n',
    });
    writeCase(root, 'c-no-inject', { 'metrics.csv': metricsCsv({}) });
    writeCase(root, 'd-no-time', { 'inject_time.txt': `${INJECT}\n`, 'metrics.csv': 'when,cart_cpu\n1,2\n' });
    writeCase(root, 'e-outside', { 'inject_time.txt': `${INJECT + 86_400}\n`, 'metrics.csv': metricsCsv({}) });
    writeCase(root, 'f-flat', { 'inject_time.txt': `${INJECT}\n`, 'metrics.csv': `time,cart_cpu,stock_cpu,frontend\n${Array.from({ length: 40 }, (_, i) => `${INJECT + (i - 30) * 60},1,,7`).join('\n')}\n` });
    writeCase(root, 'g-bad-traces', { 'inject_time.txt': `${INJECT}\n`, 'metrics.csv': metricsCsv({}), 'traces.csv': 'traceID,spanID,serviceName\n1,2,cart\n' });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('ranks the saturated callee over its callers on metrics, and the slow door only with traces', () => {
    const report = runRcaBench({ dir: root, signals: ['metrics', 'all'], windowMs: 300_000 });
    const byName = new Map(report.cases.map((c) => [c.name, c]));
    assert.equal(byName.get('a-cpu')?.rankings.metrics?.[0], 'stock');
    assert.equal(byName.get('b-delay')?.rankings.all?.[0], 'cart');
    assert.notEqual(byName.get('b-delay')?.rankings.metrics?.[0], 'cart');
    assert.deepEqual(report.scores.map((s) => [s.signals, s.accuracy.cases, s.accuracy.acAt[0]]), [['metrics', 2, 0.5], ['all', 2, 1]]);
  });

  it('names what is wrong with each unreadable case and goes on with the rest', () => {
    const report = runRcaBench({ dir: root, signals: ['all'], windowMs: 300_000 });
    const failed = Object.fromEntries(report.failed.map((f) => [f.name, f.error]));
    assert.match(failed['c-no-inject'] ?? '', /inject_time\.txt is missing/);
    assert.match(failed['d-no-time'] ?? '', /metrics\.csv has no time or timestamp column/);
    assert.match(failed['e-outside'] ?? '', /outside metrics\.csv/);
    assert.match(failed['g-bad-traces'] ?? '', /traces\.csv has no parentSpanID column/);
    const notes = new Map(report.cases.map((c) => [c.name, c.notes.join('\n')]));
    assert.match(notes.get('f-flat') ?? '', /2 series empty or constant/);
    assert.match(notes.get('f-flat') ?? '', /not named <service>_<metric>, skipped \(frontend\)/);
    assert.match(notes.get('b-delay') ?? '', /names 1 service\(s\) metrics\.csv lacks.*\(db\)/);
    assert.deepEqual(report.cases.map((c) => c.name), ['a-cpu', 'b-delay', 'f-flat']);
    const table = formatRcaReport(report);
    assert.match(table, /e-outside: not ranked: the inject time/);
    assert.match(table, /metrics\+logs\+traces\s+2\s+1\s+1\s+1\s+1/);
  });
});
