import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeExport } from './decode.js';
import { logsSignal, tracesSignal } from './signals.js';
import { syntheticLogsBody, syntheticSpansBody } from './synthetic.js';

describe('synthetic bodies for load generation', () => {
  it('encodes N valid spans over the services, with distinct ids across batches', () => {
    const first = decodeExport(tracesSignal, 'protobuf', syntheticSpansBody(100, { services: 4 }));
    const second = decodeExport(tracesSignal, 'protobuf', syntheticSpansBody(100, { services: 4, firstIndex: 100 }));
    assert.deepEqual([first.items.length, first.rejections.count], [100, 0]);
    assert.equal(new Set(first.items.map((span) => span.entityId)).size, 4);
    const ids = new Set([...first.items, ...second.items].map((span) => span.spanId));
    assert.equal(ids.size, 200);
    assert.ok(first.items.some((span) => span.parentSpanId !== undefined && span.status === 'error'));
  });

  it('encodes N valid log records at the given start time', () => {
    const { items, rejections } = decodeExport(logsSignal, 'protobuf', syntheticLogsBody(50, { startMs: Date.UTC(2025, 5, 1) }));
    assert.deepEqual([items.length, rejections.count, items[0]?.time], [50, 0, Date.UTC(2025, 5, 1)]);
  });
});
