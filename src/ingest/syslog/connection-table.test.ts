import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionTable } from './connection-table.js';

const connection = (peer: string, idleMs: number) => ({ peer, idleMs });

describe('ConnectionTable', () => {
  it('refuses a peer at its cap and admits others', () => {
    const table = new ConnectionTable({ maxConnections: 10, maxConnectionsPerPeer: 2 });
    table.add(connection('a', 0));
    table.add(connection('a', 0));
    assert.deepEqual(table.admit('a'), { admit: false });
    assert.deepEqual(table.admit('b'), { admit: true, evict: undefined });
  });

  it('names the idlest connection to close when full', () => {
    const table = new ConnectionTable({ maxConnections: 3, maxConnectionsPerPeer: 3 });
    const idlest = connection('a', 900);
    for (const added of [connection('a', 10), idlest, connection('b', 50)]) table.add(added);
    assert.deepEqual(table.admit('c'), { admit: true, evict: idlest });
  });

  it('frees a peer\'s share when its connection is removed, once', () => {
    const table = new ConnectionTable({ maxConnections: 3, maxConnectionsPerPeer: 1 });
    const only = connection('a', 0);
    table.add(only);
    table.remove(only);
    table.remove(only);
    assert.equal(table.size, 0);
    assert.equal(table.countOf('a'), 0);
    assert.deepEqual(table.admit('a'), { admit: true, evict: undefined });
  });
});
