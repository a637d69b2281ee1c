import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../signals/index.js';
import type { DedupResult } from '../alerts/index.js';
import { flappingConfigSchema } from './flapping.js';
import { Inhibition } from './inhibition.js';
import { compileWindow } from './maintenance.js';
import { matcherField } from './matchers.js';
import type { Screening } from './screen.js';
import { screenAlert } from './screen.js';
import { compileSilence } from './silences.js';

const T0 = Date.UTC(2026, 4, 1, 8);
const MIN = 60_000;
const matchers = [matcherField.parse('service=cart')];

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'fp', status: 'firing', severity: 'warning', entityId: 'service:cart', source: 'alertmanager', title: 'HighLatency', labels: { service: 'cart' },
    annotations: {}, firstSeen: T0, lastSeen: T0, activeSince: T0, resolvedAt: null, count: 1, incidentId: null, url: null, ...overrides,
  };
}

const none: Screening = { silences: [], windows: [], inhibition: new Inhibition([]), flapping: flappingConfigSchema.parse({}) };
const silenced: Screening = {
  ...none, silences: [compileSilence({ id: 's1', matchers, startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'ana', comment: 'deploy', createdAt: T0, updatedAt: T0 })],
};
const result = (transition: DedupResult['transition'], overrides: Partial<Alert> = {}): DedupResult => ({ transition, alert: alert(overrides) });

describe('screenAlert', () => {
  it('passes an alert nothing holds to grouping as it came, marked not suppressed', () => {
    const screened = screenAlert(result('firing'), none);
    assert.equal(screened.transition, 'firing');
    assert.equal(screened.alert.suppressed, null);
    assert.deepEqual(screened.alert.recentChanges, [T0]);
  });

  it('holds a silenced alert back from grouping, with the reason, out of its previous episode\'s incident', () => {
    const screened = screenAlert(result('firing', { incidentId: 'inc_old' }), silenced);
    assert.equal(screened.transition, 'stale');
    assert.deepEqual(screened.alert.suppressed, { kind: 'silence', by: 's1', reason: 'silenced by s1 (deploy)' });
    assert.equal(screened.alert.incidentId, null);
  });

  it('groups an alert held when it started at its first report after the silence ends', () => {
    const later = screenAlert(result('repeated', { lastSeen: T0 + 61 * MIN, suppressed: { kind: 'silence', by: 's1', reason: 'silenced' } }), silenced);
    assert.equal(later.transition, 'firing');
    assert.equal(later.alert.suppressed, null);
  });

  it('lets a resolution reach the incident, keeping the reason its episode was held for', () => {
    const held = { kind: 'silence' as const, by: 's1', reason: 'silenced' };
    const screened = screenAlert(result('resolved', { status: 'resolved', resolvedAt: T0 + MIN, incidentId: 'inc_1', suppressed: held }), silenced);
    assert.equal(screened.transition, 'resolved');
    assert.deepEqual(screened.alert.suppressed, held);
  });

  it('prefers a maintenance window to a silence, and names the window', () => {
    const window = compileWindow({ id: 'w1', matchers, startsAt: T0, endsAt: T0 + MIN, recurrence: null, createdBy: 'ana', comment: 'db upgrade', createdAt: T0 });
    assert.deepEqual(screenAlert(result('firing'), { ...silenced, windows: [window] }).alert.suppressed, { kind: 'maintenance', by: 'w1', reason: 'in maintenance window w1 (db upgrade)' });
  });

  it('holds an alert that flaps, and releases it once stable', () => {
    let current: Alert | undefined;
    const transitions: string[] = [];
    for (const [minute, status] of [[0, 'firing'], [2, 'resolved'], [4, 'firing'], [6, 'resolved'], [8, 'firing']] as const) {
      const at = T0 + minute * MIN;
      const next = status === 'firing'
        ? alert({ ...current, status, activeSince: at, lastSeen: at, resolvedAt: null })
        : alert({ ...current, status, resolvedAt: at, lastSeen: at });
      const screened = screenAlert({ transition: status, alert: next }, none);
      transitions.push(screened.transition);
      current = screened.alert;
    }
    assert.deepEqual(transitions, ['firing', 'resolved', 'firing', 'resolved', 'stale']);
    assert.equal(current?.suppressed?.kind, 'flapping');
    const stable = screenAlert({ transition: 'repeated', alert: { ...current, lastSeen: T0 + 23 * MIN } }, none);
    assert.equal(stable.transition, 'firing');
  });
});
