import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportResponse, statusResponse } from './responses.js';
import { WireReader } from '../protobuf/reader.js';

describe('exportResponse', () => {
  it('names the rejected count per signal in JSON, as an int64 string', () => {
    const bodies = (['traces', 'metrics', 'logs'] as const).map((signal) => JSON.parse(exportResponse(signal, 'json', 2, 'why').body as string) as unknown);
    assert.deepEqual(bodies, [
      { partialSuccess: { rejectedSpans: '2', errorMessage: 'why' } },
      { partialSuccess: { rejectedDataPoints: '2', errorMessage: 'why' } },
      { partialSuccess: { rejectedLogRecords: '2', errorMessage: 'why' } },
    ]);
    assert.equal(exportResponse('logs', 'json', 0, '').body, '{}');
  });

  it('is empty in protobuf when everything was accepted', () => {
    const response = exportResponse('traces', 'protobuf', 0, '');
    assert.deepEqual([response.contentType, (response.body as Buffer).length], ['application/x-protobuf', 0]);
  });
});

describe('statusResponse', () => {
  it('encodes google.rpc.Status with the gRPC code of the HTTP status', () => {
    const error = { error: { code: 'OPS_ERR_OVERLOADED' as const, message: 'behind', retryable: true } };
    const reader = new WireReader(statusResponse('protobuf', 429, error).body as Buffer);
    assert.equal(reader.tag(), 8);
    assert.equal(reader.uint32(), 8);
    assert.equal(reader.tag(), 18);
    assert.equal(reader.string('message'), 'OPS_ERR_OVERLOADED: behind');
  });
});
