import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Anomaly, Event } from '../../signals/index.js';
import { FindingAlerts } from './finding-alerts.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1);
let ids = 0;

function burst(minute: number): Anomaly {
  const time = T0 + minute * MIN;
  return { id: `a-${minute}`, detector: 'log.error-burst', signal: 'log', entityId: 'service:checkout', subject: 'error lines', time, since: time - MIN, score: 0.99, explanation: 'a burst' };
}

const lifeOf = (events: Event[]) => events.map((e) => [e.status, (e.startsAt ?? 0) - T0, e.endsAt === undefined ? undefined : e.endsAt - T0]);

describe('FindingAlerts', () => {
  const alerts = () => new FindingAlerts(15 * MIN, 3 * MIN, () => `id-${++ids}`, () => T0);

  it('fires once for findings that keep coming, and resolves after the quiet period', () => {
    const open = alerts();
    assert.deepEqual(lifeOf(open.found(burst(1), 'LogErrorBurst', 'Burst')), [['firing', 0, undefined]]);
    assert.deepEqual(open.found(burst(2), 'LogErrorBurst', 'Burst'), []);
    assert.deepEqual(open.found(burst(4), 'LogErrorBurst', 'Burst'), []);
    assert.deepEqual(open.advance('service:checkout', T0 + 18 * MIN), []);
    assert.deepEqual(lifeOf(open.advance('service:checkout', T0 + 19 * MIN)), [['resolved', 0, 19 * MIN]]);
  });

  it('ends the alert at its last finding and fires a new one when the finding comes back after a pause', () => {
    const open = alerts();
    open.found(burst(1), 'LogErrorBurst', 'Burst');
    open.found(burst(2), 'LogErrorBurst', 'Burst');
    const back = open.found(burst(9), 'LogErrorBurst', 'Burst');
    assert.deepEqual(lifeOf(back), [['resolved', 0, 2 * MIN], ['firing', 8 * MIN, undefined]]);
    assert.equal(new Set(back.map((e) => e.dedupKey)).size, 1, 'one alert identity, two episodes');
  });
});
