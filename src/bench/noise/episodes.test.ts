import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event } from '../../signals/index.js';
import { EpisodeTracker } from './episodes.js';

function alert(dedupKey: string, status: 'firing' | 'resolved', time: number, startsAt = time): Event {
  return { id: `${dedupKey}${time}`, source: 'test', kind: 'alert', entityId: 'pod', severity: 'warning', title: 't', labels: {}, annotations: {}, time, receivedAt: 0, status, startsAt, dedupKey };
}

void describe('EpisodeTracker', () => {
  void it('starts an episode on a firing key not already firing, not on escalations, and again after it resolved', () => {
    const tracker = new EpisodeTracker();
    const first = tracker.observe([alert('a', 'firing', 10), alert('a', 'firing', 20, 10), alert('b', 'firing', 25)]);
    assert.deepEqual(first.map((e) => [e.dedupKey, e.start]), [['a', 10], ['b', 25]]);
    assert.deepEqual(tracker.observe([alert('a', 'firing', 30, 10)]), []);
    const again = tracker.observe([alert('a', 'resolved', 40, 10), alert('a', 'firing', 50)]);
    assert.deepEqual(again.map((e) => [e.dedupKey, e.start]), [['a', 50]]);
  });

  void it('ignores events that are not alerts with a dedup key', () => {
    const change: Event = { ...alert('c', 'firing', 1), kind: 'change' };
    const keyless: Event = { ...alert('d', 'firing', 1) };
    delete keyless.dedupKey;
    assert.deepEqual(new EpisodeTracker().observe([change, keyless]), []);
  });
});
