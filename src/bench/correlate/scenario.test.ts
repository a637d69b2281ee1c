/** Tests of the scenario format: what a line becomes, and the errors that name the file and line. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenario, firingAlertOf } from './scenario.js';

const T = '2026-03-02T10:00:00.000Z';
const line = (value: unknown) => JSON.stringify(value);
const span = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), service: 'gateway', name: 'call checkout', kind: 'client', start: T, end: T };

function errorOf(text: string): string {
  try {
    parseScenario(text, 'demo', 'dir/demo.jsonl');
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
}

describe('parseScenario', () => {
  it('normalises each kind of line as the API would, in the order of `at`', () => {
    const text = [
      line({ at: '2026-03-02T10:00:05Z', event: { title: 'HighLatency', entity: 'service:gateway', time: '2026-03-02T10:00:04Z' }, truth: 'x' }),
      line({ at: T, alertmanager: { status: 'firing', labels: { alertname: 'HighErrorRate', service: 'checkout' }, startsAt: T }, truth: 'x' }),
      '',
      line({ at: T, span }),
      line({ at: T, sample: { metric: 'kube_pod_info', labels: { pod: 'checkout-1', namespace: 'shop', service: 'checkout' }, value: 1 } }),
      line({ at: T, event: { kind: 'change', title: 'deploy checkout v2', entity: 'service:checkout' } }),
    ].join('\n');
    const { name, steps } = parseScenario(text, 'demo');
    assert.equal(name, 'demo');
    assert.deepEqual(steps.map((step) => step.line), [2, 4, 5, 6, 1]);
    const [alertmanager, spans, samples, change, event] = steps;
    const fromAlertmanager = firingAlertOf(alertmanager!);
    assert.equal(fromAlertmanager?.source, 'alertmanager');
    assert.equal(fromAlertmanager?.entityId, 'service:checkout');
    assert.equal(fromAlertmanager?.id, 'demo:2');
    assert.equal(alertmanager?.truth, 'x');
    assert.equal(spans?.batch.spans?.[0]?.entityId, 'service:gateway');
    assert.equal(samples?.batch.samples?.[0]?.time, Date.parse(T));
    assert.equal(firingAlertOf(change!), undefined);
    assert.equal(change?.batch.events?.[0]?.time, Date.parse(T), 'an event without a time happens when it is received');
    assert.equal(firingAlertOf(event!)?.time, Date.parse('2026-03-02T10:00:04Z'));
  });

  it('names the file and line of a bad line, and what is wrong with it', () => {
    const good = line({ at: T, span });
    assert.match(errorOf(`${good}\n{"at": 1`), /^dir\/demo\.jsonl:2: not JSON: /);
    assert.match(errorOf(line({ at: T, span, truh: 'x' })), /^dir\/demo\.jsonl:1: .*truh/);
    assert.match(errorOf(line({ at: T, span: { ...span, spanId: 'xyz' } })), /^dir\/demo\.jsonl:1: span\.spanId: must be 16 lowercase hex digits$/);
    assert.match(errorOf(line({ at: 'yesterday', span })), /^dir\/demo\.jsonl:1: at: not a valid timestamp/);
    assert.match(errorOf(line({ at: T })), /:1: a line holds exactly one of event, alertmanager, span, sample; this one holds none$/);
    assert.match(errorOf(line({ at: T, span, sample: {} })), /this one holds span and sample$/);
    assert.match(errorOf(line({ at: T, event: { title: 'x', entity: 'service:a' } })), /:1: truth: an alert line needs the key of its true incident$/);
    assert.match(errorOf(line({ at: T, span, truth: 'x' })), /:1: truth: only alert lines have a true incident$/);
    assert.match(errorOf(line({ at: T, alertmanager: { status: 'firing', labels: {} , startsAt: 'soon' }, truth: 'x' })), /:1: alertmanager\.startsAt: not a valid RFC 3339 timestamp/);
    assert.match(errorOf(line({ at: T, span: { ...span, end: '2026-03-02T09:00:00Z' } })), /:1: span\.end: must not be before span\.start$/);
    assert.equal(errorOf('\n\n'), 'dir/demo.jsonl: no lines');
  });
});
