import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withHealth } from './health.js';

describe('withHealth', () => {
  it('gives each node the worst severity firing on it, ok when nothing fires', () => {
    const view = { asOf: 0, edges: [], nodes: ['service:a', 'service:b'].map((id) => ({ id, kind: 'service' as const, name: id.slice(8), health: 'unknown' as const })) };
    const firing = [{ entityId: 'service:a', severity: 'warning' as const }, { entityId: 'service:a', severity: 'critical' as const }, { entityId: 'service:c', severity: 'error' as const }];
    assert.deepEqual(withHealth(view, firing).nodes.map((node) => [node.id, node.health]), [['service:a', 'critical'], ['service:b', 'ok']]);
  });
});
