import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FamilyType } from './metric-kind.js';
import { MetadataTypes, kindFromName, kindOf } from './metric-kind.js';

const typesOf = (entries: Record<string, FamilyType>) => (family: string) => entries[family];
const none = () => undefined;

describe('kindOf', () => {
  it('treats _total, _count, _sum and _bucket as counters by name', () => {
    for (const name of ['a_total', 'a_count', 'a_sum', 'a_bucket']) assert.equal(kindFromName(name), 'counter');
    assert.equal(kindOf('node_load1', none), 'gauge');
  });
  it('follows a declared counter without a counter suffix', () => assert.equal(kindOf('jobs_done', typesOf({ jobs_done: 'counter' })), 'counter'));
  it('follows a declared gauge even with a counter-like suffix', () => assert.equal(kindOf('queue_count', typesOf({ queue_count: 'gauge' })), 'gauge'));
  it('reads histogram children as counters', () => {
    const types = typesOf({ lat: 'histogram' });
    assert.equal(kindOf('lat_bucket', types), 'counter');
    assert.equal(kindOf('lat_sum', types), 'counter');
  });
  it('reads summary quantiles as gauges and _count/_sum as counters', () => {
    const types = typesOf({ rpc: 'summary' });
    assert.equal(kindOf('rpc', types), 'gauge');
    assert.equal(kindOf('rpc_count', types), 'counter');
  });
  it('finds a counter family declared without _total (OpenMetrics)', () => assert.equal(kindOf('reqs_total', typesOf({ reqs: 'counter' })), 'counter'));
  it('falls back to the name for untyped families', () => assert.equal(kindOf('x_total', typesOf({ x_total: 'untyped' })), 'counter'));
});

describe('MetadataTypes', () => {
  it('learns prompb metric types and forgets the oldest past its capacity', () => {
    const types = new MetadataTypes(2);
    types.learn([{ type: 1, family: 'a' }, { type: 2, family: 'b' }, { type: 99, family: 'bad' }]);
    assert.equal(types.lookup('a'), 'counter');
    types.learn([{ type: 5, family: 'c' }]);
    assert.equal(types.lookup('a'), undefined);
    assert.equal(types.lookup('b'), 'gauge');
    assert.equal(types.lookup('c'), 'summary');
  });
});
