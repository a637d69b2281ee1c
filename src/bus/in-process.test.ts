import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus } from './in-process.js';
import { partitionOf } from './types.js';
import type { Delivery } from './types.js';
import { storeTargets } from '../store/testing.js';

const sqlite = storeTargets[0];

function collector() {
  const seen: string[] = [];
  return { seen, handler: async (delivery: Delivery<string>) => { seen.push(delivery.payload); await delivery.ack(); } };
}

describe('partitionOf', () => {
  it('maps a key to the same partition every time, within range', () => {
    assert.equal(partitionOf('service:checkout', 16), partitionOf('service:checkout', 16));
    for (const key of ['a', 'b', 'host:db-1', '']) assert.ok(partitionOf(key, 7) < 7);
  });
});

describe('InProcessBus', () => {
  it('delivers every message to every consumer, in order per key', async () => {
    const bus = new InProcessBus<Record<string, string>>();
    const first = collector();
    const second = collector();
    const a = await bus.subscribe('t', 'one', first.handler);
    const b = await bus.subscribe('t', 'two', second.handler);
    await bus.publish('t', [1, 2, 3, 4].map((n) => ({ id: `m${n}`, key: 'k', payload: `p${n}` })));
    await Promise.all([a.drained(), b.drained()]);
    assert.deepEqual(first.seen, ['p1', 'p2', 'p3', 'p4']);
    assert.deepEqual(second.seen, ['p1', 'p2', 'p3', 'p4']);
    await bus.close();
  });

  it('redelivers a message whose handler failed, before the next one of its partition', async () => {
    const failures: string[] = [];
    const bus = new InProcessBus<Record<string, string>>({ backoffMs: 1, partitions: 1, onError: (error, delivery, consumer) => failures.push(`${consumer}:${delivery.id}:${(error as Error).message}`) });
    const attempts: string[] = [];
    const sub = await bus.subscribe('t', 'c', async (delivery) => {
      attempts.push(`${delivery.payload}#${delivery.attempt}`);
      if (delivery.payload === 'a' && delivery.attempt === 1) throw new Error('transient');
      await delivery.ack();
    });
    await bus.publish('t', [{ id: '1', key: 'x', payload: 'a' }, { id: '2', key: 'y', payload: 'b' }]);
    await sub.drained();
    assert.deepEqual(attempts, ['a#1', 'a#2', 'b#1']);
    assert.deepEqual(failures, ['c:1:transient']);
    await bus.close();
  });

  it('redelivers a message neither acked nor naked within the ack wait', async () => {
    const bus = new InProcessBus<Record<string, string>>({ ackWaitMs: 5 });
    let calls = 0;
    const sub = await bus.subscribe('t', 'c', async (delivery) => {
      calls++;
      if (delivery.attempt > 1) await delivery.ack();
    });
    await bus.publish('t', [{ id: '1', key: 'x', payload: 'never acknowledged' }]);
    await sub.drained();
    assert.equal(calls, 2);
    await bus.close();
  });

  it('replays journaled messages a consumer had not acknowledged when the process stopped', async () => {
    const location = await sqlite!.create();
    const store = await location.open();
    const bus = new InProcessBus<Record<string, string>>({ journal: store.journal });
    const acked = collector();
    const ackedSub = await bus.subscribe('t', 'fast', acked.handler);
    await bus.subscribe('t', 'stuck', () => new Promise(() => undefined));
    await bus.publish('t', [{ id: '1', key: 'a', payload: 'one' }, { id: '2', key: 'b', payload: 'two' }]);
    await ackedSub.drained();
    await bus.close();
    await store.close();

    const reopened = await location.open();
    const again = new InProcessBus<Record<string, string>>({ journal: reopened.journal });
    const fast = collector();
    const stuck = collector();
    const fastSub = await again.subscribe('t', 'fast', fast.handler);
    const stuckSub = await again.subscribe('t', 'stuck', stuck.handler);
    await Promise.all([fastSub.drained(), stuckSub.drained()]);
    assert.deepEqual(fast.seen, []);
    assert.deepEqual(stuck.seen.sort(), ['one', 'two']);
    assert.equal(await again.compact(), 2);
    await again.close();
    await reopened.close();
    await location.dispose();
  });
});
