import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { genericEventSchema } from './payload.js';
import { normalizeGenericEvents } from './normalize.js';

const context = { receivedAt: Date.UTC(2026, 0, 1, 12), newId: () => 'id' };

describe('normalizeGenericEvents', () => {
  it('turns a minimal alert into a firing alert event at the time of receipt', () => {
    const [event] = normalizeGenericEvents(genericEventSchema.parse({ title: 'Queue backlog', entity: 'service:billing' }), context);
    assert.equal(event?.kind, 'alert');
    assert.equal(event?.status, 'firing');
    assert.equal(event?.entityId, 'service:billing');
    assert.equal(event?.severity, 'warning');
    assert.equal(event?.time, context.receivedAt);
    assert.deepEqual(event?.labels, { alertname: 'Queue backlog', entity: 'service:billing' });
  });

  it('resolves the entity from resource attributes and normalises severity words', () => {
    const input = genericEventSchema.parse({ kind: 'change', title: 'deploy v1.4.2', severity: 'p1', time: '2026-01-01T09:00:00Z',
      resource: { 'k8s.pod.name': 'web-7d9', 'k8s.namespace.name': 'shop' }, labels: { version: '1.4.2' } });
    const [event] = normalizeGenericEvents({ events: [input] }, context);
    assert.equal(event?.entityId, 'pod:shop/web-7d9');
    assert.equal(event?.severity, 'critical');
    assert.equal(event?.status, undefined);
    assert.equal(event?.time, Date.parse('2026-01-01T09:00:00Z'));
    assert.deepEqual(event?.labels, { version: '1.4.2' });
  });

  it('rejects unknown fields and unknown severity words by name', () => {
    const typo = genericEventSchema.safeParse({ title: 'x', severty: 'critical' });
    assert.equal(typo.success, false);
    assert.match(JSON.stringify(typo.error?.issues), /severty/);
    const word = genericEventSchema.safeParse({ title: 'x', severity: 'bad' });
    assert.deepEqual(word.error?.issues[0]?.path, ['severity']);
  });
});
