import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event } from '../../signals/index.js';
import { AlertGroups, type GroupMember } from './alert-groups.js';

const MIN = 60_000;
const entity = 'service:checkout';
let ids = 0;

function member(metric: string, since: number): GroupMember {
  return { metric, labels: {}, severity: 'warning', since, summary: '' };
}

function groups(): AlertGroups {
  return new AlertGroups(() => `id-${++ids}`, () => 0);
}

const lifeOf = (events: Event[]) => events.map((e) => [e.status, e.startsAt, e.endsAt]);

describe('AlertGroups', () => {
  it('fires once for the series of one problem that fire together, and resolves with the last', () => {
    const alerts = groups();
    assert.equal(alerts.fire(entity, 'latency', 'p50', member('p50', 0), 0).length, 1);
    assert.deepEqual(alerts.fire(entity, 'latency', 'p99', member('p99', MIN), MIN), []);
    assert.deepEqual(alerts.resolve(entity, 'latency', 'p50', 5 * MIN), []);
    assert.deepEqual(lifeOf(alerts.resolve(entity, 'latency', 'p99', 6 * MIN)), [['resolved', 0, 6 * MIN]]);
  });

  it('ends the alert and starts a new one when a series fires while every series of it is normal again', () => {
    const alerts = groups();
    alerts.fire(entity, 'latency', 'p50', member('p50', 0), 0);
    alerts.settle(entity, 'latency', 'p50', true, MIN);
    alerts.settle(entity, 'latency', 'p50', true, 2 * MIN);
    const next = alerts.fire(entity, 'latency', 'edge', member('edge', 3 * MIN), 3 * MIN);
    assert.deepEqual(lifeOf(next), [['resolved', 0, MIN], ['firing', 3 * MIN, undefined]], 'ended when its series became normal, before the new one began');
    assert.deepEqual(alerts.resolve(entity, 'latency', 'p50', 5 * MIN), [], 'the calm series was still part of the new alert');
  });

  it('keeps one alert when a series fires while another of it is still unusual', () => {
    const alerts = groups();
    alerts.fire(entity, 'latency', 'p50', member('p50', 0), 0);
    alerts.fire(entity, 'latency', 'p99', member('p99', 0), 0);
    alerts.settle(entity, 'latency', 'p50', true, MIN);
    alerts.settle(entity, 'latency', 'p99', true, MIN);
    alerts.settle(entity, 'latency', 'p99', false, 2 * MIN);
    assert.deepEqual(alerts.fire(entity, 'latency', 'edge', member('edge', 3 * MIN), 3 * MIN), []);
  });
});
