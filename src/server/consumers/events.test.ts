import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '../../signals/index.js';
import type { Applied } from '../pipeline.js';
import { EventBatcher } from './events.js';

const event = (id: string) => ({ id }) as Event;
const applied: Applied = { duplicate: false, kind: 'alert', transition: 'firing' };

describe('EventBatcher', () => {
  it('applies the events submitted in one turn together, in one call', async () => {
    const calls: string[][] = [];
    const batcher = new EventBatcher((events) => {
      calls.push(events.map((e) => e.id));
      return Promise.resolve(events.map(() => applied));
    });
    await Promise.all([batcher.submit(event('a')), batcher.submit(event('b')), batcher.submit(event('c'))]);
    await batcher.submit(event('d'));
    assert.deepEqual(calls, [['a', 'b', 'c'], ['d']]);
  });

  it('retries each event alone when the batch fails, so one bad event does not hold back the others', async () => {
    const batcher = new EventBatcher((events) => (events.some((e) => e.id === 'bad')
      ? Promise.reject(new Error('constraint'))
      : Promise.resolve(events.map(() => applied))));
    const outcomes = await Promise.allSettled([batcher.submit(event('a')), batcher.submit(event('bad')), batcher.submit(event('c'))]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
  });
});
