import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../signals/index.js';
import { Inhibition, inhibitRuleSchema } from './inhibition.js';

const T0 = Date.UTC(2026, 4, 1, 8);

function alert(fingerprint: string, overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint, status: 'firing', severity: 'warning', entityId: 'service:cart', source: 'alertmanager', title: 'HighLatency', labels: { cluster: 'eu' },
    annotations: {}, firstSeen: T0, lastSeen: T0, activeSince: T0, resolvedAt: null, count: 1, incidentId: null, url: null, ...overrides,
  };
}

const rules = [inhibitRuleSchema.parse({ sourceMatchers: ['severity=critical'], targetMatchers: ['severity=~warning|info'], equal: ['entity', 'cluster'] })];

describe('inhibition', () => {
  it('inhibits a target while a firing source with the same equal labels exists', () => {
    const inhibition = new Inhibition(rules);
    const source = alert('src', { severity: 'critical', title: 'ServiceDown' });
    inhibition.observe(source);
    assert.deepEqual(inhibition.inhibitorOf(alert('target')), { rule: 0, source: { fingerprint: 'src', title: 'ServiceDown', labels: { alertname: 'ServiceDown', entity: 'service:cart', severity: 'critical', source: 'alertmanager', cluster: 'eu' } } });
    assert.equal(inhibition.inhibitorOf(alert('other-cluster', { labels: { cluster: 'us' } })), undefined);
    assert.equal(inhibition.inhibitorOf(alert('other-entity', { entityId: 'service:ledger' })), undefined);
    inhibition.observe({ ...source, status: 'resolved' });
    assert.equal(inhibition.inhibitorOf(alert('target')), undefined, 'a resolved source inhibits nothing');
  });

  it('counts a label both alerts lack as equal, and never lets an alert inhibit itself', () => {
    const inhibition = new Inhibition([inhibitRuleSchema.parse({ sourceMatchers: ['alertname=~.+'], targetMatchers: ['alertname=~.+'], equal: ['zone'] })]);
    inhibition.observe(alert('a'));
    assert.equal(inhibition.inhibitorOf(alert('a')), undefined);
    assert.equal(inhibition.inhibitorOf(alert('b'))?.source.fingerprint, 'a');
  });

  it('refuses a rule with an invalid regex, naming the matcher', () => {
    const result = inhibitRuleSchema.safeParse({ sourceMatchers: ['severity=~(critical'], targetMatchers: ['severity=warning'] });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues[0]?.path, ['sourceMatchers', 0]);
  });
});
