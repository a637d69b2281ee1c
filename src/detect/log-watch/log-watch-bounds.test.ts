/** Tests that log intelligence stays bounded however many entities send logs: the cap, its eviction order, and the alerts of evicted entities. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, LogRecord } from '../../signals/index.js';
import { LogWatch } from './log-watch.js';

const T0 = Date.UTC(2026, 2, 1);
let ids = 0;
const newId = () => `e${++ids}`;

function line(entityId: string, second: number, body = `worker started in ${second % 9}ms`): LogRecord {
  return { entityId, time: T0 + second * 1000, severity: 'error', body, attributes: {} };
}

const entityIdsOf = (watch: LogWatch) => new Set(watch.templates().map((t) => t.entityId));
const keysOf = (events: readonly Event[], status: Event['status']) => new Set(events.filter((e) => e.status === status).map((e) => e.dedupKey));

describe('LogWatch entity cap', () => {
  it('tracks at most maxEntities of 50,000, forgets the least recent first, and resolves what they had firing', () => {
    // No warm-up: every entity's first line fires a NewLogTemplate alert, so each evicted entity has one to resolve.
    const watch = new LogWatch({ maxEntities: 1000, anomalies: { warmupMs: 0 } }, newId, () => T0);
    const events: Event[] = [];
    for (let batch = 0; batch < 50; batch += 1) {
      const records = Array.from({ length: 1000 }, (_, i) => line(`app:${batch * 1000 + i}`, batch));
      events.push(...watch.observe(records).events);
      assert.ok(watch.entityCount <= 1000, `tracking ${watch.entityCount}`);
      assert.ok(entityIdsOf(watch).size <= 1000, 'the miner holds more entities than the cap');
    }
    assert.equal(watch.entityCount, 1000);
    const kept = entityIdsOf(watch);
    assert.ok(kept.has('app:49999') && kept.has('app:49000'), 'the most recent are kept');
    assert.ok(!kept.has('app:0') && !kept.has('app:48999'), 'the least recent are forgotten');
    const fired = keysOf(events, 'firing');
    const resolved = keysOf(events, 'resolved');
    assert.equal(fired.size, 50_000);
    assert.equal(resolved.size, 49_000, 'every evicted entity\'s alert is resolved, and only those');
    for (const key of resolved) assert.ok(fired.has(key));
    const entityOfKey = (key: string | undefined) => key?.split(':').slice(1, 3).join(':') ?? '';
    assert.ok([...resolved].every((key) => !kept.has(entityOfKey(key))), 'a kept entity\'s alert was resolved');
    const resolvedEvent = events.find((e) => e.status === 'resolved');
    assert.ok(resolvedEvent !== undefined && (resolvedEvent.endsAt ?? 0) >= (resolvedEvent.startsAt ?? Infinity));
  });

  it('evicts the least recently seen entity, not the first seen', () => {
    const watch = new LogWatch({ maxEntities: 3 }, newId);
    watch.observe([line('a', 0), line('b', 1), line('c', 2), line('a', 3), line('d', 4)]);
    assert.deepEqual([...entityIdsOf(watch)].sort(), ['a', 'c', 'd']);
  });

  it('starts an evicted entity afresh when it comes back: new templates, a new warm-up', () => {
    const watch = new LogWatch({ maxEntities: 1, anomalies: { warmupMs: 60_000 } }, newId);
    watch.observe([line('a', 0), line('a', 120)]);
    assert.equal(watch.observe([line('a', 121, 'a line never seen before')]).events.length, 1, 'after warm-up a new line alerts');
    watch.observe([line('b', 122)]);
    const back = watch.observe([line('a', 123, 'another line never seen before')]);
    assert.deepEqual(back.events.filter((e) => e.status === 'firing'), [], 'a returning entity warms up again');
    assert.deepEqual(watch.templates('a').map((t) => t.template), ['another line never seen before']);
  });
});
