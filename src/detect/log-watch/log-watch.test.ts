import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogRecord } from '../../signals/index.js';
import { LogWatch } from './log-watch.js';

const T0 = Date.UTC(2026, 2, 1);
const SEC = 1000;
let ids = 0;
const newId = () => `e${++ids}`;

function line(second: number, body: string, severity: LogRecord['severity'] = 'info'): LogRecord {
  return { entityId: 'service:orders', time: T0 + second * SEC, severity, body, attributes: {} };
}

/** Two hours of steady traffic: two request lines and a cache line every few seconds. */
function steady(fromSecond: number, toSecond: number): LogRecord[] {
  const records: LogRecord[] = [];
  for (let s = fromSecond; s < toSecond; s += 5) {
    records.push(line(s, `GET /orders/${s % 97} 200 ${12 + (s % 7)}ms`));
    records.push(line(s + 1, `user ${1000 + (s % 31)} placed order ${s * 3} total ${(s % 50) + 0.99}`));
    if (s % 60 === 0) records.push(line(s + 2, `cache refreshed in ${s % 9}ms entries=${4000 + (s % 11)}`));
  }
  return records;
}

describe('LogWatch', () => {
  it('mines templates, keeps quiet on steady traffic, and alerts once on a new error line that then resolves', () => {
    const watch = new LogWatch({}, newId, () => T0);
    const warm = watch.observe(steady(0, 7200));
    assert.deepEqual(warm.events, [], 'steady traffic raised an alert');
    assert.equal(warm.records.length, warm.records.filter((r) => r.templateId !== '').length);
    assert.ok(watch.templates('service:orders').length <= 4, `too many templates: ${JSON.stringify(watch.templates('service:orders'))}`);

    const failing = [7200, 7210, 7220].map((s) => line(s, `payment gateway timeout after ${30 + s % 3}s for order ${s}`, 'error'));
    const broke = watch.observe([...steady(7200, 7230), ...failing]);
    const firing = broke.events.filter((e) => e.status === 'firing');
    assert.equal(firing.length, 1, JSON.stringify(broke.events));
    assert.equal(firing[0]?.labels.alertname, 'NewErrorLogTemplate');
    const named = broke.anomalies.find((a) => a.detector === 'log.new-error-template')?.templateId;
    assert.equal(firing[0]?.labels.templateId, named, 'the alert names the template its anomaly is about');
    assert.match(watch.templates('service:orders', [named ?? ''])[0]?.template ?? '', /^payment gateway timeout/);
    assert.equal(firing[0]?.severity, 'error');
    assert.match(firing[0]?.annotations.summary ?? '', /payment gateway timeout/);
    assert.ok(broke.anomalies.some((a) => a.detector === 'log.new-error-template'));

    const later = watch.observe(steady(7230, 7230 + 20 * 60));
    const resolved = later.events.filter((e) => e.status === 'resolved');
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0]?.dedupKey, firing[0]?.dedupKey);
  });

  it('keeps templates and counts through snapshot and restore', () => {
    const watch = new LogWatch({}, newId);
    watch.observe(steady(0, 600));
    const copy = new LogWatch({}, newId);
    assert.deepEqual(copy.restore(new Map(watch.checkpoint())), { restored: 1, skipped: 0, problems: [] });
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(byId(copy.templates()), byId(watch.templates()));
    const next = steady(600, 700);
    assert.deepEqual(copy.observe(next).records.map((r) => r.templateId), watch.observe(next).records.map((r) => r.templateId));
  });
});
