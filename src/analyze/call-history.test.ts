import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Call } from '../topology/call.js';
import { CallHistory } from './call-history.js';

const T0 = Date.UTC(2026, 3, 1, 12);
const MIN = 60_000;

const call = (time: number): Call => ({ caller: { entityId: 'web', service: 'web' }, callee: { entityId: 'api', service: 'api' }, kind: 'service', time, durationMs: 5, error: false });

/** One call every 10 s of event time for `minutes` from T0. */
const minutesOfCalls = (history: CallHistory, minutes: number) => {
  for (let second = 0; second < minutes * 60; second += 10) history.add([call(T0 + second * 1000)]);
};

describe('CallHistory', () => {
  it('drops the minutes older than the retention behind the latest call', () => {
    const history = new CallHistory({ retainMs: 10 * MIN });
    minutesOfCalls(history, 60);
    assert.equal(history.between(T0, T0 + 40 * MIN).length, 0);
    assert.ok(history.between(T0 + 51 * MIN, T0 + 60 * MIN).length > 50);
  });

  it('keeps a pinned window past the retention until it is unpinned', () => {
    const history = new CallHistory({ retainMs: 10 * MIN });
    history.pin('incident', T0 + 5 * MIN, T0 + 7 * MIN);
    minutesOfCalls(history, 60);
    assert.equal(history.between(T0 + 5 * MIN, T0 + 7 * MIN).length, 13);
    assert.equal(history.between(T0 + 20 * MIN, T0 + 30 * MIN).length, 0);
    history.unpin('incident');
    history.add([call(T0 + 61 * MIN)]);
    assert.equal(history.between(T0, T0 + 40 * MIN).length, 0);
  });

  it('lets a pin lapse once the latest call passes its end of life', () => {
    const history = new CallHistory({ retainMs: 10 * MIN });
    history.pin('resolved incident', T0 + 5 * MIN, T0 + 7 * MIN, T0 + 30 * MIN);
    minutesOfCalls(history, 25);
    assert.equal(history.between(T0 + 5 * MIN, T0 + 7 * MIN).length, 13);
    minutesOfCalls(history, 32);
    assert.equal(history.between(T0 + 5 * MIN, T0 + 7 * MIN).length, 0);
  });

  it('past its bound on calls, lets the oldest minutes go, pinned or not', () => {
    const history = new CallHistory({ retainMs: 60 * MIN, maxCalls: 60 });
    history.pin('incident', T0, T0 + 2 * MIN);
    minutesOfCalls(history, 20);
    assert.ok(history.size <= 60);
    assert.equal(history.between(T0, T0 + 2 * MIN).length, 0);
    assert.equal(history.between(T0 + 19 * MIN, T0 + 20 * MIN).length, 6);
  });
});
